enum ServerCommands {
    static let all: [CommandSpec] = []
}
