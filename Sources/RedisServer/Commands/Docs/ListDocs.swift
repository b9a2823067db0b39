/// Documentation of the list commands.
enum ListDocs {
    static let timeoutHistory = "6.0.0: `timeout` is read as a double rather than an integer."
    static let popKeys = ["RW access delete"]
    static let pushKeys = ["RW insert"]
    static let moveKeys = ["RW access delete", "RW insert"]

    static let entries: [DocEntry] = [
        DocEntry(
            "blmove", "6.2.0", "Pops an element from one list, pushes it to another and returns it; blocks while the source is empty.",
            complexity: "O(1)",
            args: "source:key destination:key (wherefrom=LEFT|RIGHT) (whereto=LEFT|RIGHT) timeout:double", keys: moveKeys),
        DocEntry(
            "blmpop", "7.0.0", "Pops elements from the first non-empty of several lists; blocks while all are empty.",
            complexity: "O(N+M) where N is the number of keys given and M the number of elements returned.",
            args: "timeout:double numkeys:integer key:key... (where=LEFT|RIGHT) [COUNT count:integer]", keys: popKeys),
        DocEntry(
            "blpop", "2.0.0", "Removes and returns the first element of the first non-empty list; blocks while all are empty.",
            complexity: "O(N) where N is the number of keys given.",
            args: "key:key... timeout:double", keys: popKeys, history: [timeoutHistory]),
        DocEntry(
            "brpop", "2.0.0", "Removes and returns the last element of the first non-empty list; blocks while all are empty.",
            complexity: "O(N) where N is the number of keys given.",
            args: "key:key... timeout:double", keys: popKeys, history: [timeoutHistory]),
        DocEntry(
            "brpoplpush", "2.2.0", "Pops the last element of a list, pushes it to the head of another and returns it; blocks while the source is empty.",
            complexity: "O(1)", args: "source:key destination:key timeout:double", keys: moveKeys,
            history: [timeoutHistory], deprecated: ("6.2.0", "`BLMOVE` with the `RIGHT` and `LEFT` arguments")),
        DocEntry(
            "lindex", "1.0.0", "Returns the element at an index of a list.",
            complexity: "O(N) where N is the number of elements walked to reach the index; O(1) for the first and last elements.",
            args: "key:key index:integer", keys: ["RO access"]),
        DocEntry(
            "linsert", "2.2.0", "Inserts an element before or after another element of a list.",
            complexity: "O(N) where N is the number of elements walked before the pivot is found: O(1) near the head, O(N) near the tail.",
            args: "key:key (where=BEFORE|AFTER) pivot element", keys: pushKeys),
        DocEntry(
            "llen", "1.0.0", "Returns the length of a list.",
            complexity: "O(1)", args: "key:key", keys: ["RO"]),
        DocEntry(
            "lmove", "6.2.0", "Pops an element from one list, pushes it to another and returns it.",
            complexity: "O(1)", args: "source:key destination:key (wherefrom=LEFT|RIGHT) (whereto=LEFT|RIGHT)",
            keys: moveKeys),
        DocEntry(
            "lmpop", "7.0.0", "Pops elements from the first non-empty of several lists.",
            complexity: "O(N+M) where N is the number of keys given and M the number of elements returned.",
            args: "numkeys:integer key:key... (where=LEFT|RIGHT) [COUNT count:integer]", keys: popKeys),
        DocEntry(
            "lpop", "1.0.0", "Removes and returns the first elements of a list.",
            complexity: "O(N) where N is the number of elements returned.",
            args: "key:key [count:integer]@6.2.0", keys: popKeys, history: ["6.2.0: Added the `count` argument."]),
        DocEntry(
            "lpos", "6.0.6", "Returns the positions of the elements of a list equal to a value.",
            complexity: "O(N) where N is the number of elements of the list, on average; O(1) for a match near either end when MAXLEN is given.",
            args: "key:key element [RANK rank:integer] [COUNT num-matches:integer] [MAXLEN len:integer]",
            keys: ["RO access"]),
        DocEntry(
            "lpush", "1.0.0", "Prepends one or more elements to a list, creating the key if it does not exist.",
            complexity: "O(1) per element added: O(N) for N elements.",
            args: "key:key element...", keys: pushKeys, history: ["2.4.0: Accepts several `element` arguments."]),
        DocEntry(
            "lpushx", "2.2.0", "Prepends one or more elements to a list, only if the list exists.",
            complexity: "O(1) per element added: O(N) for N elements.",
            args: "key:key element...", keys: pushKeys, history: ["4.0.0: Accepts several `element` arguments."]),
        DocEntry(
            "lrange", "1.0.0", "Returns a range of elements of a list.",
            complexity: "O(S+N) where S is the distance of the start offset from the head (or tail, for large lists) and N the number of elements returned.",
            args: "key:key start:integer stop:integer", keys: ["RO access"]),
        DocEntry(
            "lrem", "1.0.0", "Removes elements equal to a value from a list; deletes the list if it ends up empty.",
            complexity: "O(N+M) where N is the length of the list and M the number of elements removed.",
            args: "key:key count:integer element", keys: ["RW delete"]),
        DocEntry(
            "lset", "1.0.0", "Sets the value of the element at an index of a list.",
            complexity: "O(N) where N is the length of the list; O(1) for the first and last elements.",
            args: "key:key index:integer element", keys: ["RW update"]),
        DocEntry(
            "ltrim", "1.0.0", "Trims a list to a range of its elements, deleting it if the range is empty.",
            complexity: "O(N) where N is the number of elements removed.",
            args: "key:key start:integer stop:integer", keys: ["RW delete"]),
        DocEntry(
            "rpop", "1.0.0", "Removes and returns the last elements of a list.",
            complexity: "O(N) where N is the number of elements returned.",
            args: "key:key [count:integer]@6.2.0", keys: popKeys, history: ["6.2.0: Added the `count` argument."]),
        DocEntry(
            "rpoplpush", "1.2.0", "Pops the last element of a list, pushes it to the head of another and returns it.",
            complexity: "O(1)", args: "source:key destination:key", keys: moveKeys,
            deprecated: ("6.2.0", "`LMOVE` with the `RIGHT` and `LEFT` arguments")),
        DocEntry(
            "rpush", "1.0.0", "Appends one or more elements to a list, creating the key if it does not exist.",
            complexity: "O(1) per element added: O(N) for N elements.",
            args: "key:key element...", keys: pushKeys, history: ["2.4.0: Accepts several `element` arguments."]),
        DocEntry(
            "rpushx", "2.2.0", "Appends one or more elements to a list, only if the list exists.",
            complexity: "O(1) per element added: O(N) for N elements.",
            args: "key:key element...", keys: pushKeys, history: ["4.0.0: Accepts several `element` arguments."]),
    ]
}
