/// The two `networking.istio.io/v1alpha3` kinds the config API serves, with the names
/// discovery, URLs and messages use.
enum IstioResourceKind: String, CaseIterable, Sendable, Codable {
    case virtualService = "VirtualService"
    case destinationRule = "DestinationRule"

    static let group = "networking.istio.io"
    static let version = "v1alpha3"
    static let apiVersion = "\(group)/\(version)"

    var kind: String { rawValue }
    var listKind: String { "\(rawValue)List" }

    var plural: String {
        switch self {
        case .virtualService: "virtualservices"
        case .destinationRule: "destinationrules"
        }
    }

    var singular: String { rawValue.lowercased() }

    var shortNames: [String] {
        switch self {
        case .virtualService: ["vs"]
        case .destinationRule: ["dr"]
        }
    }

    /// "virtualservices.networking.istio.io", as NotFound and Conflict messages name it.
    var qualifiedResource: String { "\(plural).\(Self.group)" }

    init?(plural: String) {
        guard let kind = Self.allCases.first(where: { $0.plural == plural }) else { return nil }
        self = kind
    }

    var schema: FieldSchema {
        switch self {
        case .virtualService: IstioSchemas.object(spec: IstioSchemas.virtualServiceSpec)
        case .destinationRule: IstioSchemas.object(spec: IstioSchemas.destinationRuleSpec)
        }
    }
}
