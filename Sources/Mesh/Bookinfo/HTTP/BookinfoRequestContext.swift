import Hummingbird
import NIOCore

/// Hummingbird's context plus the server-side socket address (WEBrick names it in its error
/// pages when a request has no Host header).
public struct BookinfoRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let localAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        localAddress = source.channel.localAddress
    }
}
