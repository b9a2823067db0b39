/// Channel and pattern subscriptions, and message delivery.
final class PubSubRegistry {
    private(set) var channels: [Bytes: [Client]] = [:]
    private(set) var patterns: [Bytes: [Client]] = [:]

    var patternCount: Int { patterns.count }

    /// Returns false if the client was already subscribed.
    func subscribe(_ client: Client, channel: Bytes) -> Bool {
        guard client.channels.insert(channel).inserted else { return false }
        client.subscriptionCount += 1
        channels[channel, default: []].append(client)
        return true
    }

    func unsubscribe(_ client: Client, channel: Bytes) -> Bool {
        guard client.channels.remove(channel) != nil else { return false }
        client.subscriptionCount -= 1
        channels[channel]?.removeAll { $0 === client }
        if channels[channel]?.isEmpty == true { channels[channel] = nil }
        return true
    }

    func psubscribe(_ client: Client, pattern: Bytes) -> Bool {
        guard client.patterns.insert(pattern).inserted else { return false }
        client.subscriptionCount += 1
        patterns[pattern, default: []].append(client)
        return true
    }

    func punsubscribe(_ client: Client, pattern: Bytes) -> Bool {
        guard client.patterns.remove(pattern) != nil else { return false }
        client.subscriptionCount -= 1
        patterns[pattern]?.removeAll { $0 === client }
        if patterns[pattern]?.isEmpty == true { patterns[pattern] = nil }
        return true
    }

    func unsubscribeAll(_ client: Client) {
        for c in client.channels { _ = unsubscribe(client, channel: c) }
        for p in client.patterns { _ = punsubscribe(client, pattern: p) }
    }

    /// Delivers to channel subscribers, then to matching patterns; returns the receiver count.
    func publish(channel: Bytes, message: Bytes) -> Int {
        var receivers = 0
        for client in channels[channel] ?? [] where !client.closing {
            client.reply.pushHeader(3)
            client.reply.bulk("message")
            client.reply.bulk(channel)
            client.reply.bulk(message)
            client.scheduleFlush()
            receivers += 1
        }
        for (pattern, clients) in patterns where GlobPattern.match(pattern, channel) {
            for client in clients where !client.closing {
                client.reply.pushHeader(4)
                client.reply.bulk("pmessage")
                client.reply.bulk(pattern)
                client.reply.bulk(channel)
                client.reply.bulk(message)
                client.scheduleFlush()
                receivers += 1
            }
        }
        return receivers
    }
}
