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
