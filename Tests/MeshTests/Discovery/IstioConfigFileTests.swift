import Mesh
import Testing

@Suite struct IstioConfigFileTests {
    @Test func multiDocumentYAMLKeepsFileOrder() throws {
        let set = try BookinfoRegistry.config(BookinfoRegistry.destinationRules, BookinfoRegistry.reviewsTestV2)
        #expect(set.destinationRules.map(\.name) == ["productpage", "reviews", "ratings", "details"])
        #expect(set.destinationRules.map(\.creationIndex) == [1, 2, 3, 4])
        #expect(set.destinationRules[1].spec.subsets?.map(\.name) == ["v1", "v2", "v3"])
        #expect(set.virtualServices.map(\.name) == ["reviews"])
        #expect(set.virtualServices[0].namespace == "default")
        #expect(set.virtualServices[0].spec.http?[0].match?[0].headers?["end-user"]?.exact == "jason")
    }

    @Test func errorsNameTheDocument() {
        let yaml = BookinfoRegistry.reviewsTestV2 + "\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec: {}\n"
        #expect {
            try IstioConfigFile.parse(yaml, source: "rules.yaml")
        } throws: { error in
            "\(error)" == "rules.yaml: document 2: kind 'Service' is not VirtualService or DestinationRule"
        }
        #expect(throws: IstioConfigFileError.self) { try IstioConfigFile.parse("kind: VirtualService\nmetadata:\n  name: x\nspec:\n  hosts: 3\n") }
        #expect(throws: IstioConfigFileError.self) { try IstioConfigFile.parse("a: [\n") }
        #expect(throws: IstioConfigFileError.self) { try IstioConfigFile.load(path: "/nonexistent/rules.yaml") }
    }

    @Test func goDurationsAsIstio11ReadThem() {
        #expect(GoDuration.milliseconds("10s") == 10_000)
        #expect(GoDuration.milliseconds("0.5s") == 500)
        #expect(GoDuration.milliseconds("1m30s") == 90_000)
        #expect(GoDuration.milliseconds("250ms") == 250)
        #expect(GoDuration.milliseconds("0") == 0)
        #expect(GoDuration.milliseconds("10") == nil)
        #expect(GoDuration.milliseconds("-1s") == nil)
        #expect(GoDuration.milliseconds("") == nil)
        #expect(GoDuration.milliseconds("1x") == nil)
    }
}
