import NIOConcurrencyHelpers

/// ratings v1's in-memory `userAddedRatings`: what `POST /ratings/<id>` stored, by product id
/// (keyed by the id as JavaScript prints it, as a JS array/object property is).
public final class RatingsStore: Sendable {
    private let stored = NIOLockedValueBox<[String: BookinfoJSON]>([:])

    public init() {}

    /// `getLocalReviews(id)`: the stored entry, else the two built-in ratings.
    public func ratings(for id: Double) -> BookinfoJSON {
        let key = ShortestDigits(id).javaScript
        if let entry = stored.withLockedValue({ $0[key] }) { return entry }
        return .object([
            .init("id", .number(key)),
            .init("ratings", .object([.init("Reviewer1", .int(5)), .init("Reviewer2", .int(4))])),
        ])
    }

    /// `putLocalReviews(id, ratings)`: stores `{id, ratings}` and returns what a GET now answers.
    public func store(_ ratings: BookinfoJSON, for id: Double) -> BookinfoJSON {
        let key = ShortestDigits(id).javaScript
        let entry = BookinfoJSON.object([.init("id", .number(key)), .init("ratings", ratings)])
        stored.withLockedValue { $0[key] = entry }
        return entry
    }
}
