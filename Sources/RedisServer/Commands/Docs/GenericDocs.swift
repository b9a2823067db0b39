/// Documentation of the generic (keyspace) commands, OBJECT included.
enum GenericDocs {
    static let expireCondition = "[condition=NX|XX|GT|LT]@7.0.0"
    static let expireHistory = "7.0.0: Added the `NX`, `XX`, `GT` and `LT` options."
    static let sortBase =
        "key:key [BY pattern:pattern#1] [offset_count=LIMIT offset:integer count:integer] [GET+ pattern:pattern#1...] [order=ASC|DESC] [sorting=ALPHA]"
    static let sortPatternKeys =
        "RO access unknown -- The BY and GET options name keys derived from the sorted values, so where they are cannot be told from the arguments"

    static let restoreComplexity =
        "O(1) to create the key, then O(N*M) to rebuild the value, N being the number of Redis objects in it and M their average size. Small strings make it O(1)+O(1*M), M being small, so simply O(1). For sorted sets the cost is O(N*M*log(N)), as inserting into a sorted set is O(log(N))."
    static let restoreArgs = """
        key:key ttl:integer serialized-value [REPLACE]@3.0.0 [ABSTTL]@5.0.0 \
        [IDLETIME seconds:integer]@5.0.0 [FREQ frequency:integer]@5.0.0
        """
    static let restoreHistory = [
        "3.0.0: Added the `REPLACE` modifier.",
        "5.0.0: Added the `ABSTTL` modifier.",
        "5.0.0: Added the `IDLETIME` and `FREQ` options.",
    ]

    static let entries: [DocEntry] = [
        DocEntry(
            "copy", "6.2.0", "Copies the value of a key to another key.",
            complexity: "O(N) in the worst case for collections, N being the number of nested items; O(1) for strings.",
            args: "source:key destination:key [DB destination-db:integer] [REPLACE]", keys: ["RO access", "OW update"]),
        DocEntry(
            "del", "1.0.0", "Deletes one or more keys.",
            complexity: "O(N) where N is the number of keys removed. Removing a collection costs O(M), M being its number of elements; a string is O(1).",
            args: "key:key...", keys: ["RM delete"], tips: "request_policy:multi_shard response_policy:agg_sum"),
        DocEntry(
            "dump", "2.6.0", "Returns a serialized representation of the value stored at a key.",
            complexity: "O(1) to find the key, then O(N*M) to serialize it, N being the number of Redis objects in the value and M their average size. Small strings make it O(1)+O(1*M), M being small, so simply O(1).",
            args: "key:key", keys: ["RO access"], tips: "nondeterministic_output"),
        DocEntry(
            "exists", "1.0.0", "Counts how many of the given keys exist.",
            complexity: "O(N) where N is the number of keys to check.",
            args: "key:key...", keys: ["RO"], history: ["3.0.3: Accepts several `key` arguments."],
            tips: "request_policy:multi_shard response_policy:agg_sum"),
        DocEntry(
            "expire", "1.0.0", "Sets the expiration of a key in seconds.",
            complexity: "O(1)", args: "key:key seconds:integer \(expireCondition)", keys: ["RW update"],
            history: [expireHistory]),
        DocEntry(
            "expireat", "1.2.0", "Sets the expiration of a key to a Unix timestamp in seconds.",
            complexity: "O(1)", args: "key:key unix-time-seconds:unix-time \(expireCondition)", keys: ["RW update"],
            history: [expireHistory]),
        DocEntry(
            "expiretime", "7.0.0", "Returns the expiration of a key as a Unix timestamp in seconds.",
            complexity: "O(1)", args: "key:key", keys: ["RO access"]),
        DocEntry(
            "keys", "1.0.0", "Returns all key names that match a pattern.",
            complexity: "O(N), N being the number of keys in the database, assuming key names and the pattern are of bounded length.",
            args: "pattern:pattern", tips: "request_policy:all_shards nondeterministic_output_order"),
        DocEntry(
            "migrate", "2.6.0", "Moves one or more keys to another Redis instance, atomically.",
            complexity: "A DUMP and DEL on this instance plus a RESTORE on the target (see those commands), and an O(N) transfer between the two.",
            args: """
                host port:integer (key_or_empty_string=key:key|empty_string="") destination-db:integer timeout:integer \
                [COPY]@3.0.0 [REPLACE]@3.0.0 \
                [authentication=[AUTH password]@4.0.7|[username_password=AUTH2 username password]@6.0.0] [KEYS key:key...]@3.0.6
                """,
            keys: ["RW access delete", "RW access delete incomplete keyword=KEYS,-2 range=-1,1,0"],
            history: [
                "3.0.0: Added the `COPY` and `REPLACE` options.",
                "3.0.6: Added the `KEYS` option.",
                "4.0.7: Added the `AUTH` option.",
                "6.0.0: Added the `AUTH2` option.",
            ],
            tips: "nondeterministic_output"),
        DocEntry(
            "move", "1.0.0", "Moves a key to another database.",
            complexity: "O(1)", args: "key:key db:integer", keys: ["RW access update"]),
        DocEntry(
            "object", "2.2.3", "A container for commands that inspect the objects behind keys.",
            complexity: "Depends on subcommand."),
        DocEntry(
            "object|encoding", "2.2.3", "Returns the internal encoding of a Redis object.",
            complexity: "O(1)", args: "key:key", keys: ["RO"], tips: "nondeterministic_output"),
        DocEntry(
            "object|freq", "4.0.0", "Returns the logarithmic access frequency counter of a Redis object.",
            complexity: "O(1)", args: "key:key", keys: ["RO"], tips: "nondeterministic_output"),
        DocEntry(
            "object|help", "6.2.0", "Returns helpful text about the different subcommands.",
            complexity: "O(1)"),
        DocEntry(
            "object|idletime", "2.2.3", "Returns the time since the last access to a Redis object.",
            complexity: "O(1)", args: "key:key", keys: ["RO"], tips: "nondeterministic_output"),
        DocEntry(
            "object|refcount", "2.2.3", "Returns the reference count of a value of a key.",
            complexity: "O(1)", args: "key:key", keys: ["RO"], tips: "nondeterministic_output"),
        DocEntry(
            "persist", "2.2.0", "Removes the expiration time of a key.",
            complexity: "O(1)", args: "key:key", keys: ["RW update"]),
        DocEntry(
            "pexpire", "2.6.0", "Sets the expiration of a key in milliseconds.",
            complexity: "O(1)", args: "key:key milliseconds:integer \(expireCondition)", keys: ["RW update"],
            history: [expireHistory]),
        DocEntry(
            "pexpireat", "2.6.0", "Sets the expiration of a key to a Unix timestamp in milliseconds.",
            complexity: "O(1)", args: "key:key unix-time-milliseconds:unix-time \(expireCondition)",
            keys: ["RW update"], history: [expireHistory]),
        DocEntry(
            "pexpiretime", "7.0.0", "Returns the expiration of a key as a Unix timestamp in milliseconds.",
            complexity: "O(1)", args: "key:key", keys: ["RO access"]),
        DocEntry(
            "pttl", "2.6.0", "Returns the time to live of a key in milliseconds.",
            complexity: "O(1)", args: "key:key", keys: ["RO access"],
            history: ["2.8.0: Returns -2 for a missing key, -1 for a key without expiration."],
            tips: "nondeterministic_output"),
        DocEntry(
            "randomkey", "1.0.0", "Returns a random key name from the database.",
            complexity: "O(1)", tips: "request_policy:all_shards nondeterministic_output"),
        DocEntry(
            "rename", "1.0.0", "Renames a key, overwriting the destination.",
            complexity: "O(1)", args: "key:key newkey:key", keys: ["RW access delete", "OW update"]),
        DocEntry(
            "renamenx", "1.0.0", "Renames a key only if the new name does not exist.",
            complexity: "O(1)", args: "key:key newkey:key", keys: ["RW access delete", "OW insert"],
            history: ["3.2.0: No longer fails when the source and destination names are the same."]),
        DocEntry(
            "restore", "2.6.0", "Creates a key from the serialized representation of a value.",
            complexity: restoreComplexity, args: restoreArgs, keys: ["OW update"], history: restoreHistory),
        DocEntry(
            "scan", "2.8.0", "Iterates over the key names in the database.",
            complexity: "O(1) per call. O(N) for a complete iteration, N being the number of keys, counting enough calls for the cursor to return to 0.",
            args: "cursor:integer [MATCH pattern:pattern] [COUNT count:integer] [TYPE type]@6.0.0",
            history: ["6.0.0: Added the `TYPE` subcommand."],
            tips: "nondeterministic_output request_policy:special"),
        DocEntry(
            "sort", "1.0.0", "Sorts the elements of a list, a set or a sorted set, optionally storing the result.",
            complexity: "O(N+M*log(M)), N being the number of elements to sort and M the number returned. O(N) when the elements are not sorted.",
            args: "\(sortBase) [STORE destination:key]",
            keys: [
                "RO access", sortPatternKeys,
                "OW update unknown -- The STORE option may come anywhere among the arguments, so its key cannot be located by position",
            ]),
        DocEntry(
            "sort_ro", "7.0.0", "Returns the sorted elements of a list, a set or a sorted set.",
            complexity: "O(N+M*log(M)), N being the number of elements to sort and M the number returned. O(N) when the elements are not sorted.",
            args: sortBase, keys: ["RO access", sortPatternKeys]),
        DocEntry(
            "touch", "3.2.1", "Updates the last access time of the given keys; returns how many exist.",
            complexity: "O(N) where N is the number of keys touched.",
            args: "key:key...", keys: ["RO"], tips: "request_policy:multi_shard response_policy:agg_sum"),
        DocEntry(
            "ttl", "1.0.0", "Returns the time to live of a key in seconds.",
            complexity: "O(1)", args: "key:key", keys: ["RO access"],
            history: ["2.8.0: Returns -2 for a missing key, -1 for a key without expiration."],
            tips: "nondeterministic_output"),
        DocEntry(
            "type", "1.0.0", "Returns the type of the value stored at a key.",
            complexity: "O(1)", args: "key:key", keys: ["RO"]),
        DocEntry(
            "unlink", "4.0.0", "Deletes one or more keys, reclaiming their memory in the background.",
            complexity: "O(1) per key removed, whatever its size; the O(N) memory reclamation happens later, in another thread.",
            args: "key:key...", keys: ["RM delete"], tips: "request_policy:multi_shard response_policy:agg_sum"),
    ]
}
