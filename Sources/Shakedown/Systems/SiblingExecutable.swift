import Foundation

/// Our own executables (`shakedown-redis`, `shakedown-mesh`): beside the running `shakedown`
/// binary, else in `.build/release` or `.build/debug` of the working directory.
public enum SiblingExecutable {
    public static func locate(_ name: String) throws -> String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [here.appendingPathComponent(name).path, ".build/release/\(name)", ".build/debug/\(name)"]
        guard let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw TargetError("\(name) not found beside shakedown or in .build: run `swift build` first")
        }
        return URL(fileURLWithPath: found).standardizedFileURL.path
    }
}
