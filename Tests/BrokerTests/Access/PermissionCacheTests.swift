import Testing

@testable import Broker

@Suite("The per-channel permission cache")
struct PermissionCacheTests {
    func access() throws -> AccessControl {
        let access = AccessControl(state: .firstBoot())
        access.putUser(User(name: "u", password: "pw"))
        try access.setPermission(UserPermission(user: "u", vhost: "/", configure: "", write: ".*", read: ""))
        try access.setTopicPermission(TopicPermission(user: "u", vhost: "/", exchange: "t", write: "^a", read: ""))
        return access
    }

    @Test("a cached success survives a revocation until cleared; other names are checked afresh")
    func revocation() throws {
        let access = try access()
        var cache = PermissionCache()
        try cache.checkResourceAccess(access, user: "u", vhost: "/", kind: .exchange, name: "x", access: .write)
        try cache.checkTopicAccess(access, user: "u", vhost: "/", exchange: "t", routingKey: "a.b", access: .write)
        try access.setPermission(UserPermission(user: "u", vhost: "/", configure: "", write: "", read: ""))
        try access.setTopicPermission(TopicPermission(user: "u", vhost: "/", exchange: "t", write: "^$", read: ""))
        try cache.checkResourceAccess(access, user: "u", vhost: "/", kind: .exchange, name: "x", access: .write)
        try cache.checkTopicAccess(access, user: "u", vhost: "/", exchange: "t", routingKey: "a.b", access: .write)
        #expect(throws: AccessRefusal.resource(.exchange, "y", vhost: "/", user: "u")) {
            try cache.checkResourceAccess(access, user: "u", vhost: "/", kind: .exchange, name: "y", access: .write)
        }
        cache.clear()
        #expect(throws: AccessRefusal.resource(.exchange, "x", vhost: "/", user: "u")) {
            try cache.checkResourceAccess(access, user: "u", vhost: "/", kind: .exchange, name: "x", access: .write)
        }
        #expect(throws: AccessRefusal.topic("a.b", exchange: "t", vhost: "/", user: "u")) {
            try cache.checkTopicAccess(access, user: "u", vhost: "/", exchange: "t", routingKey: "a.b", access: .write)
        }
    }

    @Test("refusals are not cached, and only the 12 most recent successes are kept")
    func bounded() throws {
        let access = try access()
        var cache = PermissionCache()
        #expect(throws: AccessRefusal.resource(.queue, "q", vhost: "/", user: "u")) {
            try cache.checkResourceAccess(access, user: "u", vhost: "/", kind: .queue, name: "q", access: .read)
        }
        #expect(cache.resources.isEmpty)
        for i in 0..<13 {
            try cache.checkResourceAccess(access, user: "u", vhost: "/", kind: .exchange, name: "x\(i)", access: .write)
        }
        #expect(cache.resources.count == 12)
        #expect(cache.resources.first?.name == "x12")
        #expect(!cache.resources.contains { $0.name == "x0" })
    }
}
