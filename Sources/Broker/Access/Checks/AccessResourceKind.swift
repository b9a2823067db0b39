/// What a permission check is about. Names print as rabbit_misc:rs/1 prints resources in
/// refusal texts: `exchange 'x' in vhost '/'`, `queue 'q' in vhost '/'`.
public enum AccessResourceKind: String, Hashable, Sendable {
    case exchange
    case queue

    func describe(_ name: String, vhost: String) -> String {
        "\(rawValue) '\(name)' in vhost '\(vhost)'"
    }
}
