import AMQP

/// The capabilities a client announces in start-ok's client-properties that change what the
/// server sends it.
struct ClientCapabilities: Equatable {
    /// A refused login gets connection.close 403 before the socket closes.
    var authenticationFailureClose = false
    /// A consumer whose queue goes away gets basic.cancel.
    var consumerCancelNotify = false
    /// The client understands connection.blocked / unblocked.
    var connectionBlocked = false

    init() {}

    init(clientProperties: FieldTable) {
        guard case .table(let table)? = clientProperties["capabilities"] else { return }
        func flag(_ name: String) -> Bool {
            if case .boolean(true)? = table[name] { return true }
            return false
        }
        authenticationFailureClose = flag("authentication_failure_close")
        consumerCancelNotify = flag("consumer_cancel_notify")
        connectionBlocked = flag("connection.blocked")
    }
}
