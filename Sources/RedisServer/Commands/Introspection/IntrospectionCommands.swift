enum IntrospectionCommands {
    static let all: [CommandSpec] = []
}
