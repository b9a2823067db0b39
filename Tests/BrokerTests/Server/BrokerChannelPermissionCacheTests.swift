import AMQP
import NIOCore
import Testing

@testable import Broker

/// basic.publish's permission checks go through the channel's cache (rabbit_channel's): a
/// revoked permission keeps working on a channel that used it, until the channel has been
/// idle for a second (RabbitMQ clears the cache when the channel process hibernates).
@Suite struct BrokerChannelPermissionCacheTests {
    private func publish(_ client: EmbeddedClient) throws -> [Method] {
        try client.send(Command(
            channel: 1, method: .basic(.publish(.init(exchange: "", routingKey: "nowhere"))),
            content: Content(properties: BasicProperties(), body: ByteBuffer(string: "m"))))
        return try client.methods()
    }

    @Test func aRevokedWritePermissionLastsUntilTheChannelIdles() throws {
        let clock = ManualClock()
        let access = AccessControl()
        let client = try EmbeddedClient(access: access, state: BrokerState(clock: clock))
        try client.handshake()
        try client.openChannel()
        try client.send(.confirm(.select()), channel: 1)
        _ = try client.methods()
        #expect(try publish(client) == [.basic(.ack(deliveryTag: 1, multiple: false))])

        try access.setPermission(UserPermission(user: "guest", vhost: "/", configure: ".*", write: "", read: ".*"))
        clock.advance(by: 900)
        #expect(try publish(client) == [.basic(.ack(deliveryTag: 2, multiple: false))])

        clock.advance(by: 1000)
        let refused = try publish(client)
        guard case .channel(.close(let close)) = refused.first else {
            Issue.record("expected channel.close, got \(refused)")
            return
        }
        #expect(close.replyCode == 403)
        #expect(close.replyText == "ACCESS_REFUSED - access to exchange 'amq.default' in vhost '/' refused for user 'guest'")
    }
}
