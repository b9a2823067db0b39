/// Where a connection is in its life, as rabbit_reader's `connection_state`.
enum ConnectionPhase: Equatable {
    /// Waiting for the eight-octet protocol header.
    case awaitingHeader
    /// connection.start sent; waiting for start-ok.
    case starting
    /// connection.tune sent; waiting for tune-ok.
    case tuning
    /// Tuned; waiting for connection.open.
    case opening
    case running
    /// The server sent connection.close; only close-ok (or close) counts from now on.
    case closing
    /// A handshake failed or a fatal frame error came: nothing more is read, and the socket
    /// closes after the silent-close delay.
    case silentlyClosing
    case closed

    /// rabbit_reader's name for the state in "unexpected method in connection state X".
    var rabbitName: String {
        switch self {
        case .awaitingHeader, .starting: "starting"
        case .tuning: "tuning"
        case .opening: "opening"
        case .running: "running"
        case .closing, .silentlyClosing, .closed: "closing"
        }
    }
}
