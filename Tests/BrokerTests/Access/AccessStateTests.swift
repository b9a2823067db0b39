import Testing

@testable import Broker

@Suite("The access-control store")
struct AccessStateTests {
    @Test("permissions need an existing user and vhost and regexes that compile; nothing changes on failure")
    func setPermissionValidation() throws {
        let access = AccessControl(state: .firstBoot())
        let before = access.snapshot
        #expect(throws: AccessStoreError.noSuchUser("bob")) {
            try access.setPermission(UserPermission(user: "bob", vhost: "/nope", configure: "", write: "", read: ""))
        }
        #expect(throws: AccessStoreError.noSuchVhost("/nope")) {
            try access.setPermission(UserPermission(user: "guest", vhost: "/nope", configure: "", write: "", read: ""))
        }
        #expect(throws: AccessStoreError.invalidRegex("(")) {
            try access.setPermission(UserPermission(user: "guest", vhost: "/", configure: ".*", write: "(", read: ""))
        }
        #expect(throws: AccessStoreError.invalidRegex("[")) {
            try access.setTopicPermission(TopicPermission(user: "guest", vhost: "/", exchange: "t", write: "[", read: ""))
        }
        #expect(access.snapshot == before)
        #expect(AccessStoreError.invalidRegex("(").description == "regular expression '(' is invalid")
    }

    @Test("deleting a user or a vhost takes its permissions and topic permissions with it")
    func cascades() throws {
        let access = AccessControl(state: .firstBoot())
        access.putUser(User(name: "bob", password: "pw"))
        access.putVhost(VhostRecord(name: "v", description: "d", tags: ["t"]))
        for vhost in ["/", "v"] {
            try access.setPermission(UserPermission(user: "bob", vhost: vhost, configure: "", write: "", read: ""))
            try access.setTopicPermission(TopicPermission(user: "bob", vhost: vhost, exchange: "t", write: "", read: ""))
        }
        try access.deleteVhost("v")
        #expect(access.snapshot.permissions.map(\.vhost) == ["/", "/"])
        #expect(access.snapshot.topicPermissions.map(\.vhost) == ["/"])
        try access.deleteUser("bob")
        #expect(access.snapshot.permissions.map(\.user) == ["guest"])
        #expect(access.snapshot.topicPermissions.isEmpty)
        #expect(throws: AccessStoreError.noSuchUser("bob")) { try access.deleteUser("bob") }
        #expect(throws: AccessStoreError.noSuchVhost("v")) { try access.deleteVhost("v") }
    }

    @Test("topic permissions are per exchange; clearing without an exchange clears them all for the user and vhost")
    func topicPermissionKeys() throws {
        let access = AccessControl(state: .firstBoot())
        for exchange in ["a", "b"] {
            try access.setTopicPermission(TopicPermission(user: "guest", vhost: "/", exchange: exchange, write: exchange, read: ""))
        }
        try access.setTopicPermission(TopicPermission(user: "guest", vhost: "/", exchange: "a", write: "new", read: ""))
        #expect(access.snapshot.topicPermissions.map(\.write) == ["new", "b"])
        try access.clearTopicPermissions(user: "guest", vhost: "/", exchange: "a")
        #expect(access.snapshot.topicPermissions.map(\.exchange) == ["b"])
        try access.setTopicPermission(TopicPermission(user: "guest", vhost: "/", exchange: "a", write: "", read: ""))
        try access.clearTopicPermissions(user: "guest", vhost: "/")
        #expect(access.snapshot.topicPermissions.isEmpty)
    }

    @Test("putUser replaces password and tags; tags read from a comma-separated string")
    func putUser() {
        let access = AccessControl(state: .firstBoot())
        access.putUser(User(name: "guest", password: "new", tags: UserTag.list(fromCommaSeparated: " management , monitoring,,custom")))
        let guest = access.user(named: "guest")
        #expect(guest?.tags == [.management, .monitoring, "custom"])
        #expect(guest?.passwordHash?.verifies("new") == true)
        #expect(guest?.passwordHash?.verifies("guest") == false)
        // Its permission on / stayed.
        #expect(access.snapshot.permission(user: "guest", vhost: "/") != nil)
    }

    @Test("concurrent changes and checks from many threads keep the state whole")
    func concurrency() async throws {
        let access = AccessControl(state: .firstBoot())
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let name = "user\(i)"
                    access.putUser(User(name: name, passwordHash: nil))
                    for _ in 0..<50 {
                        try? access.setPermission(UserPermission(user: name, vhost: "/", configure: "^\(name)$", write: "", read: ""))
                        try? access.checkExchangeDeclare(user: name, vhost: "/", exchange: name, passive: false, exists: false)
                    }
                }
            }
        }
        #expect(access.snapshot.users.count == 17)
        #expect(access.snapshot.permissions.count == 17)
        for i in 0..<16 {
            try access.checkExchangeDeclare(user: "user\(i)", vhost: "/", exchange: "user\(i)", passive: false, exists: false)
        }
    }
}
