/// The reviews JSON exactly as LibertyRestEndpoint concatenates it — its spacing included
/// (`{"id": "0","reviews": [{  "reviewer": …`), which no JSON printer reproduces.
enum ReviewsBody {
    /// A reviewer's rating: stars, the "unavailable" error, or no rating key at all (v1).
    enum Rating {
        case none
        case stars(Int32)
        case unavailable
    }

    static func render(productID: String, color: String, first: Rating, second: Rating) -> String {
        var out = "{\"id\": \"\(productID)\",\"reviews\": ["
        out += "{  \"reviewer\": \"Reviewer1\",  \"text\": \"An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!\""
        out += rating(first, color: color)
        out += "},"
        out += "{  \"reviewer\": \"Reviewer2\",  \"text\": \"Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.\""
        out += rating(second, color: color)
        out += "}]}"
        return out
    }

    private static func rating(_ rating: Rating, color: String) -> String {
        switch rating {
        case .none: ""
        case .stars(let stars): ", \"rating\": {\"stars\": \(stars), \"color\": \"\(color)\"}"
        case .unavailable: ", \"rating\": {\"error\": \"Ratings service is currently unavailable\"}"
        }
    }
}
