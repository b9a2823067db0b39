import Testing

@testable import Shakedown

@Suite struct ConfirmTrackerTests {
    private func published(_ count: Int) -> ConfirmTracker {
        var tracker = ConfirmTracker()
        for expected in 1...UInt64(count) { #expect(tracker.nextSequence() == expected) }
        return tracker
    }

    @Test func multipleAcksSettleEverythingUpToTheirTag() throws {
        var tracker = published(5)
        try tracker.settle(deliveryTag: 3, multiple: true, ack: true)
        #expect(tracker.settledThrough == 3)
        try tracker.settle(deliveryTag: 2, multiple: true, ack: true)  // already covered
        #expect(tracker.settledThrough == 3)
        #expect(tracker.takeNacked(upTo: 5) == [])
    }

    @Test func singleAcksOutOfOrderAdvanceOnlyOverAGaplessRun() throws {
        var tracker = published(4)
        try tracker.settle(deliveryTag: 2, multiple: false, ack: true)
        try tracker.settle(deliveryTag: 4, multiple: false, ack: true)
        #expect(tracker.settledThrough == 0)
        try tracker.settle(deliveryTag: 1, multiple: false, ack: true)
        #expect(tracker.settledThrough == 2)
        try tracker.settle(deliveryTag: 3, multiple: false, ack: true)
        #expect(tracker.settledThrough == 4)
    }

    @Test func aMultipleNackCountsOnlyWhatWasNotSettledBefore() throws {
        var tracker = published(6)
        try tracker.settle(deliveryTag: 2, multiple: false, ack: true)
        try tracker.settle(deliveryTag: 4, multiple: true, ack: false)
        try tracker.settle(deliveryTag: 6, multiple: false, ack: false)
        #expect(tracker.settledThrough == 4)
        #expect(tracker.takeNacked(upTo: 3) == [1, 3])
        #expect(tracker.takeNacked(upTo: 6) == [4, 6])
        #expect(tracker.takeNacked(upTo: 6) == [])
    }

    @Test func aConfirmForAnUnpublishedTagIsTheBrokersError() {
        var tracker = published(2)
        #expect(throws: AMQPClientError.protocolError("basic.ack for delivery tag 3, but only 2 were published")) {
            try tracker.settle(deliveryTag: 3, multiple: false, ack: true)
        }
        #expect(throws: AMQPClientError.self) { try tracker.settle(deliveryTag: 0, multiple: true, ack: false) }
    }
}
