/// Class `connection` (10): the handshake, tuning, close and RabbitMQ's blocked/update-secret
/// extensions. All travel on channel 0.
public enum ConnectionMethod: Hashable, Sendable {
    case start(Start)  // 10
    case startOk(StartOk)  // 11
    case secure(challenge: [UInt8])  // 20
    case secureOk(response: [UInt8])  // 21
    case tune(Tune)  // 30
    case tuneOk(Tune)  // 31
    case open(Open)  // 40
    case openOk(knownHosts: String)  // 41
    case close(CloseReason)  // 50
    case closeOk  // 51
    case blocked(reason: String)  // 60
    case unblocked  // 61
    case updateSecret(newSecret: [UInt8], reason: String)  // 70
    case updateSecretOk  // 71

    public static let classID: UInt16 = 10

    public var methodID: UInt16 {
        switch self {
        case .start: 10
        case .startOk: 11
        case .secure: 20
        case .secureOk: 21
        case .tune: 30
        case .tuneOk: 31
        case .open: 40
        case .openOk: 41
        case .close: 50
        case .closeOk: 51
        case .blocked: 60
        case .unblocked: 61
        case .updateSecret: 70
        case .updateSecretOk: 71
        }
    }

    public struct Start: Hashable, Sendable {
        public var versionMajor: UInt8
        public var versionMinor: UInt8
        public var serverProperties: FieldTable
        /// Space-separated SASL mechanism names, e.g. `PLAIN AMQPLAIN`.
        public var mechanisms: [UInt8]
        public var locales: [UInt8]

        public init(
            versionMajor: UInt8 = 0, versionMinor: UInt8 = 9, serverProperties: FieldTable = [:],
            mechanisms: [UInt8] = Array("PLAIN AMQPLAIN".utf8), locales: [UInt8] = Array("en_US".utf8)
        ) {
            self.versionMajor = versionMajor
            self.versionMinor = versionMinor
            self.serverProperties = serverProperties
            self.mechanisms = mechanisms
            self.locales = locales
        }
    }

    public struct StartOk: Hashable, Sendable {
        public var clientProperties: FieldTable
        public var mechanism: String
        /// SASL response bytes; for PLAIN `\0user\0password`.
        public var response: [UInt8]
        public var locale: String

        public init(clientProperties: FieldTable = [:], mechanism: String = "PLAIN", response: [UInt8], locale: String = "en_US") {
            self.clientProperties = clientProperties
            self.mechanism = mechanism
            self.response = response
            self.locale = locale
        }
    }

    /// Arguments of both tune and tune-ok; 0 means "no limit" for each.
    public struct Tune: Hashable, Sendable {
        public var channelMax: UInt16
        public var frameMax: UInt32
        /// Seconds.
        public var heartbeat: UInt16

        public init(channelMax: UInt16, frameMax: UInt32, heartbeat: UInt16) {
            self.channelMax = channelMax
            self.frameMax = frameMax
            self.heartbeat = heartbeat
        }
    }

    public struct Open: Hashable, Sendable {
        public var virtualHost: String
        /// Reserved (spec `reserved-1`); clients send "".
        public var capabilities: String
        /// Reserved (spec `reserved-2`); pika sends true.
        public var insist: Bool

        public init(virtualHost: String = "/", capabilities: String = "", insist: Bool = false) {
            self.virtualHost = virtualHost
            self.capabilities = capabilities
            self.insist = insist
        }
    }
}
