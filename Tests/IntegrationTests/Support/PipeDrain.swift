import Foundation

/// Reads what a child process writes to a pipe on a thread of its own, with blocking reads,
/// until end of file. Not `FileHandle.readabilityHandler`: tearing its dispatch source down
/// while other threads do the same can crash libdispatch's manager thread on Linux
/// (swift-corelibs-libdispatch#949: `_dispatch_event_loop_drain`), which took a CI run down.
enum PipeDrain {
    /// Call after the process started: the thread ends when every writer has closed the pipe.
    static func start(_ pipe: Pipe, into append: @escaping @Sendable (Data) -> Void) {
        let handle = pipe.fileHandleForReading
        let thread = Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { return }
                append(data)
            }
        }
        thread.start()
    }
}
