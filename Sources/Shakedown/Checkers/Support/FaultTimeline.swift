/// Which nodes were down (killed or paused) and how the network was split, from one nemesis
/// event to the next.
struct FaultTimeline {
    struct World {
        var down: Set<String> = []
        /// The sides of the current partition; nil when the network is whole.
        var groups: [Set<String>]?
    }

    struct Segment {
        var start: Int64
        var world: World
        /// The event that began it; nil for the state before any fault.
        var event: FaultEvent?
    }

    /// In time order; the first begins at `Int64.min` with nothing down.
    let segments: [Segment]

    init(faults: [FaultEvent], nodes: [String]) {
        var world = World()
        var segments = [Segment(start: .min, world: world, event: nil)]
        for fault in faults {
            switch fault.f {
            case "kill", "pause": world.down.formUnion(fault.nodes)
            case "resume", "restart": world.down.subtract(fault.nodes)
            case "partition": world.groups = fault.partitionGroups(known: nodes)
            case "heal": world.groups = nil
            default: continue
            }
            segments.append(Segment(start: fault.time, world: world, event: fault))
        }
        self.segments = segments
    }

    /// Segments overlapping [from, to).
    func segments(from: Int64, to: Int64) -> [Segment] {
        segments.indices.filter { index in
            let end = index + 1 < segments.count ? segments[index + 1].start : .max
            return segments[index].start < to && end > from
        }.map { segments[$0] }
    }
}

extension FaultTimeline.World {
    /// The side on which more than half of `masters` are up together, if any.
    func majoritySide(of masters: Set<String>, nodes: [String]) -> Set<String>? {
        let sides = groups ?? [Set(nodes).union(masters)]
        return sides.first { side in upCount(of: masters, on: side) * 2 > masters.count }
    }

    /// The most of `masters` that are up on one side.
    func largestUp(of masters: Set<String>, nodes: [String]) -> Int {
        (groups ?? [Set(nodes).union(masters)]).map { upCount(of: masters, on: $0) }.max() ?? 0
    }

    func isUp(_ node: String, on side: Set<String>) -> Bool { !down.contains(node) && side.contains(node) }

    private func upCount(of masters: Set<String>, on side: Set<String>) -> Int {
        masters.filter { isUp($0, on: side) }.count
    }
}
