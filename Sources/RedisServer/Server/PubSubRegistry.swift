/// Channel, pattern and shard-channel subscriptions, and message delivery.
final class PubSubRegistry {
    private(set) var channels: [Bytes: [Client]] = [:]
    private(set) var patterns: [Bytes: [Client]] = [:]
    /// SSUBSCRIBE's channels: a namespace of their own, never matched by patterns.
    private(set) var shardChannels: [Bytes: [Client]] = [:]

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

    func ssubscribe(_ client: Client, channel: Bytes) -> Bool {
        guard client.shardChannels.insert(channel).inserted else { return false }
        client.shardSubscriptionCount += 1
        shardChannels[channel, default: []].append(client)
        return true
    }

    func sunsubscribe(_ client: Client, channel: Bytes) -> Bool {
        guard client.shardChannels.remove(channel) != nil else { return false }
        client.shardSubscriptionCount -= 1
        shardChannels[channel]?.removeAll { $0 === client }
        if shardChannels[channel]?.isEmpty == true { shardChannels[channel] = nil }
        return true
    }

    func unsubscribeAll(_ client: Client) {
        for c in client.channels { _ = unsubscribe(client, channel: c) }
        for p in client.patterns { _ = punsubscribe(client, pattern: p) }
        for c in client.shardChannels { _ = sunsubscribe(client, channel: c) }
    }

    /// Delivers to channel subscribers, then to matching patterns; returns the receiver count.
    func publish(channel: Bytes, message: Bytes) -> Int {
        var receivers = deliver(channels[channel], kind: "message", channel: channel, message: message)
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

    /// SPUBLISH: shard-channel subscribers only.
    func spublish(channel: Bytes, message: Bytes) -> Int {
        deliver(shardChannels[channel], kind: "smessage", channel: channel, message: message)
    }

    private func deliver(_ clients: [Client]?, kind: Bytes, channel: Bytes, message: Bytes) -> Int {
        var receivers = 0
        for client in clients ?? [] where !client.closing {
            client.reply.pushHeader(3)
            client.reply.bulk(kind)
            client.reply.bulk(channel)
            client.reply.bulk(message)
            client.scheduleFlush()
            receivers += 1
        }
        return receivers
    }
}
