import Foundation
import Testing

@testable import Mesh

@Suite struct PatchTests {
    @Test func mergePatchMergesObjectsRemovesNullsAndReplacesArrays() throws {
        let target = try ConfigAPITestSupport.json(#"{"a":{"b":1,"c":2},"list":[1,2,3],"keep":"x"}"#)
        let patch = try ConfigAPITestSupport.json(#"{"a":{"b":null,"d":4},"list":[9],"new":{"n":null}}"#)
        #expect(JSONMergePatch.apply(patch, to: target) == (try ConfigAPITestSupport.json(#"{"a":{"c":2,"d":4},"list":[9],"keep":"x","new":{}}"#)))
        // A non-object patch replaces the whole target.
        #expect(JSONMergePatch.apply("x", to: target) == "x")
    }

    @Test func jsonPatchAppliesOperationsInOrder() throws {
        let document = try ConfigAPITestSupport.json(#"{"spec":{"hosts":["a"],"http":[{"timeout":"1s"}]}}"#)
        let patch = try JSONPatch(try ConfigAPITestSupport.json(
            #"""
            [{"op":"add","path":"/spec/hosts/-","value":"b"},
             {"op":"replace","path":"/spec/http/0/timeout","value":"2s"},
             {"op":"copy","from":"/spec/hosts/0","path":"/spec/first"},
             {"op":"move","from":"/spec/first","path":"/spec/moved"},
             {"op":"test","path":"/spec/moved","value":"a"},
             {"op":"remove","path":"/spec/hosts/0"}]
            """#))
        #expect(try patch.apply(to: document) == (try ConfigAPITestSupport.json(#"{"spec":{"hosts":["b"],"http":[{"timeout":"2s"}],"moved":"a"}}"#)))
    }

    @Test func jsonPatchErrorsNameTheOperation() throws {
        let document = try ConfigAPITestSupport.json(#"{"spec":{}}"#)
        let missing = try JSONPatch(try ConfigAPITestSupport.json(#"[{"op":"remove","path":"/spec/hosts"}]"#))
        #expect(throws: JSONPatch.Failure(message: #"operation 0: missing member "hosts""#)) { try missing.apply(to: document) }
        let failedTest = try JSONPatch(try ConfigAPITestSupport.json(#"[{"op":"add","path":"/spec/x","value":1},{"op":"test","path":"/spec/x","value":2}]"#))
        #expect(throws: JSONPatch.Failure(message: "operation 1: test failed: /spec/x is not 2")) { try failedTest.apply(to: document) }
        #expect(throws: JSONPatch.Failure(message: #"operation 0: unknown op "frob""#)) {
            try JSONPatch(try ConfigAPITestSupport.json(#"[{"op":"frob","path":"/"}]"#))
        }
    }
}
