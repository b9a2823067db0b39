import Foundation

/// Istio 1.1's VirtualService checks (pilot/pkg/model/validation.go) that a body which already
/// matches the schema must still pass: hosts, one-of string matches, regexes that compile,
/// destinations, weights, durations, fault percentages.
enum VirtualServiceValidation {
    static func validate(_ spec: JSONValue, at path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let hosts = spec["hosts"]?.arrayValue ?? []
        if hosts.isEmpty { errors.append(.required(path.child("hosts"), "virtual service must have at least one host")) }
        for (index, host) in hosts.enumerated() where (host.stringValue ?? "").isEmpty {
            errors.append(.invalid(path.child("hosts").index(index), host, "host must not be empty"))
        }
        let http = spec["http"]?.arrayValue ?? []
        let tcp = spec["tcp"]?.arrayValue ?? []
        let tls = spec["tls"]?.arrayValue ?? []
        if http.isEmpty && tcp.isEmpty && tls.isEmpty {
            errors.append(.required(path.child("http"), "http, tcp or tls must be provided in virtual service"))
        }
        for (index, route) in http.enumerated() { errors += httpRoute(route, at: path.child("http").index(index)) }
        for (index, route) in tcp.enumerated() { errors += l4Route(route, at: path.child("tcp").index(index)) }
        for (index, route) in tls.enumerated() { errors += l4Route(route, at: path.child("tls").index(index)) }
        return errors
    }

    private static func httpRoute(_ route: JSONValue, at path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let destinations = route["route"]?.arrayValue ?? []
        let hasRedirect = !(route["redirect"] ?? .null).isNull
        if destinations.isEmpty && !hasRedirect { errors.append(.required(path.child("route"), "HTTP route or redirect is required")) }
        if !destinations.isEmpty && hasRedirect {
            errors.append(.invalid(path.child("redirect"), route["redirect"] ?? .null, "HTTP route cannot contain both route and redirect"))
        }
        for (index, match) in (route["match"]?.arrayValue ?? []).enumerated() {
            let matchPath = path.child("match").index(index)
            for field in ["uri", "scheme", "method", "authority"] {
                if let value = match[field], !value.isNull { errors += stringMatch(value, at: matchPath.child(field)) }
            }
            for (name, value) in (match["headers"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) where !value.isNull {
                errors += stringMatch(value, at: matchPath.child("headers").key(name))
            }
        }
        errors += weightedDestinations(destinations, at: path.child("route"))
        for field in ["timeout"] { errors += positiveDuration(route[field], at: path.child(field)) }
        if let retries = route["retries"], !retries.isNull {
            if case .integer(let attempts) = retries["attempts"] ?? .null, attempts < 0 {
                errors.append(.invalid(path.child("retries").child("attempts"), .integer(attempts), "attempts cannot be negative"))
            }
            errors += positiveDuration(retries["perTryTimeout"], at: path.child("retries").child("perTryTimeout"))
        }
        if let fault = route["fault"], !fault.isNull { errors += self.fault(fault, at: path.child("fault")) }
        if let mirror = route["mirror"], !mirror.isNull { errors += destination(mirror, at: path.child("mirror")) }
        return errors
    }

    private static func l4Route(_ route: JSONValue, at path: FieldPath) -> [FieldError] {
        let destinations = route["route"]?.arrayValue ?? []
        if destinations.isEmpty { return [.required(path.child("route"), "route is required")] }
        return weightedDestinations(destinations, at: path.child("route"))
    }

    /// Exactly one of exact, prefix, regex; a regex must compile.
    static func stringMatch(_ match: JSONValue, at path: FieldPath) -> [FieldError] {
        let members = (match.objectValue ?? [:]).filter { !$0.value.isNull }
        let set = ["exact", "prefix", "regex"].filter { members[$0] != nil }
        guard set.count == 1 else {
            return [.invalid(path, match, "exactly one of exact, prefix or regex must be set (\(set.isEmpty ? "none is" : set.joined(separator: " and ") + " are"))")]
        }
        if set == ["regex"], let pattern = members["regex"]?.stringValue {
            do {
                _ = try NSRegularExpression(pattern: pattern)
            } catch {
                return [.invalid(path.child("regex"), .string(pattern), "not a valid regular expression")]
            }
        }
        return []
    }

    /// Each weight in 0...100; with more than one destination they must add up to 100.
    private static func weightedDestinations(_ destinations: [JSONValue], at path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var total: Int64 = 0
        for (index, item) in destinations.enumerated() {
            let itemPath = path.index(index)
            if let target = item["destination"], !target.isNull {
                errors += destination(target, at: itemPath.child("destination"))
            } else {
                errors.append(.required(itemPath.child("destination")))
            }
            if case .integer(let weight) = item["weight"] ?? .null {
                if weight < 0 || weight > 100 {
                    errors.append(.invalid(itemPath.child("weight"), .integer(weight), "weight must be in range 0..100"))
                }
                total += weight
            }
        }
        if destinations.count > 1 && total != 100 {
            errors.append(.invalid(path, .integer(total), "total destination weight \(total) != 100"))
        }
        return errors
    }

    private static func destination(_ destination: JSONValue, at path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if (destination["host"]?.stringValue ?? "").isEmpty { errors.append(.required(path.child("host"))) }
        if case .integer(let number) = destination["port"]?["number"] ?? .null, number < 1 || number > 65535 {
            errors.append(.invalid(path.child("port").child("number"), .integer(number), "port number must be in range 1..65535"))
        }
        return errors
    }

    private static func fault(_ fault: JSONValue, at path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for kind in ["delay", "abort"] {
            guard let part = fault[kind], !part.isNull else { continue }
            let partPath = path.child(kind)
            if let value = part["percentage"]?["value"] {
                let number: Double? =
                    switch value {
                    case .integer(let integer): Double(integer)
                    case .double(let double): double
                    default: nil
                    }
                if let number, number < 0 || number > 100 {
                    errors.append(.invalid(partPath.child("percentage").child("value"), value, "percentage must be in range 0..100"))
                }
            }
            if case .integer(let percent) = part["percent"] ?? .null, percent < 0 || percent > 100 {
                errors.append(.invalid(partPath.child("percent"), .integer(percent), "percent must be in range 0..100"))
            }
        }
        if let delay = fault["delay"], !delay.isNull {
            if (delay["fixedDelay"] ?? .null).isNull && (delay["exponentialDelay"] ?? .null).isNull {
                errors.append(.required(path.child("delay").child("fixedDelay"), "delay duration is required"))
            }
            errors += positiveDuration(delay["fixedDelay"], at: path.child("delay").child("fixedDelay"))
        }
        if let abort = fault["abort"], !abort.isNull, case .integer(let status) = abort["httpStatus"] ?? .null, status < 200 || status > 599 {
            errors.append(.invalid(path.child("abort").child("httpStatus"), .integer(status), "HTTP status must be in range 200..599"))
        }
        return errors
    }

    /// Istio refuses durations under a millisecond; the format itself the schema already checked.
    static func positiveDuration(_ value: JSONValue?, at path: FieldPath) -> [FieldError] {
        guard let value, case .string(let text) = value, let duration = try? GoDuration.parse(text) else { return [] }
        return duration < .milliseconds(1) ? [.invalid(path, value, "duration must be greater than 1ms")] : []
    }
}
