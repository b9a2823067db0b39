enum SortedSetCommands {
    static let all: [CommandSpec] = []
}
