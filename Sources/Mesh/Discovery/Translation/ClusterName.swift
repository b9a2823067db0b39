/// Pilot's cluster keys (`model.BuildSubsetKey`): `outbound|9080|v1|reviews.service.consul`,
/// `inbound|9080|http|reviews.service.consul`.
public enum ClusterName {
    public static func outbound(port: Int, subset: String = "", host: String) -> String { "outbound|\(port)|\(subset)|\(host)" }

    /// Inbound clusters carry the port's name where outbound ones carry the subset.
    public static func inbound(port: Int, portName: String, host: String) -> String { "inbound|\(port)|\(portName)|\(host)" }

    /// `model.ParseSubsetKey` for a valid key (four parts, numeric port), else nil.
    public static func parse(_ name: String) -> (direction: String, port: Int, subset: String, host: String)? {
        let parts = name.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, let port = Int(parts[1]) else { return nil }
        return (String(parts[0]), port, String(parts[2]), String(parts[3]))
    }
}
