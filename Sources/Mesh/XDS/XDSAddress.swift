/// Envoy's `core.Address` with a socket address, as `/config_dump` prints it:
/// `{"socket_address": {"address": "0.0.0.0", "port_value": 9080}}`.
public struct XDSAddress: Codable, Sendable, Hashable {
    public struct SocketAddress: Codable, Sendable, Hashable {
        public var address: String
        public var portValue: Int

        public init(address: String, portValue: Int) {
            self.address = address
            self.portValue = portValue
        }

        enum CodingKeys: String, CodingKey {
            case address
            case portValue = "port_value"
        }
    }

    public var socketAddress: SocketAddress

    public init(address: String, port: Int) {
        socketAddress = SocketAddress(address: address, portValue: port)
    }

    enum CodingKeys: String, CodingKey {
        case socketAddress = "socket_address"
    }

    /// `address:port`, the form Envoy's `/clusters` and `/listeners` print.
    public var text: String { "\(socketAddress.address):\(socketAddress.portValue)" }
}
