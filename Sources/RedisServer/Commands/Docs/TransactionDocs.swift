/// Documentation of the transaction commands.
enum TransactionDocs {
    static let entries: [DocEntry] = [
        DocEntry(
            "discard", "2.0.0", "Throws away a transaction.",
            complexity: "O(N), when N is the number of commands queued"),
        DocEntry(
            "exec", "1.2.0", "Runs all the commands of a transaction.",
            complexity: "Depends on the commands in the transaction"),
        DocEntry(
            "multi", "1.2.0", "Starts a transaction.",
            complexity: "O(1)"),
        DocEntry(
            "unwatch", "2.2.0", "Forgets all the keys watched by this connection.",
            complexity: "O(1)"),
        DocEntry(
            "watch", "2.2.0", "Watches keys: the next transaction runs only if none of them changes first.",
            complexity: "O(1) per key watched.",
            args: "key:key...", keys: ["RO"]),
    ]
}
