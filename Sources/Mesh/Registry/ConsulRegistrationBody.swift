import Foundation

/// Reads a `PUT /v1/agent/service/register` body as Consul does: field names match
/// case-insensitively (Consul decodes through mapstructure), unknown fields are ignored, a
/// field of the wrong type or broken JSON is refused with "Request decode failed: …".
struct ConsulRegistrationBody: Decodable {
    var registration: ConsulServiceRegistration

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        func field<T: Decodable>(_ name: String, _ type: T.Type) throws -> T? {
            guard let key = container.allKeys.first(where: { $0.stringValue.lowercased() == name.lowercased() }) else { return nil }
            return try container.decodeIfPresent(type, forKey: key)
        }
        registration = ConsulServiceRegistration(
            id: try field("ID", String.self), name: try field("Name", String.self) ?? "", tags: try field("Tags", [String].self),
            address: try field("Address", String.self), port: try field("Port", Int.self), meta: try field("Meta", [String: String].self))
    }

    /// The registration in `body`, or the reason Consul would give after "Request decode failed: ".
    static func decode(_ body: Data) -> Result<ConsulServiceRegistration, ConsulHTTPError> {
        // Go's decoder reports an empty body as EOF.
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .failure(.badRequest("Request decode failed: EOF"))
        }
        do {
            return .success(try JSONDecoder().decode(ConsulRegistrationBody.self, from: body).registration)
        } catch {
            return .failure(.badRequest("Request decode failed: \(JSONDecodingProblem.describe(error, in: body))"))
        }
    }
}
