/// Why a directive's value was refused; the text is Redis's.
public struct ConfigError: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }

    static let yesOrNo = ConfigError("argument must be 'yes' or 'no'")
    static let notInteger = ConfigError("argument couldn't be parsed into an integer")
    static let notMemory = ConfigError("argument must be a memory value")
    static let wrongArgCount = ConfigError("wrong number of arguments")
    static let immutable = ConfigError("can't set immutable config")
}
