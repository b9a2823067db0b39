import Foundation
import Testing

@testable import Mesh

/// Validation as the apiserver with a CRD schema plus Istio 1.1's checks would answer.
@Suite struct IstioAdmissionTests {
    func virtualService(_ spec: String, name: String = "reviews") throws -> JSONValue {
        try ConfigAPITestSupport.json(
            #"{"apiVersion":"networking.istio.io/v1alpha3","kind":"VirtualService","metadata":{"name":"\#(name)"},"spec":\#(spec)}"#)
    }

    func destinationRule(_ spec: String) throws -> JSONValue {
        try ConfigAPITestSupport.json(
            #"{"apiVersion":"networking.istio.io/v1alpha3","kind":"DestinationRule","metadata":{"name":"reviews"},"spec":\#(spec)}"#)
    }

    /// The refusal's message, or nil when the body is admitted.
    func refusal(_ body: JSONValue, _ kind: IstioResourceKind = .virtualService) -> APIError? {
        do {
            _ = try IstioAdmission.admit(body, as: kind, fieldValidation: .strict)
            return nil
        } catch {
            return error
        }
    }

    @Test func fullIstioFieldSetIsKnownAndTypedSpecIsDerived() throws {
        let body = try virtualService(
            #"""
            {"hosts":["reviews.service.consul"],"gateways":["mesh"],"exportTo":["*"],
             "http":[{"match":[{"uri":{"prefix":"/reviews"},"headers":{"end-user":{"exact":"jason"}},"port":9080,"sourceLabels":{"app":"productpage"},"gateways":["mesh"]}],
                      "route":[{"destination":{"host":"reviews.service.consul","subset":"v2","port":{"number":9080}},"weight":100,
                                "headers":{"request":{"set":{"x":"1"},"add":{"y":"2"},"remove":["z"]}}}],
                      "rewrite":{"uri":"/","authority":"r"},"websocketUpgrade":false,"timeout":"0.5s",
                      "retries":{"attempts":3,"perTryTimeout":"2s","retryOn":"5xx"},
                      "fault":{"delay":{"percentage":{"value":100.0},"fixedDelay":"7s"},"abort":{"percent":10,"httpStatus":500}},
                      "mirror":{"host":"reviews.service.consul","subset":"v3"},
                      "corsPolicy":{"allowOrigin":["*"],"allowMethods":["GET"],"allowHeaders":["x"],"exposeHeaders":["y"],"maxAge":"24h","allowCredentials":true},
                      "appendHeaders":{"a":"b"},"removeResponseHeaders":["c"],"appendRequestHeaders":{"d":"e"},"removeRequestHeaders":["f"],"appendResponseHeaders":{"g":"h"}}],
             "tcp":[{"match":[{"port":27017,"destinationSubnets":["10.0.0.0/8"]}],"route":[{"destination":{"host":"mongo"}}]}],
             "tls":[{"match":[{"sniHosts":["a.example"],"port":443}],"route":[{"destination":{"host":"a.example"}}]}]}
            """#)
        let admitted = try IstioAdmission.admit(body, as: .virtualService, fieldValidation: .strict)
        guard case .virtualService(let spec) = admitted.spec else {
            Issue.record("not a VirtualService spec")
            return
        }
        #expect(spec.hosts == ["reviews.service.consul"])
        #expect(spec.http?.first?.match?.first?.headers?["end-user"] == .init(exact: "jason"))
        #expect(spec.http?.first?.fault?.delay?.fixedDelay == "7s")
        #expect(spec.http?.first?.retries?.attempts == 3)
        // Stored as sent: fields the typed model lacks stay in the object.
        #expect(admitted.object["spec"]?["http"]?.arrayValue?.first?["corsPolicy"]?["maxAge"] == "24h")

        let rule = try destinationRule(
            #"""
            {"host":"reviews.service.consul","exportTo":["*"],
             "trafficPolicy":{"loadBalancer":{"simple":"LEAST_CONN"},
               "connectionPool":{"tcp":{"maxConnections":100,"connectTimeout":"30ms","tcpKeepalive":{"probes":3,"time":"7200s","interval":"75s"}},
                                 "http":{"http1MaxPendingRequests":1,"http2MaxRequests":10,"maxRequestsPerConnection":1,"maxRetries":3}},
               "outlierDetection":{"consecutiveErrors":7,"interval":"5m","baseEjectionTime":"15m","maxEjectionPercent":100,"minHealthPercent":50},
               "tls":{"mode":"ISTIO_MUTUAL","subjectAltNames":["spiffe://x"],"sni":"reviews"},
               "portLevelSettings":[{"port":{"number":80},"loadBalancer":{"consistentHash":{"httpCookie":{"name":"u","ttl":"0s"},"minimumRingSize":1024}}}]},
             "subsets":[{"name":"v1","labels":{"version":"v1"},"trafficPolicy":{"loadBalancer":{"simple":"ROUND_ROBIN"}}},{"name":"v2","labels":{"version":"v2"}}]}
            """#)
        let admittedRule = try IstioAdmission.admit(rule, as: .destinationRule, fieldValidation: .strict)
        #expect(admittedRule.spec == .destinationRule(DestinationRule(
            host: "reviews.service.consul", trafficPolicy: .init(loadBalancer: .init(simple: "LEAST_CONN")),
            subsets: [
                .init(name: "v1", labels: ["version": "v1"], trafficPolicy: .init(loadBalancer: .init(simple: "ROUND_ROBIN"))),
                .init(name: "v2", labels: ["version": "v2"]),
            ])))
    }

    @Test func unknownFieldIsAStrictDecodingErrorOrAWarning() throws {
        let body = try virtualService(#"{"hosts":["r"],"http":[{"rout":[{"destination":{"host":"r"}}],"route":[{"destination":{"host":"r"}}]}]}"#)
        let error = try #require(refusal(body))
        #expect(error.code == 400)
        #expect(error.message == #"VirtualService in version "v1alpha3" cannot be handled as a VirtualService: strict decoding error: unknown field "spec.http[0].rout""#)
        let warned = try IstioAdmission.admit(body, as: .virtualService, fieldValidation: .warn)
        #expect(warned.warnings == [#"unknown field "spec.http[0].rout""#])
        #expect(warned.object["spec"]?["http"]?.arrayValue?.first?["rout"] == nil)
    }

    @Test func wrongTypeIsInvalidWithTheSchemaMessage() throws {
        let error = try #require(refusal(try virtualService(#"{"hosts":"reviews","http":[{"route":[{"destination":{"host":"r"},"weight":"50"}]}]}"#)))
        #expect(error.code == 422)
        #expect(error.reason == "Invalid")
        #expect(error.details?.causes.map(\.field) == ["spec.hosts", "spec.http[0].route[0].weight"])
        #expect(error.message.contains(#"spec.hosts: Invalid value: "string": spec.hosts in body must be of type array: "string""#))
    }

    @Test func missingHostsAndEmptyRoutesAreRequired() throws {
        let error = try #require(refusal(try virtualService(#"{"http":[{"match":[{"uri":{"prefix":"/"}}]}]}"#)))
        #expect(error.details?.causes.map(\.field) == ["spec.hosts", "spec.http[0].route"])
        #expect(error.details?.causes.first?.reason == "FieldValueRequired")
    }

    @Test func stringMatchNeedsExactlyOneOfExactPrefixRegex() throws {
        let none = try #require(refusal(try virtualService(#"{"hosts":["r"],"http":[{"match":[{"uri":{}}],"route":[{"destination":{"host":"r"}}]}]}"#)))
        #expect(none.details?.causes.map(\.field) == ["spec.http[0].match[0].uri"])
        let two = try #require(refusal(try virtualService(
            #"{"hosts":["r"],"http":[{"match":[{"headers":{"end-user":{"exact":"a","prefix":"b"}}}],"route":[{"destination":{"host":"r"}}]}]}"#)))
        #expect(two.details?.causes.map(\.field) == ["spec.http[0].match[0].headers[end-user]"])
        #expect(two.message.contains("exactly one of exact, prefix or regex must be set (exact and prefix are)"))
    }

    @Test func regexThatDoesNotCompileIsInvalid() throws {
        let error = try #require(refusal(try virtualService(
            #"{"hosts":["r"],"http":[{"match":[{"uri":{"regex":"(unclosed"}}],"route":[{"destination":{"host":"r"}}]}]}"#)))
        #expect(error.message == #"VirtualService.networking.istio.io "reviews" is invalid: spec.http[0].match[0].uri.regex: Invalid value: "(unclosed": not a valid regular expression"#)
    }

    @Test func weightsMustBeInRangeAndAddUpTo100() throws {
        let sum = try #require(refusal(try virtualService(
            #"{"hosts":["r"],"http":[{"route":[{"destination":{"host":"r","subset":"v1"},"weight":50},{"destination":{"host":"r","subset":"v3"},"weight":40}]}]}"#)))
        #expect(sum.message.hasSuffix("spec.http[0].route: Invalid value: 90: total destination weight 90 != 100"))
        let range = try #require(refusal(try virtualService(
            #"{"hosts":["r"],"http":[{"route":[{"destination":{"host":"r"},"weight":120},{"destination":{"host":"r"},"weight":-20}]}]}"#)))
        #expect(range.details?.causes.map(\.field) == ["spec.http[0].route[0].weight", "spec.http[0].route[1].weight"])
        // One destination: no weight needed.
        #expect(refusal(try virtualService(#"{"hosts":["r"],"http":[{"route":[{"destination":{"host":"r"}}]}]}"#)) == nil)
    }

    @Test func badDurationsAreInvalidWithGoWording() throws {
        let error = try #require(refusal(try virtualService(#"{"hosts":["r"],"http":[{"timeout":"10x","route":[{"destination":{"host":"r"}}]}]}"#)))
        #expect(error.message.hasSuffix(#"spec.http[0].timeout: Invalid value: "10x": time: unknown unit "x" in duration "10x""#))
        #expect(throws: GoDuration.ParseError(description: #"time: missing unit in duration "10""#)) { try GoDuration.parse("10") }
        #expect(try GoDuration.parse("1m30.5s") == .milliseconds(90_500))
        #expect(try GoDuration.parse(".5s") == .milliseconds(500))
    }

    @Test func destinationRuleNeedsHostAndUniqueNamedSubsets() throws {
        let error = try #require(refusal(
            try destinationRule(#"{"subsets":[{"labels":{"version":"v1"}},{"name":"v2"},{"name":"v2"},{"name":"V_3"}]}"#), .destinationRule))
        #expect(error.details?.causes.map(\.field) == ["spec.host", "spec.subsets[0].name", "spec.subsets[2].name", "spec.subsets[3].name"])
        #expect(error.details?.causes.map(\.reason) == ["FieldValueRequired", "FieldValueRequired", "FieldValueDuplicate", "FieldValueInvalid"])
        let unsupported = try #require(refusal(
            try destinationRule(#"{"host":"r","trafficPolicy":{"loadBalancer":{"simple":"FASTEST"}}}"#), .destinationRule))
        #expect(unsupported.message.contains(#"spec.trafficPolicy.loadBalancer.simple: Unsupported value: "FASTEST": supported values: "ROUND_ROBIN""#))
    }

    @Test func kindAndApiVersionMustMatchTheURL() throws {
        let body = try ConfigAPITestSupport.json(#"{"apiVersion":"networking.istio.io/v1alpha3","kind":"DestinationRule","metadata":{"name":"x"},"spec":{"host":"r"}}"#)
        #expect(refusal(body, .virtualService)?.code == 400)
    }

    @Test func bundledBookinfoFilesAreAdmittedAsTheyAre() throws {
        // JSON forms of the YAML fixtures' objects, as kubectl sends them.
        let reviews = try virtualService(
            #"{"hosts":["reviews.service.consul"],"http":[{"route":[{"destination":{"host":"reviews.service.consul","subset":"v1"},"weight":50},{"destination":{"host":"reviews.service.consul","subset":"v3"},"weight":50}]}]}"#)
        #expect(refusal(reviews) == nil)
        let ratings = try virtualService(
            #"{"hosts":["ratings.service.consul"],"http":[{"match":[{"headers":{"end-user":{"exact":"jason"}}}],"fault":{"abort":{"percentage":{"value":100.0},"httpStatus":500}},"route":[{"destination":{"host":"ratings.service.consul","subset":"v1"}}]},{"route":[{"destination":{"host":"ratings.service.consul","subset":"v1"}}]}]}"#)
        #expect(refusal(ratings) == nil)
    }
}
