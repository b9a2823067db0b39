enum HashCommands {
    static let all: [CommandSpec] = []
}
