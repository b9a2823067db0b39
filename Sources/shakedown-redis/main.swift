import Foundation
import RedisServer

// `shakedown-redis [redis.conf] [--directive value ...]`, as redis-server.
exit(RedisServerRunner.main(Array(CommandLine.arguments.dropFirst())))
