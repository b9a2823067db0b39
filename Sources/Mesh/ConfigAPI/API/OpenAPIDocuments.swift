/// The sliver of OpenAPI v3 kubectl needs: with `--validate` (its default, Strict) it looks up
/// the PATCH operation of the kind in /openapi/v3 to learn that the server validates fields
/// itself (`fieldValidation` query parameter), and `apply` reads the PATCH body types to see
/// that strategic merge is not offered, so it sends JSON merge patches. Without this document
/// kubectl refuses to apply ("failed to download openapi").
enum OpenAPIDocuments {
    static let groupVersionPath = "apis/\(IstioResourceKind.group)/\(IstioResourceKind.version)"

    /// /openapi/v3: where each group-version's document is.
    static let root: JSONValue = [
        "paths": .object([groupVersionPath: ["serverRelativeURL": .string("/openapi/v3/\(groupVersionPath)?hash=shakedown-1")]])
    ]

    /// /openapi/v3/apis/networking.istio.io/v1alpha3.
    static let groupVersion: JSONValue = [
        "openapi": "3.0.0",
        "info": ["title": "Kubernetes", "version": "v1.32.0"],
        "paths": .object(Dictionary(uniqueKeysWithValues: IstioResourceKind.allCases.map { kind in
            ("/apis/\(IstioResourceKind.group)/\(IstioResourceKind.version)/namespaces/{namespace}/\(kind.plural)/{name}", path(kind))
        })),
        "components": [
            "schemas": .object(Dictionary(uniqueKeysWithValues: IstioResourceKind.allCases.map { kind in
                ("io.istio.networking.v1alpha3.\(kind.kind)", [
                    "type": "object", "x-kubernetes-preserve-unknown-fields": true,
                    "x-kubernetes-group-version-kind": [gvk(kind)],
                ] as JSONValue)
            }))
        ],
    ]

    private static func gvk(_ kind: IstioResourceKind) -> JSONValue {
        ["group": .string(IstioResourceKind.group), "version": .string(IstioResourceKind.version), "kind": .string(kind.kind)]
    }

    private static func path(_ kind: IstioResourceKind) -> JSONValue {
        let body: JSONValue = ["schema": ["type": "object"]]
        return [
            "patch": [
                "operationId": .string("patchNamespaced\(kind.kind)"),
                "x-kubernetes-action": "patch",
                "x-kubernetes-group-version-kind": gvk(kind),
                "parameters": [
                    ["name": "fieldValidation", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
                    ["name": "dryRun", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
                ],
                "requestBody": ["content": ["application/json-patch+json": body, "application/merge-patch+json": body]],
                "responses": ["200": ["description": "OK"]],
            ]
        ]
    }
}
