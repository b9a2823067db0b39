import Mesh
import Testing

@Suite struct ConsulServiceConversionTests {
    @Test func bookinfoBecomesServicesInRegistrationOrder() {
        let result = ConsulServiceConversion.services(from: BookinfoRegistry.catalog())
        #expect(result.services.map(\.hostname) == [
            "details.service.consul", "ratings.service.consul", "reviews.service.consul", "productpage.service.consul",
        ])
        #expect(result.warnings.isEmpty)
        let reviews = result.services[2]
        #expect(reviews.ports == [MeshPort(name: "http", port: 9080, serviceProtocol: .http)])
        #expect(reviews.instances.map(\.labels) == [["version": "v1"], ["version": "v2"], ["version": "v3"]])
        #expect(reviews.instances.map(\.address) == ["127.150.7.4", "127.150.7.5", "127.150.7.6"])
        #expect(reviews.registrationIndex == 12)
    }

    @Test func missingProtocolIsTCPNamedTcp() {
        let details = ConsulServiceConversion.services(from: BookinfoRegistry.catalog(protocol: nil)).services[0]
        #expect(details.ports == [MeshPort(name: "tcp", port: 9080, serviceProtocol: .tcp)])
    }

    @Test func protocolIsCaseInsensitiveAndUnknownIsTCPWithAWarning() {
        let catalog = [
            "a": [BookinfoRegistry.entry("a", id: "a1", address: "127.150.1.1", port: 80, meta: ["protocol": "HTTP"], index: 1)],
            "b": [BookinfoRegistry.entry("b", id: "b1", address: "127.150.1.2", port: 81, meta: ["protocol": "gopher"], index: 2)],
            "c": [BookinfoRegistry.entry("c", id: "c1", address: "127.150.1.3", port: 82, meta: ["protocol": "Grpc-Web"], index: 3)],
        ]
        let result = ConsulServiceConversion.services(from: catalog)
        #expect(result.services.map { $0.ports[0].serviceProtocol } == [.http, .tcp, .grpcWeb])
        #expect(result.services[1].ports[0].name == "gopher")
        #expect(result.warnings == ["unsupported protocol value: gopher"])
    }

    @Test func conflictingProtocolsOnAPortKeepTheFirstRegistered() {
        let catalog = [
            "reviews": [
                BookinfoRegistry.entry("reviews", id: "r2", address: "127.150.1.2", port: 9080, index: 9),
                BookinfoRegistry.entry("reviews", id: "r1", address: "127.150.1.1", port: 9080, meta: ["protocol": "http"], index: 4),
            ]
        ]
        let result = ConsulServiceConversion.services(from: catalog)
        #expect(result.services[0].ports == [MeshPort(name: "http", port: 9080, serviceProtocol: .http)])
        #expect(result.services[0].instances.map(\.serviceID) == ["r1", "r2"])
        #expect(result.services[0].instances[1].servicePort.serviceProtocol == .tcp)
        #expect(result.warnings == ["Service reviews has two instances on same port 9080 but different protocols (HTTP, TCP)"])
    }

    @Test func tagsWithoutABarAreIgnoredAndAddressFallsBackToTheNode() {
        let catalog = ["x": [BookinfoRegistry.entry("x", id: "x1", tags: ["version|v2", "blue", "a|b|c"], address: "", port: 1, index: 1)]]
        let result = ConsulServiceConversion.services(from: catalog)
        #expect(result.services[0].instances[0].labels == ["version": "v2", "a": "b"])
        #expect(result.services[0].instances[0].address == "127.0.0.1")
        #expect(result.warnings == ["Tag blue ignored since it is not of form key|value"])
    }

    @Test func servicesWithoutInstancesAreDropped() {
        #expect(ConsulServiceConversion.services(from: ["gone": []]).services.isEmpty)
    }
}
