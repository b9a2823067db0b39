enum PersistenceCommands {
    static let all: [CommandSpec] = []
}
