import Logging
import NIOConcurrencyHelpers

/// Registers an app and keeps trying while the registry is down (registrator retries too),
/// without holding up serving; deregisters on stop.
public final class RegistrationKeeper: Sendable {
    let registrar: any ServiceRegistrar
    let registration: ConsulServiceRegistration
    let logger: Logger
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let registered = NIOLockedValueBox(false)

    public init(registrar: any ServiceRegistrar, registration: ConsulServiceRegistration, logger: Logger) {
        self.registrar = registrar
        self.registration = registration
        self.logger = logger
    }

    /// Starts registering in the background: retries with backoff from 250 ms up to 5 s.
    public func start() {
        let registrar = registrar
        let registration = registration
        let logger = logger
        let registered = registered
        let work = Task {
            var delay = Duration.milliseconds(250)
            var attempt = 1
            while !Task.isCancelled {
                do {
                    try await registrar.register(registration)
                    registered.withLockedValue { $0 = true }
                    logger.info("registered \(registration.id ?? registration.name)")
                    return
                } catch {
                    logger.warning("registration attempt \(attempt) of \(registration.id ?? registration.name) failed: \(error); retrying in \(delay)")
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
                attempt += 1
            }
        }
        task.withLockedValue { $0 = work }
    }

    /// True once the registry accepted the registration.
    public var isRegistered: Bool { registered.withLockedValue { $0 } }

    /// Waits until registered or `timeout` passes; true when registered.
    public func waitUntilRegistered(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if isRegistered { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return isRegistered
    }

    /// Stops retrying and deregisters (always tried: the registry may have taken a request
    /// whose answer was lost).
    public func stop() async {
        if let work = task.withLockedValue({ $0 }) {
            work.cancel()
            await work.value
        }
        let id = registration.id ?? registration.name
        do {
            try await registrar.deregister(serviceID: id)
            logger.info("deregistered \(id)")
        } catch {
            logger.warning("deregistration of \(id) failed: \(error)")
        }
    }
}
