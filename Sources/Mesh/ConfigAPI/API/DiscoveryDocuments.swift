/// The discovery documents kubectl reads before anything else (legacy, non-aggregated form:
/// kubectl asks for aggregated discovery first and falls back when the answer is plain JSON).
enum DiscoveryDocuments {
    static let version: JSONValue = [
        "major": "1", "minor": "32", "gitVersion": "v1.32.0-shakedown", "gitCommit": "", "gitTreeState": "clean",
        "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.0", "compiler": "gc", "platform": "linux/amd64",
    ]

    /// /api: the core group exists (kubectl needs it) but serves nothing here.
    static let coreVersions: JSONValue = [
        "kind": "APIVersions", "versions": ["v1"],
        "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": ""]],
    ]

    static let coreResources: JSONValue = ["kind": "APIResourceList", "groupVersion": "v1", "resources": []]

    static let groupVersion: JSONValue = ["groupVersion": .string(IstioResourceKind.apiVersion), "version": .string(IstioResourceKind.version)]

    static let group: JSONValue = [
        "kind": "APIGroup", "apiVersion": "v1", "name": .string(IstioResourceKind.group), "versions": [groupVersion],
        "preferredVersion": groupVersion,
    ]

    static let groups: JSONValue = [
        "kind": "APIGroupList", "apiVersion": "v1",
        "groups": [["name": .string(IstioResourceKind.group), "versions": [groupVersion], "preferredVersion": groupVersion]],
    ]

    /// The verbs this server implements (no watch, no deletecollection).
    static let verbs: JSONValue = ["create", "delete", "get", "list", "patch", "update"]

    static let resources: JSONValue = [
        "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(IstioResourceKind.apiVersion),
        "resources": .array(IstioResourceKind.allCases.map { kind in
            [
                "name": .string(kind.plural), "singularName": .string(kind.singular), "namespaced": true, "kind": .string(kind.kind),
                "verbs": verbs, "shortNames": .array(kind.shortNames.map(JSONValue.string)),
                "categories": ["istio-io", "networking-istio-io"],
            ]
        }),
    ]
}
