/// Which registrator build registers the apps (reference §6.5): `master` writes the
/// SERVICE_* attributes into ServiceMeta (PR #620), `latest` (v7) does not (registrator#633),
/// which leaves Pilot without the protocol and makes it treat port 9080 as TCP.
public enum RegistratorFlavor: String, Sendable, CaseIterable {
    case master
    case latest
}

/// The registration registrator builds for a Bookinfo container: ID
/// `shakedown:<service>-<version>:9080`, Name from SERVICE_NAME, Tags from SERVICE_TAGS
/// (comma-separated, default `version|<version>`), the pod address and port 9080, and with
/// `master` Meta `{"protocol": SERVICE_PROTOCOL or "http"}`.
public enum BookinfoRegistration {
    public static let servicePort = 9080

    public static func make(
        service: String, version: String, address: String, flavor: RegistratorFlavor, environment: [String: String] = [:]
    ) -> ConsulServiceRegistration {
        let name = environment["SERVICE_\(servicePort)_NAME"] ?? environment["SERVICE_NAME"] ?? service
        let tags = environment["SERVICE_TAGS"].map { $0.split(separator: ",").map(String.init) } ?? ["version|\(version)"]
        let meta: [String: String]? = flavor == .master ? ["protocol": environment["SERVICE_PROTOCOL"] ?? "http"] : nil
        return ConsulServiceRegistration(
            id: "shakedown:\(service)-\(version):\(servicePort)", name: name, tags: tags, address: address, port: servicePort,
            meta: meta)
    }
}
