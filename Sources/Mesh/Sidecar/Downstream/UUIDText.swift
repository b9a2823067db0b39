import Foundation

/// Request ids as Envoy generates them: a random UUID in lower case.
enum UUIDText {
    static func random() -> String { UUID().uuidString.lowercased() }
}
