import NIOConcurrencyHelpers

/// Takes a snapshot of every node's view at a steady interval while a scenario runs, on the
/// history's clock, so checkers can line up what nodes believed with what clients saw.
public final class ClusterPoller: Sendable {
    private let cluster: RedisCluster
    private let recorder: HistoryRecorder
    private let interval: Duration
    private let snapshots = NIOLockedValueBox<[ClusterSnapshot]>([])
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    public init(cluster: RedisCluster, recorder: HistoryRecorder, interval: Duration = .milliseconds(250)) {
        self.cluster = cluster
        self.recorder = recorder
        self.interval = interval
    }

    public func start() {
        let running = Task { [cluster, recorder, interval, snapshots] in
            while !Task.isCancelled {
                let views = await cluster.observe()
                snapshots.withLockedValue { $0.append(ClusterSnapshot(time: recorder.now, views: views)) }
                try? await Task.sleep(for: interval)
            }
        }
        task.withLockedValue { $0 = running }
    }

    /// Stops polling and takes one last snapshot: the final state.
    public func finish() async -> [ClusterSnapshot] {
        let running = task.withLockedValue { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
        let views = await cluster.observe()
        return snapshots.withLockedValue { snapshots in
            snapshots.append(ClusterSnapshot(time: recorder.now, views: views))
            return snapshots
        }
    }

    public var latest: ClusterSnapshot? { snapshots.withLockedValue { $0.last } }
}
