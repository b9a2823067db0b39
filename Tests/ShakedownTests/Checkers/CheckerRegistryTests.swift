import Testing
@testable import Shakedown

@Suite struct CheckerRegistryTests {
    @Test func everyCheckerIsFoundByItsSuiteName() throws {
        #expect(CheckerRegistry.names == ["linearizable", "acknowledged-writes", "slot-coverage", "failover", "stale-node"])
        for name in CheckerRegistry.names {
            let type = try #require(CheckerRegistry.named(name))
            #expect(type.name == name)
            // Every checker has defaults for all its settings, and says unknown with nothing to judge.
            let checker = try type.init(parameters: parameters("", path: "checks[0].\(name)"))
            let result = checker.check(CheckContext(history: []))
            #expect(result.validity == .unknown, "\(name): \(result.message)")
            #expect(result.check == name)
        }
        #expect(CheckerRegistry.named("linearisable") == nil)
    }

    @Test func unknownSettingNamesTheKeyForEveryChecker() throws {
        for type in CheckerRegistry.all {
            let error = #expect(throws: SuiteError.self) {
                try type.init(parameters: parameters("bogus: 1", path: "checks[0].\(type.name)"))
            }
            #expect(error?.key == "checks[0].\(type.name).bogus")
            #expect(error?.message == "unknown key")
        }
    }
}
