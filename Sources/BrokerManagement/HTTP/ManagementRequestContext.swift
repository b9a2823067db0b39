import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the peer address, which the loopback
/// rule for `guest` needs.
public struct ManagementRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Nil where there is no socket (the router test framework): the loopback rule is skipped.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
