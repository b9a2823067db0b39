/// Istio 1.1's DestinationRule checks: a host, subsets with DNS-label names that are unique,
/// outlier-detection percentages in range.
enum DestinationRuleValidation {
    static func validate(_ spec: JSONValue, at path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if (spec["host"]?.stringValue ?? "").isEmpty { errors.append(.required(path.child("host"))) }
        var seen: Set<String> = []
        for (index, subset) in (spec["subsets"]?.arrayValue ?? []).enumerated() {
            let subsetPath = path.child("subsets").index(index)
            guard let name = subset["name"]?.stringValue, !name.isEmpty else {
                errors.append(.required(subsetPath.child("name")))
                continue
            }
            if !isDNSLabel(name) {
                errors.append(.invalid(subsetPath.child("name"), .string(name), "subset name must be a valid DNS-1123 label"))
            }
            if !seen.insert(name).inserted { errors.append(.duplicate(subsetPath.child("name"), .string(name))) }
            errors += trafficPolicy(subset["trafficPolicy"], at: subsetPath.child("trafficPolicy"))
        }
        errors += trafficPolicy(spec["trafficPolicy"], at: path.child("trafficPolicy"))
        return errors
    }

    private static func trafficPolicy(_ policy: JSONValue?, at path: FieldPath) -> [FieldError] {
        guard let policy, !policy.isNull else { return [] }
        var errors = outlierDetection(policy["outlierDetection"], at: path.child("outlierDetection"))
        for (index, port) in (policy["portLevelSettings"]?.arrayValue ?? []).enumerated() {
            errors += outlierDetection(port["outlierDetection"], at: path.child("portLevelSettings").index(index).child("outlierDetection"))
        }
        return errors
    }

    private static func outlierDetection(_ detection: JSONValue?, at path: FieldPath) -> [FieldError] {
        guard let detection, !detection.isNull else { return [] }
        var errors: [FieldError] = []
        for field in ["maxEjectionPercent", "minHealthPercent"] {
            if case .integer(let percent) = detection[field] ?? .null, percent < 0 || percent > 100 {
                errors.append(.invalid(path.child(field), .integer(percent), "percentage must be in range 0..100"))
            }
        }
        for field in ["interval", "baseEjectionTime"] { errors += VirtualServiceValidation.positiveDuration(detection[field], at: path.child(field)) }
        return errors
    }

    /// RFC 1123 label: lowercase alphanumerics and '-', at most 63, starting and ending alphanumeric.
    static func isDNSLabel(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 63 else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool { (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) }
        guard let first = bytes.first, let last = bytes.last, alphanumeric(first), alphanumeric(last) else { return false }
        return bytes.allSatisfy { alphanumeric($0) || $0 == 0x2D }
    }
}
