/// Documentation of the hash commands.
enum HashDocs {
    static let entries: [DocEntry] = [
        DocEntry(
            "hdel", "2.0.0", "Deletes one or more fields of a hash; deletes the hash if no field is left.",
            complexity: "O(N) where N is the number of fields to delete.",
            args: "key:key field...", keys: ["RW delete"], history: ["2.4.0: Accepts several `field` arguments."]),
        DocEntry(
            "hexists", "2.0.0", "Tells whether a field exists in a hash.",
            complexity: "O(1)", args: "key:key field", keys: ["RO"]),
        DocEntry(
            "hget", "2.0.0", "Returns the value of a field of a hash.",
            complexity: "O(1)", args: "key:key field", keys: ["RO access"]),
        DocEntry(
            "hgetall", "2.0.0", "Returns all the fields and values of a hash.",
            complexity: "O(N) where N is the size of the hash.",
            args: "key:key", keys: ["RO access"], tips: "nondeterministic_output_order"),
        DocEntry(
            "hincrby", "2.0.0", "Increments the integer value of a field of a hash by a number; a missing field counts as 0.",
            complexity: "O(1)", args: "key:key field increment:integer", keys: ["RW access update"]),
        DocEntry(
            "hincrbyfloat", "2.6.0", "Increments the floating point value of a field of a hash by a number; a missing field counts as 0.",
            complexity: "O(1)", args: "key:key field increment:double", keys: ["RW access update"]),
        DocEntry(
            "hkeys", "2.0.0", "Returns all the fields of a hash.",
            complexity: "O(N) where N is the size of the hash.",
            args: "key:key", keys: ["RO access"], tips: "nondeterministic_output_order"),
        DocEntry(
            "hlen", "2.0.0", "Returns the number of fields of a hash.",
            complexity: "O(1)", args: "key:key", keys: ["RO"]),
        DocEntry(
            "hmget", "2.0.0", "Returns the values of several fields of a hash.",
            complexity: "O(N) where N is the number of fields requested.",
            args: "key:key field...", keys: ["RO access"]),
        DocEntry(
            "hmset", "2.0.0", "Sets the values of several fields of a hash.",
            complexity: "O(N) where N is the number of fields set.",
            args: "key:key (field_value=field value)...", keys: ["RW update"],
            deprecated: ("4.0.0", "`HSET` with multiple field-value pairs")),
        DocEntry(
            "hrandfield", "6.2.0", "Returns one or more random fields of a hash.",
            complexity: "O(N) where N is the number of fields returned.",
            args: "key:key [options=count:integer [WITHVALUES]]", keys: ["RO access"], tips: "nondeterministic_output"),
        DocEntry(
            "hscan", "2.8.0", "Iterates over the fields and values of a hash.",
            complexity: "O(1) per call. O(N) for a complete iteration, N being the number of elements, counting enough calls for the cursor to return to 0.",
            args: "key:key cursor:integer [MATCH pattern:pattern] [COUNT count:integer]", keys: ["RO access"],
            tips: "nondeterministic_output"),
        DocEntry(
            "hset", "2.0.0", "Sets the values of one or more fields of a hash, creating the key if needed.",
            complexity: "O(1) per field/value pair added: O(N) for N pairs.",
            args: "key:key (field_value=field value)...", keys: ["RW update"],
            history: ["4.0.0: Accepts several `field` and `value` arguments."]),
        DocEntry(
            "hsetnx", "2.0.0", "Sets the value of a field of a hash only if the field does not exist.",
            complexity: "O(1)", args: "key:key field value", keys: ["RW insert"]),
        DocEntry(
            "hstrlen", "3.2.0", "Returns the length of the value of a field of a hash.",
            complexity: "O(1)", args: "key:key field", keys: ["RO"]),
        DocEntry(
            "hvals", "2.0.0", "Returns all the values of a hash.",
            complexity: "O(N) where N is the size of the hash.",
            args: "key:key", keys: ["RO access"], tips: "nondeterministic_output_order"),
    ]
}
