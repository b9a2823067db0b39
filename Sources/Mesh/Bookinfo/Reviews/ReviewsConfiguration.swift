/// What distinguishes reviews v1, v2 and v3: the Dockerfile's ENABLE_RATINGS and STAR_COLOR,
/// and the ratings client timeout LibertyRestEndpoint derives from the colour (black 10 s,
/// anything else 2.5 s).
public struct ReviewsConfiguration: Sendable {
    public var ratingsEnabled: Bool
    public var starColor: String
    public var ratingsTimeout: Duration
    /// ".<SERVICES_DOMAIN>" appended to "ratings", or "".
    public var servicesDomain: String

    public init(ratingsEnabled: Bool, starColor: String, ratingsTimeout: Duration? = nil, servicesDomain: String? = nil) {
        self.ratingsEnabled = ratingsEnabled
        self.starColor = starColor
        self.servicesDomain = servicesDomain.map { "." + $0 } ?? ""
        self.ratingsTimeout = ratingsTimeout ?? (starColor == "black" ? .milliseconds(10_000) : .milliseconds(2_500))
    }

    /// Bookinfo's builds: v1 without ratings, v2 black stars, v3 red stars. `environment`'s
    /// ENABLE_RATINGS / STAR_COLOR override, as they do for the image.
    public static func forVersion(_ version: String, environment: [String: String] = [:]) -> ReviewsConfiguration {
        var enabled = version != "v1"
        var color = version == "v3" ? "red" : "black"
        // Java's Boolean.valueOf: true only for "true", any case.
        if let value = environment["ENABLE_RATINGS"] { enabled = value.lowercased() == "true" }
        if let value = environment["STAR_COLOR"] { color = value }
        return ReviewsConfiguration(ratingsEnabled: enabled, starColor: color, servicesDomain: environment["SERVICES_DOMAIN"])
    }
}
