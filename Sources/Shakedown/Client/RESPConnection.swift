import NIOCore
import RESP

/// One connection to one node: send a command, get its reply or a `RESPClientError`.
/// Requests may be pipelined; each has its own deadline.
public final class RESPConnection: Sendable {
    public let address: String
    private let channel: any Channel

    private init(address: String, channel: any Channel) {
        self.address = address
        self.channel = channel
    }

    public static func connect(
        host: String, port: Int, connector: any NetworkConnector, group: any EventLoopGroup, timeout: Duration
    ) async throws(RESPClientError) -> RESPConnection {
        let address = "\(host):\(port)"
        do {
            let channel = try await connector.connect(host: host, port: port, timeout: timeout, on: group) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(RESPValueDecoder()), MessageToByteHandler(RESPCommandEncoder()),
                        RESPRequestHandler(address: address),
                    ])
                }
            }
            return RESPConnection(address: address, channel: channel)
        } catch {
            throw .connectFailed(address: address, reason: "\(error)")
        }
    }

    public var isActive: Bool { channel.isActive }

    /// Sends one command and waits for its reply (which may be a RESP error value).
    public func send(_ arguments: [String], timeout: Duration) async throws(RESPClientError) -> RESPValue {
        try await send(arguments.map { Array($0.utf8) }, timeout: timeout)
    }

    public func send(_ arguments: [[UInt8]], timeout: Duration) async throws(RESPClientError) -> RESPValue {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        let channel = self.channel
        channel.eventLoop.execute {
            guard let handler = try? channel.pipeline.syncOperations.handler(type: RESPRequestHandler.self) else {
                promise.fail(RESPClientError.connectionClosed(address: self.address))
                return
            }
            let bound = NIOLoopBound(handler, eventLoop: channel.eventLoop)
            let deadline = channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
                bound.value.timeOut(after: timeout)
            }
            promise.futureResult.whenComplete { _ in deadline.cancel() }
            channel.writeAndFlush(RESPRequestHandler.Request(arguments: arguments, promise: promise), promise: nil)
        }
        do {
            return try await promise.futureResult.get()
        } catch let error as RESPClientError {
            throw error
        } catch {
            throw .connectionClosed(address: address)
        }
    }

    public func close() {
        channel.close(promise: nil)
    }
}
