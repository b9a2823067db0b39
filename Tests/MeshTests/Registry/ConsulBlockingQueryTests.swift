import Mesh
import Testing

@Suite struct ConsulBlockingQueryTests {
    @Test func parsesIndexAndWaitAsConsul() throws {
        #expect(try ConsulBlockingQuery.parse(index: nil, wait: nil) == ConsulBlockingQuery(index: nil, wait: .seconds(300)))
        #expect(try ConsulBlockingQuery.parse(index: "7", wait: "10s") == ConsulBlockingQuery(index: 7, wait: .seconds(10)))
        #expect(try ConsulBlockingQuery.parse(index: "7", wait: "500ms").wait == .milliseconds(500))
        // More than 10 minutes is capped; zero means the default; index 0 answers at once.
        #expect(try ConsulBlockingQuery.parse(index: "7", wait: "1h").wait == .seconds(600))
        #expect(try ConsulBlockingQuery.parse(index: "7", wait: "0").wait == .seconds(300))
        #expect(try ConsulBlockingQuery.parse(index: "0", wait: "1s").index == nil)
    }

    @Test func malformedParametersAreBadRequests() {
        #expect(throws: ConsulHTTPError.badRequest("Invalid index: strconv.ParseUint: parsing \"abc\": invalid syntax")) {
            try ConsulBlockingQuery.parse(index: "abc", wait: nil)
        }
        #expect(throws: ConsulHTTPError.badRequest("Invalid index: strconv.ParseUint: parsing \"-1\": invalid syntax")) {
            try ConsulBlockingQuery.parse(index: "-1", wait: nil)
        }
        #expect(throws: ConsulHTTPError.badRequest("Invalid wait time: time: missing unit in duration \"10\"")) {
            try ConsulBlockingQuery.parse(index: "1", wait: "10")
        }
    }

    @Test func waitWakesOnChange() async throws {
        let registry = ConsulRegistry()
        let seen = registry.index
        async let woken: Void = registry.waitForChange(after: seen, timeout: .seconds(60))
        #expect(await eventually { registry.waitingQueries == 1 })
        try registry.register(ConsulServiceRegistration(name: "details"))
        await woken
        #expect(registry.index > seen)
        #expect(registry.waitingQueries == 0)
    }

    @Test func waitTimesOutWithoutChange() async throws {
        let registry = ConsulRegistry()
        await registry.waitForChange(after: registry.index, timeout: .milliseconds(50))
        #expect(registry.index == 1)
        #expect(registry.waitingQueries == 0)
    }

    @Test func waitReturnsAtOnceWhenIndexAlreadyPassed() async throws {
        let registry = ConsulRegistry()
        try registry.register(ConsulServiceRegistration(name: "details"))
        // A 10-minute wait that must not wait: the test would hang otherwise.
        await registry.waitForChange(after: 1, timeout: .seconds(600))
        #expect(registry.waitingQueries == 0)
    }

    @Test func cancelledWaitIsReleased() async throws {
        let registry = ConsulRegistry()
        let waiter = Task { await registry.waitForChange(after: registry.index, timeout: .seconds(600)) }
        #expect(await eventually { registry.waitingQueries == 1 })
        waiter.cancel()
        await waiter.value
        #expect(registry.waitingQueries == 0)
    }

    @Test func aNoOpDeregisterDoesNotWake() async throws {
        let registry = ConsulRegistry()
        async let woken: Void = registry.waitForChange(after: registry.index, timeout: .seconds(60))
        #expect(await eventually { registry.waitingQueries == 1 })
        registry.deregister(serviceID: "absent")
        #expect(registry.waitingQueries == 1)
        try registry.register(ConsulServiceRegistration(name: "details"))
        await woken
    }
}
