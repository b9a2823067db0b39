import Mesh
import Testing

@Suite struct ConsulCatalogTests {
    static func details(id: String? = "shakedown:details-v1:9080", tags: [String]? = ["version|v1"], meta: [String: String]? = ["protocol": "http"]) -> ConsulServiceRegistration {
        ConsulServiceRegistration(id: id, name: "details", tags: tags, address: "127.0.100.1", port: 9080, meta: meta)
    }

    @Test func indexStartsAtOneAndGrowsOnEveryChange() throws {
        var catalog = ConsulCatalog()
        #expect(catalog.index == 1)
        let first = try catalog.register(Self.details())
        #expect(catalog.index == 2)
        #expect(first.createIndex == 2 && first.modifyIndex == 2)
        let removed = catalog.deregister(serviceID: "shakedown:details-v1:9080")
        #expect(removed)
        #expect(catalog.index == 3)
    }

    @Test func idDefaultsToName() throws {
        var catalog = ConsulCatalog()
        try catalog.register(Self.details(id: nil))
        try catalog.register(ConsulServiceRegistration(id: "", name: "ratings"))
        #expect(catalog.instances.map(\.id) == ["details", "ratings"])
    }

    @Test func reRegisteringReplacesKeepingCreateIndex() throws {
        var catalog = ConsulCatalog()
        try catalog.register(Self.details())
        try catalog.register(ConsulServiceRegistration(name: "ratings"))
        let replaced = try catalog.register(Self.details(tags: ["version|v2"]))
        #expect(replaced.createIndex == 2)
        #expect(replaced.modifyIndex == 4)
        let rows = catalog.service("details").map(catalog.catalogService)
        #expect(rows.count == 1)
        #expect(rows.first?.serviceTags == ["version|v2"])
        #expect(rows.first?.createIndex == 2 && rows.first?.modifyIndex == 4)
    }

    @Test func deregisteringAnAbsentIDChangesNothing() {
        var catalog = ConsulCatalog()
        let removed = catalog.deregister(serviceID: "nope")
        #expect(!removed)
        #expect(catalog.index == 1)
    }

    @Test func refusesWhatConsulRefuses() {
        var catalog = ConsulCatalog()
        #expect(throws: ConsulCatalog.RegistrationError.missingName) { try catalog.register(ConsulServiceRegistration(name: "")) }
        #expect(throws: ConsulCatalog.RegistrationError.invalidAddress("0.0.0.0")) {
            try catalog.register(ConsulServiceRegistration(name: "x", address: "0.0.0.0"))
        }
        #expect(catalog.index == 1)
        #expect(ConsulCatalog.RegistrationError.missingName.description == "Missing service name")
    }

    @Test func servicesUnionTagsOverInstances() throws {
        var catalog = ConsulCatalog()
        for version in ["v2", "v1", "v3", "v1"] {
            try catalog.register(ConsulServiceRegistration(id: "reviews-\(version)-\(catalog.index)", name: "reviews", tags: ["version|\(version)"]))
        }
        try catalog.register(ConsulServiceRegistration(name: "ratings"))
        #expect(catalog.services() == ["reviews": ["version|v1", "version|v2", "version|v3"], "ratings": []])
    }

    @Test func serviceRowsInRegistrationOrderFilteredByTag() throws {
        var catalog = ConsulCatalog()
        try catalog.register(ConsulServiceRegistration(id: "r3", name: "reviews", tags: ["version|v3"], address: "127.0.100.5", port: 9080))
        try catalog.register(ConsulServiceRegistration(id: "r1", name: "reviews", tags: ["version|v1"], address: "127.0.100.3", port: 9080))
        try catalog.register(Self.details())
        #expect(catalog.service("reviews").map(\.id) == ["r3", "r1"])
        #expect(catalog.service("reviews", tags: ["VERSION|V1"]).map(\.id) == ["r1"])
        #expect(catalog.service("reviews", tags: ["version|v9"]).isEmpty)
        #expect(catalog.service("unknown").isEmpty)
        let row = catalog.catalogService(catalog.service("reviews")[0])
        #expect(row.node == "shakedown" && row.address == "127.0.0.1" && row.datacenter == "dc1")
        #expect(row.serviceID == "r3" && row.serviceAddress == "127.0.100.5" && row.servicePort == 9080)
        #expect(row.serviceMeta == [:])
    }
}
