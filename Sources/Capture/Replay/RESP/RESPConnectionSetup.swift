/// The connection state a captured client set up on its home connection — AUTH, HELLO,
/// SELECT, READONLY/READWRITE, CLIENT SETNAME — which every link a redirect opens needs too:
/// without it a redirected command on an authenticated cluster fails with NOAUTH.
///
/// The latest command of each kind is kept; they are sent in a fixed order, AUTH before HELLO
/// (a HELLO without its own AUTH option needs an authenticated connection).
struct RESPConnectionSetup {
    enum Kind: Int, CaseIterable {
        case auth, hello, select, readMode, clientName
    }

    /// A setup command: its label for problems (never its arguments, which may hold a password).
    struct Command {
        var label: String
        var arguments: [[UInt8]]
    }

    private var latest: [Command?] = []

    /// The kind of a state command (`name` and `subcommand` upper-cased); nil for others.
    /// Cheap for ordinary commands.
    static func kind(name: String, subcommand: String?) -> Kind? {
        // Every state command's name is 4 to 9 bytes long.
        guard (4...9).contains(name.utf8.count) else { return nil }
        switch name {
        case "AUTH": return .auth
        case "HELLO": return .hello
        case "SELECT": return .select
        case "READONLY", "READWRITE": return .readMode
        case "CLIENT": return subcommand == "SETNAME" ? .clientName : nil
        default: return nil
        }
    }

    var isEmpty: Bool { latest.isEmpty }

    /// Notes a command the client sent home (`name`, `subcommand` upper-cased): a state command
    /// is kept; RESET logs out and returns to RESP2, database 0 and no name, so new links start
    /// so too.
    mutating func note(name: String, subcommand: String?, _ arguments: [[UInt8]]) {
        if let kind = Self.kind(name: name, subcommand: subcommand) {
            record(kind, name: name, arguments)
        } else if name == "RESET" {
            latest = []
        }
    }

    /// `name` upper-cased, as `kind(name:subcommand:)` was given it.
    mutating func record(_ kind: Kind, name: String, _ arguments: [[UInt8]]) {
        if latest.isEmpty { latest = Array(repeating: nil, count: Kind.allCases.count) }
        latest[kind.rawValue] = Command(label: kind == .clientName ? "CLIENT SETNAME" : name, arguments: arguments)
    }

    /// The commands to send first on a new link, in order.
    var commands: [Command] { latest.compactMap { $0 } }
}
