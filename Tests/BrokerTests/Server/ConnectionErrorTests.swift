import AMQP
import NIOCore
import Testing

@testable import Broker

@Suite struct ConnectionErrorTests {
    private func running() throws -> EmbeddedClient {
        let client = try EmbeddedClient()
        try client.handshake()
        return client
    }

    @Test func methodOnUnopenedChannelIsA504ConnectionError() throws {
        let client = try running()
        try client.send(.basic(.qos(.init(prefetchCount: 10))), channel: 5)
        #expect(try client.methods() == [.connection(.close(CloseReason(
            replyCode: 504, replyText: "CHANNEL_ERROR - expected 'channel.open'", classID: 60, methodID: 10)))])
        // Only close-ok counts now; then the socket closes.
        try client.send(.channel(.open()), channel: 1)
        #expect(try client.methods().isEmpty)
        try client.send(.connection(.closeOk))
        client.loop.run()
        #expect(!client.isOpen)
    }

    @Test func secondChannelOpenIsA504() throws {
        let client = try running()
        try client.openChannel(1)
        try client.send(.channel(.open()), channel: 1)
        #expect(try client.methods() == [.connection(.close(CloseReason(
            replyCode: 504, replyText: "CHANNEL_ERROR - second 'channel.open' seen", classID: 20, methodID: 10)))])
    }

    @Test func channelMaxCountsOpenChannels() throws {
        let client = try EmbeddedClient()
        try client.handshake(tune: .init(channelMax: 1, frameMax: 131_072, heartbeat: 0))
        try client.openChannel(1)
        try client.send(.channel(.open()), channel: 2)
        #expect(try client.methods() == [.connection(.close(CloseReason(
            replyCode: 530, replyText: "NOT_ALLOWED - number of channels opened (1) has reached the negotiated channel_max (1)")))])
    }

    @Test func nonConnectionMethodOnChannelZeroIsA504() throws {
        let client = try running()
        try client.send(.queue(.declare(.init(queue: "q"))), channel: 0)
        #expect(try client.methods() == [.connection(.close(CloseReason(
            replyCode: 504, replyText: "CHANNEL_ERROR - unexpected method in connection state running", classID: 50, methodID: 10)))])
    }

    @Test func unknownDeliveryTagClosesTheChannelAndIgnoresItUntilCloseOk() throws {
        let client = try running()
        try client.openChannel(1)
        try client.send(.basic(.ack(deliveryTag: 5)), channel: 1)
        #expect(try client.frames() == [.method(channel: 1, .channel(.close(CloseReason(
            replyCode: 406, replyText: "PRECONDITION_FAILED - unknown delivery tag 5", classID: 60, methodID: 80))))])
        try client.send(.basic(.ack(deliveryTag: 6)), channel: 1)
        #expect(try client.frames().isEmpty)
        try client.send(.channel(.closeOk), channel: 1)
        try client.send(.channel(.open()), channel: 1)
        #expect(try client.frames() == [.method(channel: 1, .channel(.openOk(channelID: [])))])
    }

    @Test func immediatePublishIsA540ConnectionError() throws {
        let client = try running()
        try client.openChannel(1)
        try client.send(Command(
            channel: 1, method: .basic(.publish(.init(routingKey: "q", immediate: true))), content: Content(body: ByteBuffer())))
        #expect(try client.methods() == [.connection(.close(CloseReason(
            replyCode: 540, replyText: "NOT_IMPLEMENTED - immediate=true", classID: 60, methodID: 40)))])
    }

    @Test func badFrameEndIsA501ThenTheSocketClosesAfterTheDelay() throws {
        let client = try running()
        try client.send(bytes: [1, 0, 0, 0, 0, 0, 4, 0, 10, 0, 51, 0])
        #expect(try client.methods() == [.connection(.close(CloseReason(
            replyCode: 501, replyText: "FRAME_ERROR - type 1, all octets = <<0,10,0,51>>: {invalid_frame_end_marker,0}")))])
        #expect(client.isOpen)
        client.loop.advanceTime(by: .seconds(3))
        #expect(!client.isOpen)
    }

    @Test func frameOverFrameMaxIsA501() throws {
        let client = try running()
        try client.send(bytes: [1, 0, 1, 0, 2, 0, 1])  // size 131073: judged from the header alone
        #expect(try client.methods() == [.connection(.close(CloseReason(
            replyCode: 501, replyText: "FRAME_ERROR - type 1, all octets = <<>>: {frame_too_large,131073,131064}")))])
    }

    @Test func contentWithoutMethodIsA505() throws {
        let client = try running()
        try client.openChannel(1)
        try client.send(.body(channel: 1, ByteBuffer(string: "abc")))
        #expect(try client.methods() == [.connection(.close(CloseReason(
            replyCode: 505, replyText: "UNEXPECTED_FRAME - expected method frame, got non method frame instead")))])
    }

    @Test func closingAConnectionRequeuesUnackedAndDropsExclusiveQueues() throws {
        let client = try running()
        try client.openChannel(1)
        try client.send(.queue(.declare(.init(queue: "shared"))), channel: 1)
        try client.send(.queue(.declare(.init(queue: "mine", exclusive: true))), channel: 1)
        try client.send(Command(channel: 1, method: .basic(.publish(.init(routingKey: "shared"))), content: Content(body: ByteBuffer(string: "m"))))
        try client.send(.basic(.get(.init(queue: "shared"))), channel: 1)
        _ = try client.frames()
        let vhost = try #require(client.node.state.virtualHost(named: "/"))
        #expect(vhost.queue(named: "shared")?.messageCount == 0)
        try client.send(.connection(.close(CloseReason(replyCode: 200, replyText: "bye"))))
        #expect(try client.methods() == [.connection(.closeOk)])
        #expect(vhost.queue(named: "shared")?.messageCount == 1)
        try client.channel.close().wait()
        #expect(vhost.queue(named: "mine") == nil)
    }
}
