/// Documentation of the set commands.
enum SetDocs {
    static let entries: [DocEntry] = [
        DocEntry(
            "sadd", "1.0.0", "Adds one or more members to a set, creating the key if it does not exist.",
            complexity: "O(1) per member added: O(N) for N members.",
            args: "key:key member...", keys: ["RW insert"], history: ["2.4.0: Accepts several `member` arguments."]),
        DocEntry(
            "scard", "1.0.0", "Returns the number of members of a set.",
            complexity: "O(1)", args: "key:key", keys: ["RO"]),
        DocEntry(
            "sdiff", "1.0.0", "Returns the difference of several sets.",
            complexity: "O(N) where N is the total number of members of all the sets.",
            args: "key:key...", keys: ["RO access"], tips: "nondeterministic_output_order"),
        DocEntry(
            "sdiffstore", "1.0.0", "Stores the difference of several sets in a key.",
            complexity: "O(N) where N is the total number of members of all the sets.",
            args: "destination:key key:key...", keys: ["OW update", "RO access"]),
        DocEntry(
            "sinter", "1.0.0", "Returns the intersection of several sets.",
            complexity: "O(N*M) in the worst case, N being the size of the smallest set and M the number of sets.",
            args: "key:key...", keys: ["RO access"], tips: "nondeterministic_output_order"),
        DocEntry(
            "sintercard", "7.0.0", "Returns the number of members in the intersection of several sets.",
            complexity: "O(N*M) in the worst case, N being the size of the smallest set and M the number of sets.",
            args: "numkeys:integer key:key... [LIMIT limit:integer]", keys: ["RO access"]),
        DocEntry(
            "sinterstore", "1.0.0", "Stores the intersection of several sets in a key.",
            complexity: "O(N*M) in the worst case, N being the size of the smallest set and M the number of sets.",
            args: "destination:key key:key...", keys: ["RW update", "RO access"]),
        DocEntry(
            "sismember", "1.0.0", "Tells whether a value is a member of a set.",
            complexity: "O(1)", args: "key:key member", keys: ["RO"]),
        DocEntry(
            "smembers", "1.0.0", "Returns all the members of a set.",
            complexity: "O(N) where N is the size of the set.",
            args: "key:key", keys: ["RO access"], tips: "nondeterministic_output_order"),
        DocEntry(
            "smismember", "6.2.0", "Tells, for each of several values, whether it is a member of a set.",
            complexity: "O(N) where N is the number of values checked.",
            args: "key:key member...", keys: ["RO access"]),
        DocEntry(
            "smove", "1.0.0", "Moves a member from one set to another.",
            complexity: "O(1)", args: "source:key destination:key member", keys: ["RW access delete", "RW insert"]),
        DocEntry(
            "spop", "1.0.0", "Removes and returns one or more random members of a set; deletes the set if it ends up empty.",
            complexity: "O(1) without count, otherwise O(N) where N is the count.",
            args: "key:key [count:integer]@3.2.0", keys: ["RW access delete"],
            history: ["3.2.0: Added the `count` argument."], tips: "nondeterministic_output"),
        DocEntry(
            "srandmember", "1.0.0", "Returns one or more random members of a set.",
            complexity: "O(1) without count, otherwise O(N) where N is the absolute value of the count.",
            args: "key:key [count:integer]@2.6.0", keys: ["RO access"],
            history: ["2.6.0: Added the optional `count` argument."], tips: "nondeterministic_output"),
        DocEntry(
            "srem", "1.0.0", "Removes one or more members of a set; deletes the set if no member is left.",
            complexity: "O(N) where N is the number of members to remove.",
            args: "key:key member...", keys: ["RW delete"], history: ["2.4.0: Accepts several `member` arguments."]),
        DocEntry(
            "sscan", "2.8.0", "Iterates over the members of a set.",
            complexity: "O(1) per call. O(N) for a complete iteration, N being the number of elements, counting enough calls for the cursor to return to 0.",
            args: "key:key cursor:integer [MATCH pattern:pattern] [COUNT count:integer]", keys: ["RO access"],
            tips: "nondeterministic_output"),
        DocEntry(
            "sunion", "1.0.0", "Returns the union of several sets.",
            complexity: "O(N) where N is the total number of members of all the sets.",
            args: "key:key...", keys: ["RO access"], tips: "nondeterministic_output_order"),
        DocEntry(
            "sunionstore", "1.0.0", "Stores the union of several sets in a key.",
            complexity: "O(N) where N is the total number of members of all the sets.",
            args: "destination:key key:key...", keys: ["OW update", "RO access"]),
    ]
}
