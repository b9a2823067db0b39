enum SetCommands {
    static let all: [CommandSpec] = []
}
