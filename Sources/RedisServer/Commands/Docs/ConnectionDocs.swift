/// Documentation of the connection commands, CLIENT included.
enum ConnectionDocs {
    static let entries: [DocEntry] = [
        DocEntry(
            "auth", "1.0.0", "Authenticates the connection.",
            complexity: "O(N) where N is the number of passwords defined for the user",
            args: "[username]@6.0.0 password",
            history: ["6.0.0: Added ACL style (username and password)."]),
        DocEntry(
            "client", "2.4.0", "A container for commands that manage client connections.",
            complexity: "Depends on subcommand."),
        DocEntry(
            "client|caching", "6.0.0", "Tells whether the next commands' keys are tracked, in opt-in or opt-out tracking.",
            complexity: "O(1)", args: "(mode=YES|NO)"),
        DocEntry(
            "client|getname", "2.6.9", "Returns the name of the connection.",
            complexity: "O(1)"),
        DocEntry(
            "client|getredir", "6.0.0", "Returns the id of the client that receives this connection's tracking notifications.",
            complexity: "O(1)"),
        DocEntry(
            "client|help", "5.0.0", "Returns helpful text about the different subcommands.",
            complexity: "O(1)"),
        DocEntry(
            "client|id", "5.0.0", "Returns the unique id of the connection.",
            complexity: "O(1)"),
        DocEntry(
            "client|info", "6.2.0", "Returns information about the connection.",
            complexity: "O(1)", tips: "nondeterministic_output"),
        DocEntry(
            "client|kill", "2.4.0", "Closes client connections.",
            complexity: "O(N) where N is the number of client connections",
            args: """
                (filter='ip:port'!2.8.12|(new-format=[ID client-id:integer]@2.8.12\
                |[TYPE (normal_master_slave_pubsub=NORMAL|MASTER@3.2.0|SLAVE|REPLICA@5.0.0|PUBSUB)]@2.8.12\
                |[USER username]|[ADDR 'ip:port']|[LADDR 'ip:port']@6.2.0|[SKIPME 'yes/no'])...)
                """,
            history: [
                "2.8.12: Added the new filter format.",
                "2.8.12: Added the `ID` filter.",
                "3.2.0: Added the `master` type to the `TYPE` filter.",
                "5.0.0: Replaced `slave` with `replica` in the `TYPE` filter; `slave` still works.",
                "6.2.0: Added the `LADDR` filter.",
            ]),
        DocEntry(
            "client|list", "2.4.0", "Lists the client connections.",
            complexity: "O(N) where N is the number of client connections",
            args: "[TYPE (normal_master_replica_pubsub=NORMAL|MASTER|REPLICA|PUBSUB)]@5.0.0 [ID {id=client-id:integer...}]@6.2.0",
            history: [
                "2.8.12: Added the unique client `id` field.",
                "5.0.0: Added the optional `TYPE` filter.",
                "6.0.0: Added the `user` field.",
                "6.2.0: Added the `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.",
                "7.0.0: Added the `resp`, `multi-mem`, `rbs` and `rbp` fields.",
                "7.0.3: Added the `ssub` field.",
            ],
            tips: "nondeterministic_output"),
        DocEntry(
            "client|no-evict", "7.0.0", "Sets whether the connection may be evicted when client memory is short.",
            complexity: "O(1)", args: "(enabled=ON|OFF)"),
        DocEntry(
            "client|pause", "2.9.50", "Suspends the commands of the clients for a while.",
            complexity: "O(1)", args: "timeout:integer [mode=WRITE|ALL]@6.2.0",
            history: ["6.2.0: Added the `WRITE` and `ALL` modes; `ALL` is the default."]),
        DocEntry(
            "client|reply", "3.2.0", "Tells the server whether to reply to commands.",
            complexity: "O(1)", args: "(on_off_skip=ON|OFF|SKIP)"),
        DocEntry(
            "client|setname", "2.6.9", "Sets the name of the connection.",
            complexity: "O(1)", args: "connection-name"),
        DocEntry(
            "client|tracking", "6.0.0", "Turns server-assisted client-side caching on or off for the connection.",
            complexity: "O(1). Some options may cost O(N), N being the number of tracked prefixes.",
            args: """
                (status=ON|OFF) [REDIRECT client-id:integer] [PREFIX+ prefix...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]
                """),
        DocEntry(
            "client|trackinginfo", "6.2.0", "Returns the client-side caching settings of the connection.",
            complexity: "O(1)"),
        DocEntry(
            "client|unblock", "5.0.0", "Unblocks a client blocked by a blocking command, from another connection.",
            complexity: "O(log N) where N is the number of client connections",
            args: "client-id:integer [timeout_error=TIMEOUT|ERROR]"),
        DocEntry(
            "client|unpause", "6.2.0", "Resumes the clients suspended by CLIENT PAUSE.",
            complexity: "O(N) Where N is the number of paused clients"),
        DocEntry(
            "echo", "1.0.0", "Returns the given string.",
            complexity: "O(1)", args: "message"),
        DocEntry(
            "hello", "6.0.0", "Performs the handshake: picks the protocol version, optionally authenticates and names the connection.",
            complexity: "O(1)",
            args: "[arguments=protover:integer [username_password=AUTH username password] [SETNAME clientname]]",
            history: ["6.2.0: `protover` became optional; without it the reply reports the current protocol."]),
        DocEntry(
            "ping", "1.0.0", "Returns the server's liveness response.",
            complexity: "O(1)", args: "[message]", tips: "request_policy:all_shards response_policy:all_succeeded"),
        DocEntry(
            "quit", "1.0.0", "Closes the connection.",
            complexity: "O(1)"),
        DocEntry(
            "reset", "6.2.0", "Resets the connection to its initial state.",
            complexity: "O(1)"),
        DocEntry(
            "select", "1.0.0", "Changes the selected database.",
            complexity: "O(1)", args: "index:integer"),
    ]
}
