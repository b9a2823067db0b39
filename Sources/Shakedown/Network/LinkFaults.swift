/// The faults in force on the links between nodes, as one value: which directed links lose
/// traffic (probability 1 is a cut) and which are delayed. Backends apply a whole value, so
/// every verb (partition, isolate, drop, delay, heal) is a change to it, and a backend never
/// has to merge its own state with a request.
///
/// Links that are not mentioned carry traffic normally. The runner's own clients are never
/// nodes, so no value here can cut them off.
public struct LinkFaults: Sendable, Hashable {
    /// Probability in (0, 1] that traffic on the link is lost; 1 cuts it.
    public private(set) var loss: [Link: Double] = [:]
    /// Extra latency on the link.
    public private(set) var delays: [Link: Duration] = [:]

    public init() {}

    public var isEmpty: Bool { loss.isEmpty && delays.isEmpty }

    /// Links that carry nothing.
    public var cuts: Set<Link> { Set(loss.filter { $0.value >= 1 }.keys) }

    /// Every node a fault names.
    public var nodes: Set<String> {
        Set(loss.keys.flatMap { [$0.from, $0.to] } + delays.keys.flatMap { [$0.from, $0.to] })
    }

    /// Cuts `links` (in the directions given), on top of what is in force.
    public func cutting(_ links: Set<Link>) -> LinkFaults {
        var next = self
        for link in links where link.from != link.to { next.loss[link] = 1 }
        return next
    }

    /// Sets the loss probability of one directed link (0 removes it).
    public func losing(_ probability: Double, on link: Link) throws -> LinkFaults {
        guard probability.isFinite, (0...1).contains(probability) else {
            throw NetworkError.invalid("drop probability \(probability) is not between 0 and 1")
        }
        guard link.from != link.to else { throw NetworkError.invalid("\(link) is a node's link to itself") }
        var next = self
        next.loss[link] = probability == 0 ? nil : probability
        return next
    }

    /// Sets the extra latency of one directed link (zero removes it).
    public func delaying(_ link: Link, by delay: Duration) throws -> LinkFaults {
        guard delay >= .zero else { throw NetworkError.invalid("delay \(delay) is negative") }
        guard link.from != link.to else { throw NetworkError.invalid("\(link) is a node's link to itself") }
        var next = self
        next.delays[link] = delay == .zero ? nil : delay
        return next
    }

    /// Loss probability of `link` (0 when it is not faulty).
    public func lossProbability(_ link: Link) -> Double { loss[link] ?? 0 }

    /// Extra latency of `link` (zero when none).
    public func delay(_ link: Link) -> Duration { delays[link] ?? .zero }
}

extension LinkFaults: CustomStringConvertible {
    /// For the history and logs: "cut n1<->n2 n3->n1; loss n1->n2 20%; delay n2->n3 50ms", or
    /// "none". A cut in both directions prints once, as a<->b.
    public var description: String {
        var parts: [String] = []
        let cuts = cuts
        if !cuts.isEmpty {
            var words: [String] = []
            for link in cuts.sorted() {
                if cuts.contains(link.reversed) {
                    if link < link.reversed { words.append("\(link.from)<->\(link.to)") }
                } else {
                    words.append(link.description)
                }
            }
            parts.append("cut " + words.joined(separator: " "))
        }
        let lossy = loss.filter { $0.value < 1 }
        if !lossy.isEmpty {
            parts.append(
                "loss " + lossy.keys.sorted().map { "\($0) \(Self.percent(lossy[$0]!))" }.joined(separator: " "))
        }
        if !delays.isEmpty {
            parts.append(
                "delay " + delays.keys.sorted().map { "\($0) \(DurationText.format(delays[$0]!))" }
                    .joined(separator: " "))
        }
        return parts.isEmpty ? "none" : parts.joined(separator: "; ")
    }

    private static func percent(_ p: Double) -> String {
        let value = p * 100
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }
}
