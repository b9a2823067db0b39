/// Documentation of the publish/subscribe commands, PUBSUB included.
enum PubSubDocs {
    static let entries: [DocEntry] = [
        DocEntry(
            "psubscribe", "2.0.0", "Listens for messages published to channels matching the patterns.",
            complexity: "O(N) where N is the number of patterns subscribed to.",
            args: "{pattern=pattern:pattern}..."),
        DocEntry(
            "publish", "2.0.0", "Posts a message to a channel.",
            complexity: "O(N+M) where N is the number of clients subscribed to the channel and M the number of subscribed patterns (of any client).",
            args: "channel message"),
        DocEntry(
            "pubsub", "2.8.0", "A container for commands that inspect the publish/subscribe state.",
            complexity: "Depends on subcommand."),
        DocEntry(
            "pubsub|channels", "2.8.0", "Returns the active channels.",
            complexity: "O(N) where N is the number of active channels, assuming channel names and the pattern are of bounded length.",
            args: "[pattern:pattern]"),
        DocEntry(
            "pubsub|help", "6.2.0", "Returns helpful text about the different subcommands.",
            complexity: "O(1)"),
        DocEntry(
            "pubsub|numpat", "2.8.0", "Returns the number of subscribed patterns.",
            complexity: "O(1)"),
        DocEntry(
            "pubsub|numsub", "2.8.0", "Returns the number of subscribers of channels.",
            complexity: "O(N) where N is the number of channels asked about.",
            args: "[channel...]"),
        DocEntry(
            "pubsub|shardchannels", "7.0.0", "Returns the active shard channels.",
            complexity: "O(N) where N is the number of active shard channels, assuming channel names and the pattern are of bounded length.",
            args: "[pattern:pattern]"),
        DocEntry(
            "pubsub|shardnumsub", "7.0.0", "Returns the number of subscribers of shard channels.",
            complexity: "O(N) where N is the number of shard channels asked about.",
            args: "[shardchannel...]"),
        DocEntry(
            "punsubscribe", "2.0.0", "Stops listening for messages published to channels matching the patterns.",
            complexity: "O(N+M) where N is the number of patterns the client subscribes to and M the number of patterns subscribed to by all clients.",
            args: "[pattern:pattern...]"),
        DocEntry(
            "spublish", "7.0.0", "Posts a message to a shard channel.",
            complexity: "O(N) where N is the number of clients subscribed to the shard channel.",
            args: "shardchannel message", keys: ["not_key index=1 range=0,1,0"]),
        DocEntry(
            "ssubscribe", "7.0.0", "Listens for messages published to shard channels.",
            complexity: "O(N) where N is the number of shard channels subscribed to.",
            args: "shardchannel...", keys: ["not_key index=1 range=-1,1,0"]),
        DocEntry(
            "subscribe", "2.0.0", "Listens for messages published to channels.",
            complexity: "O(N) where N is the number of channels subscribed to.",
            args: "channel..."),
        DocEntry(
            "sunsubscribe", "7.0.0", "Stops listening for messages posted to shard channels.",
            complexity: "O(N) where N is the number of shard channels unsubscribed from.",
            args: "[shardchannel...]", keys: ["not_key index=1 range=-1,1,0"]),
        DocEntry(
            "unsubscribe", "2.0.0", "Stops listening for messages posted to channels.",
            complexity: "O(N) where N is the number of channels unsubscribed from.",
            args: "[channel...]"),
    ]
}
