import Capture
import Foundation

/// A `replay:` scenario: a fixture capture replayed against the system under test (its first
/// master; RESP replay follows MOVED/ASK across the cluster), every reply compared with the
/// captured one, and the scenario failed past `max-divergences`.
public struct ReplaySpec: Sendable {
    /// Resolved against the suite file's folder.
    public var capture: String
    public var `protocol`: ApplicationProtocol?
    public var speed: ReplaySpeed
    public var ordering: ReplayOrdering
    public var ignore: [String]
    public var maxDivergences: Int

    static let keys = ["capture", "protocol", "speed", "order", "ignore", "max-divergences"]

    init(parameters: Parameters) throws {
        try parameters.allow(Self.keys)
        guard let path = try parameters.string("capture") else {
            throw parameters.error("capture", "a replay needs a capture file", suggestion: "capture: ../../Fixtures/pcap/NAME.pcap")
        }
        let folder = (parameters.file as NSString).deletingLastPathComponent
        capture = path.hasPrefix("/") ? path : ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(path)
        guard FileManager.default.isReadableFile(atPath: capture) else {
            throw parameters.error("capture", "cannot read \(capture)", suggestion: "paths are relative to the suite file")
        }
        do {
            `protocol` = try ReplayArguments.applicationProtocol(try parameters.string("protocol") ?? "auto")
            speed = try ReplayArguments.speed(try parameters.string("speed") ?? "max")
        } catch let invalid as ReplayArguments.Invalid {
            throw parameters.error(invalid.description)
        }
        let order = try parameters.choice("order", among: ["capture", "connection"]) ?? "capture"
        ordering = order == "connection" ? .perConnection : .capture
        ignore = try (parameters.list("ignore") ?? []).map { entry in
            guard let text = entry.node.scalar?.string, !text.isEmpty else {
                throw SuiteError(
                    location: Parameters.location(of: entry.node, file: parameters.file), key: entry.path,
                    message: "an ignore rule is a command, field or header:NAME")
            }
            return text
        }
        maxDivergences = try parameters.int("max-divergences", in: 0...1_000_000) ?? 0
        try parameters.finish()
    }

    public var summary: String {
        "\((capture as NSString).lastPathComponent), speed \(speed), order \(ordering == .capture ? "capture" : "connection"), "
            + "at most \(maxDivergences) divergence\(maxDivergences == 1 ? "" : "s")"
    }
}
