import RESP

/// Pub/sub in a RESP replay: the captured side's reading, pushes set beside each other, and
/// the wait for pushes at the end.
extension RESPReplaySession {
    /// A captured server value while pub/sub is in play (or a RESP3 push).
    func capturedPubSub(_ value: RESPValue, packetNumber: Int) {
        let index = exchanges.nextCapturedIndex
        switch capturedSide.read(value, awaiting: pubSubRequests[index]) {
        case .push(let push):
            capturedPush(push, packetNumber: packetNumber)
        case .partOfReply:
            break
        case .reply(let whole):
            capturedReply(whole)
            pubSubSideDone(index)
        }
    }

    /// One side has read the whole answer to request `index`; forgotten once both have.
    func pubSubSideDone(_ index: Int) {
        guard var request = pubSubRequests[index] else { return }
        request.sidesDone += 1
        pubSubRequests[index] = request.sidesDone >= 2 ? nil : request
    }

    func targetPush(_ push: RESPValue) {
        guard comparesPushes else { return }
        // Stands for a captured push (`.capture` ordering counts them).
        received += 1
        if let pair = pushes.addActual(push) { compare(pair) }
        noteDroppedPushes()
    }

    /// At the end, captured pushes the target has not sent while it still can (a link is
    /// subscribed): waited for until the reply timeout.
    var pushesAwaited: Int {
        guard clientClosed, comparesPushes, !pushWaitOver, pushes.missing > 0, links.values.contains(where: { $0.pubSub.isSubscribed })
        else { return 0 }
        return pushes.missing
    }

    /// The reply timeout ran out: true when only pushes were awaited (they are then missing).
    func stopWaitingForPushes() -> Bool {
        guard awaitingReplies > 0, awaitingReplies == pushesAwaited else { return false }
        pushWaitOver = true
        return true
    }

    /// At the end of a connection that did not fail, a push one side sent and the other did
    /// not is a divergence.
    func comparePushesLeft() {
        guard comparesPushes, report.failure == nil else { return }
        for pair in pushes.takeLeftovers() { compare(pair) }
    }

    // MARK: Private

    private func capturedPush(_ push: RESPValue, packetNumber: Int) {
        guard comparesPushes else {
            // Not waited for by `.capture` ordering either: the target's are not counted.
            capturedServerSkipped += 1
            if options.compare { ignored() }
            return
        }
        let captured = RESPPushLane.Captured(value: push, packetNumber: packetNumber, requestsBefore: exchanges.nextIndex)
        if let pair = pushes.addCaptured(captured) { compare(pair) }
        noteDroppedPushes()
    }

    /// Once, when the lane first drops pushes: the sides are so far apart that the rest of
    /// their pushes cannot be set beside each other.
    private func noteDroppedPushes() {
        guard pushes.dropped == 1 else { return }
        problem("\(report.connection): more than \(RESPPushLane.maxHeld) pushes of one side unpaired; later ones are not compared")
    }

    private func compare(_ pair: RESPPushLane.Pair) {
        if pair.captured != nil && pair.actual != nil { compared() }
        guard pair.captured?.value != pair.actual else { return }
        diverged(
            requestIndex: pair.captured?.requestsBefore ?? exchanges.nextIndex, request: "(push \(pair.number))", field: "push",
            expected: pair.captured.map { RESPRendering.reply($0.value) } ?? "(none)", actual: pair.actual.map(RESPRendering.reply) ?? "(none)",
            packetNumber: pair.captured?.packetNumber ?? 0)
    }
}
