import Foundation
import Testing

@testable import Broker

@Suite struct DefinitionsFileTests {
    @Test func definitionsSurviveAndReplaceAtomically() throws {
        let directory = TestDirectory("definitions")
        defer { directory.remove() }
        let file = DefinitionsFile(directory: directory.path + "/nested")
        #expect(try file.load() == nil)
        try file.save(Array(#"{"users":[{"name":"guest"}]}"#.utf8))
        try file.save(Array(#"{"users":[],"vhosts":[{"name":"/"}]}"#.utf8))
        #expect(try file.load() == Array(#"{"users":[],"vhosts":[{"name":"/"}]}"#.utf8))
        #expect(!FileManager.default.fileExists(atPath: file.path + ".tmp"))
        #expect(file.path == directory.path + "/nested/definitions.json")
    }

    @Test func anUnwritableDirectoryIsAClearError() {
        let file = DefinitionsFile(directory: "/proc/definitions-test")
        let error = #expect(throws: DurabilityError.self) { try file.save([1]) }
        #expect("\(error!)".contains("/proc/definitions-test"))
    }
}

@Suite struct DefinitionsPersistenceTests {
    @Test func accessStateSurvivesARestartExactly() throws {
        let directory = TestDirectory("definitions-persist")
        defer { directory.remove() }
        let persistence = DefinitionsPersistence(directory: directory.path)
        #expect(try persistence.loadAccessState() == nil)
        let access = AccessControl()
        access.putVhost(VhostRecord(name: "prod", description: "production", tags: ["critical"]))
        access.putUser(User(name: "publisher", password: "s3cret", tags: [.management]))
        try access.setPermission(UserPermission(user: "publisher", vhost: "prod", configure: "^$", write: "^events$", read: ""))
        try access.setTopicPermission(TopicPermission(user: "publisher", vhost: "prod", exchange: "amq.topic", write: "^{username}\\.", read: ".*"))
        try access.deleteUser("guest")
        #expect(try persistence.save(access))
        #expect(try persistence.save(access) == false, "unchanged state is not rewritten")

        // The next start.
        let restarted = DefinitionsPersistence(directory: directory.path)
        let state = try #require(try restarted.loadAccessState())
        #expect(state == access.snapshot)
        #expect(state.users["guest"] == nil)
        let revived = AccessControl(state: state)
        #expect(throws: Never.self) {
            try revived.authenticate(mechanism: "PLAIN", credentials: SASLCredentials(username: "publisher", password: "s3cret"))
        }
        #expect(try restarted.save(revived) == false)
    }

    @Test func aDamagedDefinitionsFileRefusesToStartNamingIt() throws {
        let directory = TestDirectory("definitions-bad")
        defer { directory.remove() }
        let persistence = DefinitionsPersistence(directory: directory.path)
        try persistence.file.save(Array(#"{"users": [{"name": "x"}]}"#.utf8))
        let error = #expect(throws: DurabilityError.self) { try persistence.loadAccessState() }
        guard case .invalidDefinitions(let file, let reason)? = error else { return }
        #expect(file == persistence.file.path)
        #expect(reason.contains("users[0]"))
    }
}
