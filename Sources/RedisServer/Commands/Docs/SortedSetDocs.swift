/// Documentation of the sorted set commands.
enum SortedSetDocs {
    static let timeoutHistory = "6.0.0: `timeout` is read as a double rather than an integer."
    static let combine = "[WEIGHTS weight:integer...] [AGGREGATE (aggregate=SUM|MIN|MAX)]"
    static let limit = "[offset_count=LIMIT offset:integer count:integer]"
    static let scanComplexity =
        "O(1) per call. O(N) for a complete iteration, N being the number of elements, counting enough calls for the cursor to return to 0."
    static let logRangeComplexity =
        "O(log(N)+M) with N the number of elements in the sorted set and M the number of elements returned."

    static let entries: [DocEntry] = [
        DocEntry(
            "bzmpop", "7.0.0", "Pops members by score from the first non-empty of several sorted sets; blocks while all are empty.",
            complexity: "O(K) + O(M*log(N)) where K is the number of keys given, N the size of the sorted set and M the number of members popped.",
            args: "timeout:double numkeys:integer key:key... (where=MIN|MAX) [COUNT count:integer]",
            keys: ["RW access delete"]),
        DocEntry(
            "bzpopmax", "5.0.0", "Removes and returns the highest-scoring member of the first non-empty sorted set; blocks while all are empty.",
            complexity: "O(log(N)) with N the number of elements in the sorted set.",
            args: "key:key... timeout:double", keys: ["RW access delete"], history: [timeoutHistory]),
        DocEntry(
            "bzpopmin", "5.0.0", "Removes and returns the lowest-scoring member of the first non-empty sorted set; blocks while all are empty.",
            complexity: "O(log(N)) with N the number of elements in the sorted set.",
            args: "key:key... timeout:double", keys: ["RW access delete"], history: [timeoutHistory]),
        DocEntry(
            "zadd", "1.2.0", "Adds members to a sorted set or updates their scores, creating the key if needed.",
            complexity: "O(log(N)) per member added or updated, N being the number of elements in the sorted set.",
            args: """
                key:key [condition=NX|XX]@3.0.2 [comparison=GT|LT]@6.2.0 [change=CH]@3.0.2 [increment=INCR]@3.0.2 \
                (score_member=score:double member)...
                """,
            keys: ["RW update"],
            history: [
                "2.4.0: Accepts several members.",
                "3.0.2: Added the `XX`, `NX`, `CH` and `INCR` options.",
                "6.2.0: Added the `GT` and `LT` options.",
            ]),
        DocEntry(
            "zcard", "1.2.0", "Returns the number of members of a sorted set.",
            complexity: "O(1)", args: "key:key", keys: ["RO"]),
        DocEntry(
            "zcount", "2.0.0", "Counts the members of a sorted set whose scores lie in a range.",
            complexity: "O(log(N)) with N the number of elements in the sorted set.",
            args: "key:key min:double max:double", keys: ["RO access"]),
        DocEntry(
            "zdiff", "6.2.0", "Returns the difference of several sorted sets.",
            complexity: "O(L + (N-K)log(N)) in the worst case, L being the total number of elements of all the sets, N the size of the first set and K the size of the result.",
            args: "numkeys:integer key:key... [WITHSCORES]", keys: ["RO access"]),
        DocEntry(
            "zdiffstore", "6.2.0", "Stores the difference of several sorted sets in a key.",
            complexity: "O(L + (N-K)log(N)) in the worst case, L being the total number of elements of all the sets, N the size of the first set and K the size of the result.",
            args: "destination:key numkeys:integer key:key...", keys: ["OW update", "RO access"]),
        DocEntry(
            "zincrby", "1.2.0", "Increments the score of a member of a sorted set; a missing member counts as 0.",
            complexity: "O(log(N)) with N the number of elements in the sorted set.",
            args: "key:key increment:integer member", keys: ["RW access update"]),
        DocEntry(
            "zinter", "6.2.0", "Returns the intersection of several sorted sets.",
            complexity: "O(N*K)+O(M*log(M)) in the worst case, N being the smallest input, K the number of inputs and M the size of the result.",
            args: "numkeys:integer key:key... \(combine) [WITHSCORES]", keys: ["RO access"]),
        DocEntry(
            "zintercard", "7.0.0", "Returns the number of members in the intersection of several sorted sets.",
            complexity: "O(N*K) in the worst case, N being the smallest input and K the number of inputs.",
            args: "numkeys:integer key:key... [LIMIT limit:integer]", keys: ["RO access"]),
        DocEntry(
            "zinterstore", "2.0.0", "Stores the intersection of several sorted sets in a key.",
            complexity: "O(N*K)+O(M*log(M)) in the worst case, N being the smallest input, K the number of inputs and M the size of the result.",
            args: "destination:key numkeys:integer key:key... \(combine)", keys: ["OW update", "RO access"]),
        DocEntry(
            "zlexcount", "2.8.9", "Counts the members of a sorted set within a lexicographical range.",
            complexity: "O(log(N)) with N the number of elements in the sorted set.",
            args: "key:key min max", keys: ["RO access"]),
        DocEntry(
            "zmpop", "7.0.0", "Pops members by score from the first non-empty of several sorted sets.",
            complexity: "O(K) + O(M*log(N)) where K is the number of keys given, N the size of the sorted set and M the number of members popped.",
            args: "numkeys:integer key:key... (where=MIN|MAX) [COUNT count:integer]", keys: ["RW access delete"]),
        DocEntry(
            "zmscore", "6.2.0", "Returns the scores of several members of a sorted set.",
            complexity: "O(N) where N is the number of members asked for.",
            args: "key:key member...", keys: ["RO access"]),
        DocEntry(
            "zpopmax", "5.0.0", "Removes and returns the highest-scoring members of a sorted set.",
            complexity: "O(log(N)*M) with N the number of elements in the sorted set and M the number popped.",
            args: "key:key [count:integer]", keys: ["RW access delete"]),
        DocEntry(
            "zpopmin", "5.0.0", "Removes and returns the lowest-scoring members of a sorted set.",
            complexity: "O(log(N)*M) with N the number of elements in the sorted set and M the number popped.",
            args: "key:key [count:integer]", keys: ["RW access delete"]),
        DocEntry(
            "zrandmember", "6.2.0", "Returns one or more random members of a sorted set.",
            complexity: "O(N) where N is the number of members returned.",
            args: "key:key [options=count:integer [WITHSCORES]]", keys: ["RO access"], tips: "nondeterministic_output"),
        DocEntry(
            "zrange", "1.2.0", "Returns members of a sorted set within a range of ranks, scores or names.",
            complexity: logRangeComplexity,
            args: "key:key start stop [sortby=BYSCORE|BYLEX]@6.2.0 [REV]@6.2.0 \(limit)@6.2.0 [WITHSCORES]",
            keys: ["RO access"],
            history: ["6.2.0: Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."]),
        DocEntry(
            "zrangebylex", "2.8.9", "Returns members of a sorted set within a lexicographical range.",
            complexity: "O(log(N)+M) with N the number of elements in the sorted set and M the number of elements returned; O(log(N)) when M is bounded.",
            args: "key:key min max \(limit)", keys: ["RO access"],
            deprecated: ("6.2.0", "`ZRANGE` with the `BYLEX` argument")),
        DocEntry(
            "zrangebyscore", "1.0.5", "Returns members of a sorted set within a range of scores.",
            complexity: "O(log(N)+M) with N the number of elements in the sorted set and M the number of elements returned; O(log(N)) when M is bounded.",
            args: "key:key min:double max:double [WITHSCORES]@2.0.0 \(limit)", keys: ["RO access"],
            history: ["2.0.0: Added the `WITHSCORES` modifier."],
            deprecated: ("6.2.0", "`ZRANGE` with the `BYSCORE` argument")),
        DocEntry(
            "zrangestore", "6.2.0", "Stores a range of members of a sorted set in another key.",
            complexity: "O(log(N)+M) with N the number of elements in the sorted set and M the number of elements stored.",
            args: "dst:key src:key min max [sortby=BYSCORE|BYLEX] [REV] \(limit)", keys: ["OW update", "RO access"]),
        DocEntry(
            "zrank", "2.0.0", "Returns the rank of a member of a sorted set, by ascending score.",
            complexity: "O(log(N))", args: "key:key member", keys: ["RO access"]),
        DocEntry(
            "zrem", "1.2.0", "Removes one or more members of a sorted set; deletes it if no member is left.",
            complexity: "O(M*log(N)) with N the number of elements in the sorted set and M the number removed.",
            args: "key:key member...", keys: ["RW delete"], history: ["2.4.0: Accepts several members."]),
        DocEntry(
            "zremrangebylex", "2.8.9", "Removes the members of a sorted set within a lexicographical range.",
            complexity: "O(log(N)+M) with N the number of elements in the sorted set and M the number removed.",
            args: "key:key min max", keys: ["RW delete"]),
        DocEntry(
            "zremrangebyrank", "2.0.0", "Removes the members of a sorted set within a range of ranks.",
            complexity: "O(log(N)+M) with N the number of elements in the sorted set and M the number removed.",
            args: "key:key start:integer stop:integer", keys: ["RW delete"]),
        DocEntry(
            "zremrangebyscore", "1.2.0", "Removes the members of a sorted set within a range of scores.",
            complexity: "O(log(N)+M) with N the number of elements in the sorted set and M the number removed.",
            args: "key:key min:double max:double", keys: ["RW delete"]),
        DocEntry(
            "zrevrange", "1.2.0", "Returns members of a sorted set within a range of ranks, by descending score.",
            complexity: logRangeComplexity,
            args: "key:key start:integer stop:integer [WITHSCORES]", keys: ["RO access"],
            deprecated: ("6.2.0", "`ZRANGE` with the `REV` argument")),
        DocEntry(
            "zrevrangebylex", "2.8.9", "Returns members of a sorted set within a lexicographical range, in reverse order.",
            complexity: "O(log(N)+M) with N the number of elements in the sorted set and M the number of elements returned; O(log(N)) when M is bounded.",
            args: "key:key max min \(limit)", keys: ["RO access"],
            deprecated: ("6.2.0", "`ZRANGE` with the `REV` and `BYLEX` arguments")),
        DocEntry(
            "zrevrangebyscore", "2.2.0", "Returns members of a sorted set within a range of scores, by descending score.",
            complexity: "O(log(N)+M) with N the number of elements in the sorted set and M the number of elements returned; O(log(N)) when M is bounded.",
            args: "key:key max:double min:double [WITHSCORES] \(limit)", keys: ["RO access"],
            history: ["2.1.6: `min` and `max` may be exclusive."],
            deprecated: ("6.2.0", "`ZRANGE` with the `REV` and `BYSCORE` arguments")),
        DocEntry(
            "zrevrank", "2.0.0", "Returns the rank of a member of a sorted set, by descending score.",
            complexity: "O(log(N))", args: "key:key member", keys: ["RO access"]),
        DocEntry(
            "zscan", "2.8.0", "Iterates over the members and scores of a sorted set.",
            complexity: scanComplexity,
            args: "key:key cursor:integer [MATCH pattern:pattern] [COUNT count:integer]", keys: ["RO access"],
            tips: "nondeterministic_output"),
        DocEntry(
            "zscore", "1.2.0", "Returns the score of a member of a sorted set.",
            complexity: "O(1)", args: "key:key member", keys: ["RO access"]),
        DocEntry(
            "zunion", "6.2.0", "Returns the union of several sorted sets.",
            complexity: "O(N)+O(M*log(M)) with N the total size of the inputs and M the size of the result.",
            args: "numkeys:integer key:key... \(combine) [WITHSCORES]", keys: ["RO access"]),
        DocEntry(
            "zunionstore", "2.0.0", "Stores the union of several sorted sets in a key.",
            complexity: "O(N)+O(M*log(M)) with N the total size of the inputs and M the size of the result.",
            args: "destination:key numkeys:integer key:key... \(combine)", keys: ["OW update", "RO access"]),
    ]
}
