/// Documentation of the string commands.
enum StringDocs {
    static let entries: [DocEntry] = [
        DocEntry(
            "append", "2.0.0", "Appends a string to the value of a key, creating the key if it does not exist.",
            complexity: "O(1). Amortized O(1) when the appended value is small, as the string grows its spare room geometrically.",
            args: "key:key value", keys: ["RW insert"]),
        DocEntry(
            "decr", "1.0.0", "Decrements the integer value of a key by one; a missing key counts as 0.",
            complexity: "O(1)", args: "key:key", keys: ["RW access update"]),
        DocEntry(
            "decrby", "1.0.0", "Decrements the integer value of a key by a number; a missing key counts as 0.",
            complexity: "O(1)", args: "key:key decrement:integer", keys: ["RW access update"]),
        DocEntry(
            "get", "1.0.0", "Returns the string value of a key.",
            complexity: "O(1)", args: "key:key", keys: ["RO access"]),
        DocEntry(
            "getdel", "6.2.0", "Returns the string value of a key and deletes the key.",
            complexity: "O(1)", args: "key:key", keys: ["RW access delete"]),
        DocEntry(
            "getex", "6.2.0", "Returns the string value of a key after changing or removing its expiration.",
            complexity: "O(1)",
            args: """
                key:key [expiration=EX seconds:integer|PX milliseconds:integer|EXAT unix-time-seconds:unix-time\
                |PXAT unix-time-milliseconds:unix-time|PERSIST]
                """,
            keys: ["RW access update -- RW and UPDATE since it may change the key's time to live"]),
        DocEntry(
            "getrange", "2.4.0", "Returns a substring of the string stored at a key.",
            complexity: "O(N) where N is the length of the returned string; close to O(1) for small strings, as copying a substring is cheap.",
            args: "key:key start:integer end:integer", keys: ["RO access"]),
        DocEntry(
            "getset", "1.0.0", "Sets the string value of a key and returns the previous value.",
            complexity: "O(1)", args: "key:key value", keys: ["RW access update"],
            deprecated: ("6.2.0", "`SET` with the `!GET` argument")),
        DocEntry(
            "incr", "1.0.0", "Increments the integer value of a key by one; a missing key counts as 0.",
            complexity: "O(1)", args: "key:key", keys: ["RW access update"]),
        DocEntry(
            "incrby", "1.0.0", "Increments the integer value of a key by a number; a missing key counts as 0.",
            complexity: "O(1)", args: "key:key increment:integer", keys: ["RW access update"]),
        DocEntry(
            "incrbyfloat", "2.6.0", "Increments the floating point value of a key by a number; a missing key counts as 0.",
            complexity: "O(1)", args: "key:key increment:double", keys: ["RW access update"]),
        DocEntry(
            "lcs", "7.0.0", "Finds the longest common substring of the strings at two keys.",
            complexity: "O(N*M) where N and M are the lengths of the two strings",
            args: "key1:key key2:key#0 [LEN] [IDX] [MINMATCHLEN len:integer] [WITHMATCHLEN]", keys: ["RO access"]),
        DocEntry(
            "mget", "1.0.0", "Returns the string values of one or more keys.",
            complexity: "O(N) where N is the number of keys to read.",
            args: "key:key...", keys: ["RO access"], tips: "request_policy:multi_shard"),
        DocEntry(
            "mset", "1.0.1", "Sets the string values of one or more keys.",
            complexity: "O(N) where N is the number of keys to set.",
            args: "(key_value=key:key value)...", keys: ["OW update"],
            tips: "request_policy:multi_shard response_policy:all_succeeded"),
        DocEntry(
            "msetnx", "1.0.1", "Sets the string values of one or more keys, only if none of them exists.",
            complexity: "O(N) where N is the number of keys to set.",
            args: "(key_value=key:key value)...", keys: ["OW insert"],
            tips: "request_policy:multi_shard response_policy:agg_min"),
        DocEntry(
            "psetex", "2.6.0", "Sets the string value and the expiration, in milliseconds, of a key.",
            complexity: "O(1)", args: "key:key milliseconds:integer value", keys: ["OW update"]),
        DocEntry(
            "set", "1.0.0", "Sets the string value of a key, whatever its type, optionally with an expiration.",
            complexity: "O(1)",
            args: """
                key:key value [condition=NX|XX]@2.6.12 [GET]@6.2.0 [expiration=EX seconds:integer@2.6.12\
                |PX milliseconds:integer@2.6.12|EXAT unix-time-seconds:unix-time@6.2.0\
                |PXAT unix-time-milliseconds:unix-time@6.2.0|KEEPTTL@6.0.0]
                """,
            keys: ["RW access update variable_flags -- RW and ACCESS because of the optional GET argument"],
            history: [
                "2.6.12: Added the `EX`, `PX`, `NX` and `XX` options.",
                "6.0.0: Added the `KEEPTTL` option.",
                "6.2.0: Added the `GET`, `EXAT` and `PXAT` options.",
                "7.0.0: `NX` and `GET` may be combined.",
            ]),
        DocEntry(
            "setex", "2.0.0", "Sets the string value and the expiration, in seconds, of a key.",
            complexity: "O(1)", args: "key:key seconds:integer value", keys: ["OW update"]),
        DocEntry(
            "setnx", "1.0.0", "Sets the string value of a key only if the key does not exist.",
            complexity: "O(1)", args: "key:key value", keys: ["OW insert"]),
        DocEntry(
            "setrange", "2.2.0", "Overwrites part of a string value from an offset, padding with zero bytes as needed.",
            complexity: "O(1), not counting the copy of the new string. Usually O(1) for small strings; otherwise O(M), M being the length of the value argument.",
            args: "key:key offset:integer value", keys: ["RW update"]),
        DocEntry(
            "strlen", "2.2.0", "Returns the length of a string value.",
            complexity: "O(1)", args: "key:key", keys: ["RO"]),
        DocEntry(
            "substr", "1.0.0", "Returns a substring of the string stored at a key.",
            complexity: "O(N) where N is the length of the returned string; close to O(1) for small strings, as copying a substring is cheap.",
            args: "key:key start:integer end:integer", keys: ["RO access"], deprecated: ("2.0.0", "`GETRANGE`")),
    ]
}
