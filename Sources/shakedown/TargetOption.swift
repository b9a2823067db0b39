import ArgumentParser
import Shakedown

extension RedisTarget.Kind: ExpressibleByArgument {}
extension NetworkChoice: ExpressibleByArgument {}

/// `--target` and `--redis-server`, shared by `run` and `up`.
struct TargetOptions: ParsableArguments {
    @Option(help: "The implementation under test: swift (our nodes) or redis-server.")
    var target: RedisTarget.Kind = .swift

    @Option(name: .customLong("redis-server"), help: "Path of the redis-server (or shakedown-redis) executable to run.")
    var executable: String?

    @Option(help: "Network fault backend: auto (netns when root, else proxy), proxy or netns.")
    var network: NetworkChoice = .auto

    func locate() throws -> RedisTarget {
        do {
            return try RedisTarget.locate(target, path: executable)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
