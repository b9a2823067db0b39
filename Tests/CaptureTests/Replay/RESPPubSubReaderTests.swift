@testable import Capture
import RESP
import Testing

/// How one side's replies are read with pub/sub in mind, without a server.
struct RESPPubSubReaderTests {
    typealias Confirm = RESPPubSubReplayTests

    static func request(_ name: String, _ channels: Int) throws -> RESPPubSubRequest {
        RESPPubSubRequest(kind: try #require(RESPPubSubRequest.Kind(commandName: name)), named: channels)
    }

    @Test func confirmationsMakeOneAnswerAndMessagesArePushes() throws {
        var reader = RESPPubSubReader()
        let subscribe = try Self.request("SUBSCRIBE", 2)
        #expect(reader.read(.simpleString("OK"), awaiting: nil) == .reply(.simpleString("OK")))
        #expect(reader.read(Confirm.confirmation("subscribe", "a", 1), awaiting: subscribe) == .partOfReply)
        #expect(reader.isSubscribed)
        #expect(reader.read(Confirm.message("a", "x"), awaiting: subscribe) == .push(Confirm.message("a", "x")))
        #expect(
            reader.read(Confirm.confirmation("subscribe", "b", 2), awaiting: subscribe)
                == .reply(.array([Confirm.confirmation("subscribe", "a", 1), Confirm.confirmation("subscribe", "b", 2)])))
        #expect(reader.read(Confirm.message("b", "y"), awaiting: nil) == .push(Confirm.message("b", "y")))
        let all = try Self.request("UNSUBSCRIBE", 0)
        #expect(reader.read(Confirm.confirmation("unsubscribe", "b", 1), awaiting: all) == .partOfReply)
        #expect(
            reader.read(Confirm.confirmation("unsubscribe", "a", 0), awaiting: all)
                == .reply(.array([Confirm.confirmation("unsubscribe", "a", 1), Confirm.confirmation("unsubscribe", "b", 0)])))
        #expect(!reader.isSubscribed && !reader.isActive)
        // Subscribed to nothing: one confirmation naming no channel.
        let none = Confirm.confirmation("unsubscribe", nil, 0)
        #expect(reader.read(none, awaiting: all) == .reply(none))
        // Not subscribed, a message-shaped reply is an ordinary reply.
        #expect(reader.read(Confirm.message("c", "z"), awaiting: nil) == .reply(Confirm.message("c", "z")))
    }

    @Test func anErrorAnswersASubscribeAlone() throws {
        var reader = RESPPubSubReader()
        let error = RESPValue.error("NOPERM this user has no permissions to access one of the channels")
        #expect(reader.read(error, awaiting: try Self.request("SSUBSCRIBE", 3)) == .reply(error))
        #expect(!reader.isActive)
        // RESP3: a push is a push whatever the state, a confirmation push answers the request.
        let confirmation = RESPValue.push([.bulk("psubscribe"), .bulk("p*"), .integer(1)])
        #expect(reader.read(confirmation, awaiting: try Self.request("PSUBSCRIBE", 1)) == .reply(confirmation))
        let invalidate = RESPValue.push([.bulk("invalidate"), .array([.bulk("k")])])
        #expect(reader.read(invalidate, awaiting: nil) == .push(invalidate))
    }

    @Test func stateCommandsAreRecognisedAndKeptInOrder() {
        #expect(RESPConnectionSetup.kind(name: "GET", subcommand: "k") == nil)
        #expect(RESPConnectionSetup.kind(name: "CLIENT", subcommand: "LIST") == nil)
        #expect(RESPConnectionSetup.kind(name: "CLIENT", subcommand: "SETNAME") == .clientName)
        #expect(RESPPubSubRequest.Kind(commandName: "GET") == nil)
        #expect(RESPPubSubRequest.Kind(commandName: "PUNSUBSCRIBE") == .punsubscribe)
        var setup = RESPConnectionSetup()
        #expect(setup.isEmpty)
        setup.record(.hello, name: "HELLO", [Array("HELLO".utf8), Array("3".utf8)])
        setup.record(.select, name: "SELECT", [Array("SELECT".utf8), Array("1".utf8)])
        setup.record(.auth, name: "AUTH", [Array("AUTH".utf8), Array("old".utf8)])
        setup.record(.auth, name: "AUTH", [Array("AUTH".utf8), Array("secret".utf8)])
        #expect(setup.commands.map(\.label) == ["AUTH", "HELLO", "SELECT"])
        #expect(setup.commands.first?.arguments.last == Array("secret".utf8))
    }

    @Test func pushesPairInOrderAndLeftoversShowTheMissingSide() {
        var lane = RESPPushLane()
        let first = RESPPushLane.Captured(value: Confirm.message("a", "1"), packetNumber: 7, requestsBefore: 1)
        #expect(lane.addCaptured(first) == nil)
        #expect(lane.missing == 1)
        let pair = lane.addActual(Confirm.message("a", "one"))
        #expect(pair?.number == 1 && pair?.captured?.packetNumber == 7 && pair?.actual == Confirm.message("a", "one"))
        #expect(lane.addActual(Confirm.message("a", "2")) == nil)
        #expect(lane.addActual(Confirm.message("a", "3")) == nil)
        // Two extra pushes from the target, reported with nothing captured beside them.
        let left = lane.takeLeftovers()
        #expect(left.map(\.number) == [2, 3])
        #expect(left.allSatisfy { $0.captured == nil })
        #expect(left.map(\.actual) == [Confirm.message("a", "2"), Confirm.message("a", "3")])
        #expect(lane.missing == 0)
    }

    @Test func resetForgetsTheSetupForNewLinks() {
        var setup = RESPConnectionSetup()
        setup.note(name: "HELLO", subcommand: "3", [Array("HELLO".utf8), Array("3".utf8)])
        setup.note(name: "GET", subcommand: "K", [Array("GET".utf8), Array("k".utf8)])
        #expect(setup.commands.map(\.label) == ["HELLO"])
        setup.note(name: "RESET", subcommand: nil, [Array("RESET".utf8)])
        #expect(setup.commands.isEmpty)
        setup.note(name: "SELECT", subcommand: "2", [Array("SELECT".utf8), Array("2".utf8)])
        #expect(setup.commands.map(\.label) == ["SELECT"])
    }

    @Test func inRESP3OnlyPushesArePushes() throws {
        var reader = RESPPubSubReader()
        let subscribe = try Self.request("SUBSCRIBE", 1)
        let confirmation = RESPValue.push([.bulkString(Array("subscribe".utf8)), .bulkString(Array("a".utf8)), .integer(1)])
        #expect(reader.read(confirmation, awaiting: subscribe) == .reply(confirmation))
        #expect(reader.isSubscribed)
        // LRANGE of a list holding "message", "a", "x": an ordinary reply, not a push.
        let listReply = Confirm.message("a", "x")
        #expect(reader.read(listReply, awaiting: nil) == .reply(listReply))
        let push = RESPValue.push([.bulkString(Array("message".utf8)), .bulkString(Array("a".utf8)), .bulkString(Array("x".utf8))])
        #expect(reader.read(push, awaiting: nil) == .push(push))
    }

    @Test func aSideHoldsAtMostTheLaneLimit() {
        var lane = RESPPushLane()
        for number in 0...RESPPushLane.maxHeld {
            #expect(lane.addActual(Confirm.message("a", "\(number)")) == nil)
        }
        #expect(lane.dropped == 1)
        let first = RESPPushLane.Captured(value: Confirm.message("a", "0"), packetNumber: 3, requestsBefore: 0)
        #expect(lane.addCaptured(first)?.actual == Confirm.message("a", "0"))
        #expect(lane.takeLeftovers().count == RESPPushLane.maxHeld - 1)
    }
}
