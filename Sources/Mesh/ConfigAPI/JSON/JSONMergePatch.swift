/// RFC 7386 JSON merge patch (`application/merge-patch+json`), what `kubectl apply` sends for
/// types without a strategic-merge schema: objects merge member by member, `null` removes a
/// member, anything else (arrays included) replaces.
enum JSONMergePatch {
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var members = target.objectValue ?? [:]
        for (key, value) in patchMembers {
            if value.isNull {
                members[key] = nil
            } else {
                members[key] = apply(value, to: members[key] ?? .null)
            }
        }
        return .object(members)
    }
}
