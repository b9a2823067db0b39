/// The documentation table: every command and subcommand of Redis 7.0 in the groups this
/// node serves, by full name (`config|get`). It is written ahead of the command table, so a
/// family landing later finds its docs waiting; `COMMAND DOCS` reports only the commands
/// the node's table has.
public enum CommandDocs {
    static let entries: [DocEntry] =
        GenericDocs.entries + StringDocs.entries + ListDocs.entries + HashDocs.entries + SetDocs.entries
        + SortedSetDocs.entries + PubSubDocs.entries + TransactionDocs.entries + ConnectionDocs.entries
        + ServerDocs.entries + ReplicationDocs.entries

    /// Parses every entry. Returns the table and what was wrong with it (nothing, when sound).
    static func parseAll() -> (docs: [String: CommandDoc], errors: [String]) {
        var docs: [String: CommandDoc] = [:]
        var errors: [String] = []
        for entry in entries {
            do {
                let doc = try CommandDoc(entry)
                if docs[doc.fullName] != nil { errors.append("\(doc.fullName) is documented twice") }
                docs[doc.fullName] = doc
            } catch {
                errors.append(error.description)
            }
        }
        return (docs, errors)
    }

    static let table: [String: CommandDoc] = {
        let (docs, errors) = parseAll()
        precondition(errors.isEmpty, "the documentation table is broken: \(errors)")
        return docs
    }()

    /// The documentation of `set` or `config|get` (lower case).
    public static func lookup(_ fullName: String) -> CommandDoc? { table[fullName] }
}
