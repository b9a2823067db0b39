#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain thread for a loop that blocks in C (libpcap): kept off NIO's event loops and Swift's
/// cooperative pool, which must never block.
struct PosixThread: @unchecked Sendable {
    private let thread: pthread_t

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts `body` on a new thread; nil when the system refuses one.
    static func start(_ body: @escaping @Sendable () -> Void) -> PosixThread? {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let result = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            }, context)
        #if canImport(Darwin)
        guard result == 0, let thread else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        #else
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        #endif
        return PosixThread(thread: thread)
    }

    /// Waits until the body has returned.
    func join() {
        pthread_join(thread, nil)
    }
}
