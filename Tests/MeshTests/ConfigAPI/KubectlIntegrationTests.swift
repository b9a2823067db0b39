import Foundation
import Testing

@testable import Mesh

/// The machine's real kubectl 1.32 against the server: Istio 1.1's Bookinfo (Consul) routing
/// files applied, read back, re-applied changed, deleted; errors as kubectl prints them.
@Suite(.enabled(if: Kubectl.path != nil, "needs kubectl"))
struct KubectlIntegrationTests {
    func fixture(_ name: String) -> String { ConfigAPITestSupport.fixture(name).path }

    @Test func bookinfoRoutingLifecycle() async throws {
        try await RunningConfigAPI.with { server in
            let kubectl = try Kubectl(server: server.url)
            let rules = try await kubectl.run(["apply", "-f", fixture("destination-rule-all.yaml")])
            #expect(rules.status == 0, "\(rules.stderr)")
            #expect(rules.stdout.split(separator: "\n") == [
                "destinationrule.networking.istio.io/productpage created", "destinationrule.networking.istio.io/reviews created",
                "destinationrule.networking.istio.io/ratings created", "destinationrule.networking.istio.io/details created",
            ])
            let services = try await kubectl.run(["apply", "-f", fixture("virtual-service-all-v1.yaml")])
            #expect(services.status == 0, "\(services.stderr)")
            #expect(server.store.snapshot().virtualServices.map(\.name) == ["productpage", "reviews", "ratings", "details"])

            let table = try await kubectl.run(["get", "vs"])
            let firstColumn: [String] = table.stdout.split(separator: "\n").map { line in String(line.prefix { $0 != " " }) }
            #expect(firstColumn == ["NAME", "details", "productpage", "ratings", "reviews"])
            let yaml = try await kubectl.run(["get", "vs", "reviews", "-o", "yaml"])
            #expect(yaml.stdout.contains("host: reviews.service.consul\n        subset: v1"))
            #expect(yaml.stdout.contains("kubectl.kubernetes.io/last-applied-configuration"))
            let ruleYAML = try await kubectl.run(["get", "destinationrules", "-o", "yaml"])
            #expect(ruleYAML.stdout.contains("kind: List") && ruleYAML.stdout.components(separatedBy: "kind: DestinationRule").count == 5)

            // Re-apply changed: kubectl sends a JSON merge patch.
            let jason = try await kubectl.run(["apply", "-f", fixture("virtual-service-reviews-test-v2.yaml")])
            #expect(jason.stdout == "virtualservice.networking.istio.io/reviews configured\n", "\(jason.stderr)")
            let reviews = try #require(server.store.snapshot().virtualServices.first { $0.name == "reviews" })
            #expect(reviews.spec.http?.first?.match?.first?.headers?["end-user"] == .init(exact: "jason"))
            #expect(reviews.spec.http?.first?.route?.first?.destination.subset == "v2")
            let split = try await kubectl.run(["apply", "-f", fixture("virtual-service-reviews-50-v3.yaml")])
            #expect(split.status == 0, "\(split.stderr)")
            let weights = server.store.snapshot().virtualServices.first { $0.name == "reviews" }?.spec.http?.first?.route?.map(\.weight)
            #expect(weights == [50, 50])
            #expect(server.store.snapshot().virtualServices.first { $0.name == "reviews" }?.spec.http?.count == 1)
            for file in ["virtual-service-ratings-test-delay.yaml", "virtual-service-ratings-test-abort.yaml"] {
                let applied = try await kubectl.run(["apply", "-f", fixture(file)])
                #expect(applied.status == 0, "\(applied.stderr)")
            }
            let ratings = server.store.snapshot().virtualServices.first { $0.name == "ratings" }?.spec.http?.first?.fault
            #expect(ratings?.abort?.httpStatus == 500 && ratings?.delay == nil)
            let unchanged = try await kubectl.run(["apply", "-f", fixture("virtual-service-ratings-test-abort.yaml")])
            #expect(unchanged.stdout == "virtualservice.networking.istio.io/ratings unchanged\n")

            let deleteOne = try await kubectl.run(["delete", "vs", "reviews"])
            #expect(deleteOne.stdout == "virtualservice.networking.istio.io \"reviews\" deleted\n", "\(deleteOne.stderr)")
            let deleteFile = try await kubectl.run(["delete", "-f", fixture("destination-rule-all.yaml")])
            #expect(deleteFile.status == 0, "\(deleteFile.stderr)")
            #expect(server.store.snapshot().destinationRules.isEmpty)
            #expect(server.store.snapshot().virtualServices.map(\.name) == ["productpage", "ratings", "details"])
        }
    }

    @Test func configSurvivesAServerRestart() async throws {
        let directory = try ConfigAPITestSupport.temporaryDirectory()
        try await RunningConfigAPI.with(directory: directory) { server in
            let applied = try await Kubectl(server: server.url).run(["apply", "-f", fixture("destination-rule-all.yaml")])
            #expect(applied.status == 0, "\(applied.stderr)")
        }
        try await RunningConfigAPI.with(directory: directory) { server in
            let listed = try await Kubectl(server: server.url).run(["get", "dr", "reviews", "-o", "jsonpath={.spec.subsets[*].name}"])
            #expect(listed.stdout == "v1 v2 v3", "\(listed.stderr)")
            #expect(server.store.snapshot().destinationRules.map(\.name) == ["productpage", "reviews", "ratings", "details"])
        }
    }

    @Test func errorsAsKubectlPrintsThem() async throws {
        try await RunningConfigAPI.with { server in
            let kubectl = try Kubectl(server: server.url)
            let missing = try await kubectl.run(["get", "vs", "nosuch"])
            #expect(missing.status != 0)
            #expect(missing.stderr == "Error from server (NotFound): virtualservices.networking.istio.io \"nosuch\" not found\n")

            let unknownField = """
                apiVersion: networking.istio.io/v1alpha3
                kind: VirtualService
                metadata:
                  name: reviews
                spec:
                  hosts:
                  - reviews.service.consul
                  http:
                  - rout:
                    - destination:
                        host: reviews.service.consul
                """
            let unknown = try await kubectl.run(["apply", "-f", "-"], stdin: unknownField)
            #expect(unknown.stderr.contains(
                #"Error from server (BadRequest): error when creating "STDIN": VirtualService in version "v1alpha3" cannot be handled as a VirtualService: strict decoding error: unknown field "spec.http[0].rout""#),
                "\(unknown.stderr)")

            let badRegex = """
                apiVersion: networking.istio.io/v1alpha3
                kind: VirtualService
                metadata:
                  name: reviews
                spec:
                  hosts:
                  - reviews.service.consul
                  http:
                  - match:
                    - uri:
                        regex: "(unclosed"
                    route:
                    - destination:
                        host: reviews.service.consul
                """
            let regex = try await kubectl.run(["apply", "-f", "-"], stdin: badRegex)
            #expect(regex.stderr.contains(
                #"The VirtualService "reviews" is invalid: spec.http[0].match[0].uri.regex: Invalid value: "(unclosed": not a valid regular expression"#),
                "\(regex.stderr)")
            #expect(server.store.snapshot().virtualServices.isEmpty)
        }
    }
}
