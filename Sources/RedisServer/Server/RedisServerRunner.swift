import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Starts a node the way `redis-server` starts: config from file and command line, log
/// lines Redis tools and the harness recognise, listeners, signal handling, shutdown.
public enum RedisServerRunner {
    public static func main(_ arguments: [String]) -> Int32 {
        if let first = arguments.first {
            if first == "-v" || first == "--version" {
                print("Redis server v=\(RedisNode.redisVersion) sha=00000000:0 malloc=libc bits=64 build=shakedown-\(RedisNode.shakedownVersion)")
                return 0
            }
            if first == "-h" || first == "--help" {
                printUsage()
                return 0
            }
        }
        let config = ServerConfig()
        do {
            try ConfigLoader.load(ConfigLoader.parseCommandLine(arguments), into: config)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            return 1
        }
        if config.daemonize { daemonize() }
        let sink: RedisLogHandler.Sink
        do {
            sink = try RedisLogHandler.Sink(path: config.logFile)
        } catch {
            FileHandle.standardError.write(
                Data("\n*** FATAL CONFIG FILE ERROR (Redis \(RedisNode.redisVersion)) ***\nCan't open the log file: \(config.logFile)\n".utf8))
            return 1
        }
        sink.role = "C"
        var startupLog = Logger(label: "startup") { _ in RedisLogHandler(sink: sink, level: config.logLevel.swiftLogLevel) }
        startupLog.logLevel = config.logLevel.swiftLogLevel
        startupLog.warning("oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")
        startupLog.warning(
            "Redis version=\(RedisNode.redisVersion), bits=64, commit=00000000, modified=0, pid=\(getpid()), just started")
        if arguments.isEmpty {
            startupLog.warning(
                "Warning: no config file specified, using the default config. In order to specify a config file use shakedown-redis /path/to/redis.conf"
            )
        } else {
            startupLog.warning("Configuration loaded")
        }
        sink.role = "M"

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let node = RedisNode(config: config, loop: loop, logSink: sink)
        node.log.notice("monotonic clock: POSIX clock_gettime")
        for directive in ConfigDirectives.all where directive.isInert {
            let value = directive.get(config)
            if value != directive.defaultValue {
                node.log.warning(
                    "Directive '\(directive.name) \(value)' is accepted for compatibility but has no effect in shakedown-redis")
            }
        }

        let exitCode = NIOLockedValueBox<Int32?>(nil)
        let done = DispatchSemaphore(value: 0)
        let started: Bool = (try? loop.submit { () -> Bool in
            node.log.notice("Running mode=\(config.cluster.enabled ? "cluster" : "standalone"), port=\(config.port).")
            do {
                if config.cluster.enabled { try node.enableCluster() }
            } catch {
                node.log.warning("\(error)")
                return false
            }
            node.log.warning("Server initialized")
            do {
                try node.persistence.loadAtStartup()
                try node.cluster?.verifyConfigWithData()
            } catch {
                node.log.warning("\(error)")
                return false
            }
            return true
        }.wait()) ?? false
        guard started else { return 1 }

        let channels: [Channel]
        do {
            channels = try bind(node: node, group: group)
        } catch {
            node.log.warning("Failed listening on port \(config.port) (tcp), aborting: \(error)")
            return 1
        }
        if let pidFile = config.pidFile {
            try? "\(getpid())\n".write(toFile: pidFile, atomically: false, encoding: .utf8)
        }
        node.boundPort = channels.first?.localAddress?.port ?? config.port
        do {
            try node.startClusterBus()
        } catch {
            node.log.warning("Failed listening on the cluster bus port (tcp), aborting: \(error)")
            return 1
        }
        node.shutdownRequested = nil
        node.onExit = { code in
            exitCode.withLockedValue { $0 = code }
            for c in channels { c.close(promise: nil) }
            done.signal()
        }
        let signals = installSignalHandlers(node: node)
        loop.execute { node.startCron() }
        node.log.notice("Ready to accept connections")
        // The signal sources must outlive the wait (Swift may release unused values early).
        withExtendedLifetime(signals) { done.wait() }
        try? group.syncShutdownGracefully()
        return exitCode.withLockedValue { $0 } ?? 0
    }

    static func bind(node: RedisNode, group: EventLoopGroup) throws -> [Channel] {
        let config = node.config
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: Int32(config.tcpBacklog))
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: config.tcpKeepalive > 0 ? 1 : 0)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(node: node))
                }
            }
        var channels: [Channel] = []
        var port = config.port
        for (host, optional) in config.listenAddresses {
            do {
                var b = bootstrap
                if host.contains(":") {
                    // Like Redis, IPv6 sockets are IPv6-only so that they can sit beside `*`.
                    b = b.serverChannelOption(
                        ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
                }
                let channel = try b.bind(host: host, port: port).wait()
                if port == 0 { port = channel.localAddress?.port ?? 0 }
                channels.append(channel)
            } catch {
                if optional { continue }
                for c in channels { c.close(promise: nil) }
                throw error
            }
        }
        guard !channels.isEmpty else { throw ChannelError.inappropriateOperationForState }
        return channels
    }

    static func installSignalHandlers(node: RedisNode) -> [DispatchSourceSignal] {
        var sources: [DispatchSourceSignal] = []
        for (sig, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                node.loop.execute {
                    node.log.warning("Received \(name) scheduling shutdown...")
                    node.shutdown(save: nil, fromSignal: true)
                }
            }
            source.resume()
            sources.append(source)
        }
        signal(SIGPIPE, SIG_IGN)
        return sources
    }

    /// `daemonize yes`: fork before any thread exists, detach, point stdio at /dev/null.
    static func daemonize() {
        let pid = fork()
        if pid < 0 { return }
        if pid > 0 { exit(0) }
        setsid()
        let fd = open("/dev/null", O_RDWR)
        if fd >= 0 {
            dup2(fd, 0)
            dup2(fd, 1)
            dup2(fd, 2)
            if fd > 2 { close(fd) }
        }
    }

    static func printUsage() {
        print(
            """
            Usage: ./shakedown-redis [/path/to/redis.conf] [options] [-]
                   ./shakedown-redis - (read config from stdin)
                   ./shakedown-redis -v or --version
                   ./shakedown-redis -h or --help

            Examples:
                   ./shakedown-redis (run the server with default conf)
                   echo 'maxmemory 128mb' | ./shakedown-redis -
                   ./shakedown-redis /etc/redis/6379.conf
                   ./shakedown-redis --port 7777
                   ./shakedown-redis /etc/myredis.conf --loglevel verbose -
                   ./shakedown-redis /etc/myredis.conf --loglevel verbose
            """)
    }
}
