/// Documentation of the server commands this node serves: COMMAND, CONFIG, INFO, DEBUG,
/// persistence triggers, flushing and the like.
enum ServerDocs {
    static let flushType = "[async=ASYNC@4.0.0|SYNC@6.2.0]"
    static let flushHistory = [
        "4.0.0: Added the `ASYNC` flushing mode modifier.",
        "6.2.0: Added the `SYNC` flushing mode modifier.",
    ]

    static let entries: [DocEntry] = [
        DocEntry(
            "bgrewriteaof", "1.0.0", "Rewrites the append-only file in the background.",
            complexity: "O(1)"),
        DocEntry(
            "bgsave", "1.0.0", "Saves the database to disk in the background.",
            complexity: "O(1)", args: "[SCHEDULE]@3.2.2",
            history: ["3.2.2: Added the `SCHEDULE` option."]),
        DocEntry(
            "command", "2.8.13", "Returns details about every command.",
            complexity: "O(N) where N is the total number of Redis commands",
            tips: "nondeterministic_output_order"),
        DocEntry(
            "command|count", "2.8.13", "Returns the number of commands.",
            complexity: "O(1)"),
        DocEntry(
            "command|docs", "7.0.0", "Returns documentary information about one, several or all commands.",
            complexity: "O(N) where N is the number of commands to look up",
            args: "[command-name...]", tips: "nondeterministic_output_order"),
        DocEntry(
            "command|getkeys", "2.8.13", "Extracts the key names from an arbitrary command.",
            complexity: "O(N) where N is the number of arguments to the command"),
        DocEntry(
            "command|getkeysandflags", "7.0.0", "Extracts the key names, and how they are accessed, from an arbitrary command.",
            complexity: "O(N) where N is the number of arguments to the command"),
        DocEntry(
            "command|help", "5.0.0", "Returns helpful text about the different subcommands.",
            complexity: "O(1)"),
        DocEntry(
            "command|info", "2.8.13", "Returns information about one, several or all commands.",
            complexity: "O(N) where N is the number of commands to look up",
            args: "[command-name...]",
            history: ["7.0.0: Lists all commands when called without names."],
            tips: "nondeterministic_output_order"),
        DocEntry(
            "command|list", "7.0.0", "Returns a list of command names.",
            complexity: "O(N) where N is the total number of Redis commands",
            args: "[FILTERBY (filterby=MODULE module-name|ACLCAT category|PATTERN pattern:pattern)]",
            tips: "nondeterministic_output_order"),
        DocEntry(
            "config", "2.0.0", "A container for server configuration commands.",
            complexity: "Depends on subcommand."),
        DocEntry(
            "config|get", "2.0.0", "Returns the values of configuration parameters.",
            complexity: "O(N) when N is the number of configuration parameters provided",
            args: "{parameter=parameter}...",
            history: ["7.0.0: Accepts several `parameter` arguments."]),
        DocEntry(
            "config|help", "5.0.0", "Returns helpful text about the different subcommands.",
            complexity: "O(1)"),
        DocEntry(
            "config|resetstat", "2.0.0", "Resets the server's statistics.",
            complexity: "O(1)"),
        DocEntry(
            "config|rewrite", "2.8.0", "Rewrites the configuration file to match the configuration in memory.",
            complexity: "O(1)"),
        DocEntry(
            "config|set", "2.0.0", "Sets configuration parameters at run time.",
            complexity: "O(N) when N is the number of configuration parameters provided",
            args: "(parameter_value=parameter value)...",
            history: ["7.0.0: Accepts several `parameter` and `value` pairs."],
            tips: "request_policy:all_nodes response_policy:all_succeeded"),
        DocEntry(
            "dbsize", "1.0.0", "Returns the number of keys in the selected database.",
            complexity: "O(1)", tips: "request_policy:all_shards response_policy:agg_sum"),
        DocEntry(
            "debug", "1.0.0", "A container for debugging commands.",
            complexity: "Depends on subcommand.", syscmd: true),
        DocEntry(
            "flushall", "1.0.0", "Removes all keys from all databases.",
            complexity: "O(N) where N is the total number of keys in all databases",
            args: flushType, history: flushHistory,
            tips: "request_policy:all_shards response_policy:all_succeeded"),
        DocEntry(
            "flushdb", "1.0.0", "Removes all keys from the selected database.",
            complexity: "O(N) where N is the number of keys in the selected database",
            args: flushType, history: flushHistory,
            tips: "request_policy:all_shards response_policy:all_succeeded"),
        DocEntry(
            "info", "1.0.0", "Returns information and statistics about the server.",
            complexity: "O(1)", args: "[section...]",
            history: ["7.0.0: Accepts several `section` arguments."],
            tips: "nondeterministic_output request_policy:all_shards response_policy:special"),
        DocEntry(
            "lastsave", "1.0.0", "Returns the Unix timestamp of the last successful save to disk.",
            complexity: "O(1)", tips: "nondeterministic_output"),
        DocEntry(
            "restore-asking", "3.0.0", "An internal command for migrating keys in a cluster",
            complexity: GenericDocs.restoreComplexity, args: GenericDocs.restoreArgs, keys: ["OW update"],
            history: GenericDocs.restoreHistory, syscmd: true),
        DocEntry(
            "save", "1.0.0", "Saves the database to disk, synchronously.",
            complexity: "O(N) where N is the total number of keys in all databases"),
        DocEntry(
            "shutdown", "1.0.0", "Saves the database (as configured) and stops the server.",
            complexity: "O(N) when saving, where N is the total number of keys in all databases; otherwise O(1)",
            args: "[nosave_save=NOSAVE|SAVE] [NOW]@7.0.0 [FORCE]@7.0.0 [ABORT]@7.0.0",
            history: ["7.0.0: Added the `NOW`, `FORCE` and `ABORT` modifiers."]),
        DocEntry(
            "swapdb", "4.0.0", "Swaps two databases.",
            complexity: "O(N) where N is the count of clients watching or blocking on keys from both databases.",
            args: "index1:integer index2:integer"),
        DocEntry(
            "time", "2.6.0", "Returns the server time.",
            complexity: "O(1)", tips: "nondeterministic_output"),
    ]
}
