/// productpage.html (istio 1.1.0) rendered as Jinja2 renders it: the navbar's "Sign in" or
/// the user, the product, the details list or its error, the reviews with their stars (full
/// `glyphicon-star` then empty ones up to five, in `<font color=…>`) or the errors.
enum ProductPageTemplate {
    struct Model {
        var user: String?
        var product: BookinfoJSON
        var detailsStatus: Int
        var details: BookinfoJSON
        var reviewsStatus: Int
        var reviews: BookinfoJSON
    }

    /// A value the template cannot render (Python raised TypeError, Flask answered 500).
    struct RenderError: Error { var reason: String }

    static func render(_ model: Model) throws(RenderError) -> String {
        let scripts = BootstrapBase.scripts + """

            <script type="text/javascript">
            $('#login-modal').on('shown.bs.modal', function () {
                 $('#username').focus();
            });
            </script>

            """
        return BootstrapBase.render(
            title: "Simple Bookstore App", metas: BootstrapBase.metas(initialScale: "1.0"), styles: BootstrapBase.styles,
            content: try content(model), scripts: scripts)
    }

    private static func content(_ model: Model) throws(RenderError) -> String {
        let s = segment
        let user = model.user.map(BookinfoJSON.string)
        let signedIn = JinjaValue.truthy(user)
        var out = s[0]
        out += signedIn ? s[1] + JinjaValue.printed(user) + s[2] : s[3]
        out += s[4]
        out += signedIn ? s[5] + JinjaValue.printed(user) + s[6] : s[7]
        out += s[8] + JinjaValue.printed(model.product["title"]) + s[9]
        out += s[10] + JinjaValue.raw(model.product["descriptionHtml"]) + s[11]
        out += s[12]
        let details = model.details
        if model.detailsStatus == 200 {
            out += s[13] + JinjaValue.printed(details["type"]) + s[14] + JinjaValue.printed(details["pages"])
            out += s[15] + JinjaValue.printed(details["publisher"]) + s[16] + JinjaValue.printed(details["language"])
            out += s[17] + JinjaValue.printed(details["ISBN-10"]) + s[18] + JinjaValue.printed(details["ISBN-13"]) + s[19]
        } else {
            out += s[20]
            if JinjaValue.truthy(details) { out += s[21] + JinjaValue.printed(details["error"]) + s[22] }
            out += s[23]
        }
        out += s[24]
        if model.reviewsStatus == 200 {
            out += s[25]
            if case .array(let reviews)? = model.reviews["reviews"] {
                for review in reviews { out += try Self.review(review) }
            }
            out += s[40]
        } else {
            out += s[41]
            if JinjaValue.truthy(model.reviews) { out += s[42] + JinjaValue.printed(model.reviews["error"]) + s[43] }
            out += s[44]
        }
        return out + s[45]
    }

    private static func review(_ review: BookinfoJSON) throws(RenderError) -> String {
        let s = segment
        var out = s[26] + JinjaValue.printed(review["text"]) + s[27] + JinjaValue.printed(review["reviewer"]) + s[28]
        let rating = review["rating"]
        if JinjaValue.truthy(rating) {
            out += s[29]
            let stars = JinjaValue.attribute(rating, "stars")
            if JinjaValue.truthy(stars) {
                let count = try rangeCount(stars)
                out += s[30] + JinjaValue.printed(JinjaValue.attribute(rating, "color")) + s[31]
                out += String(repeating: s[32], count: max(0, count)) + s[33]
                out += String(repeating: s[34], count: max(0, 5 - count)) + s[35]
            } else if JinjaValue.truthy(JinjaValue.attribute(rating, "error")) {
                out += s[36] + JinjaValue.printed(JinjaValue.attribute(rating, "error")) + s[37]
            }
            out += s[38]
        }
        return out + s[39]
    }

    /// `range(stars)` takes an int (a bool counts as one); anything else raised TypeError.
    private static func rangeCount(_ stars: BookinfoJSON?) throws(RenderError) -> Int {
        switch stars {
        case .bool(let flag)?: return flag ? 1 : 0
        case .number(let literal)? where stars?.isIntegerLiteral == true:
            guard let count = Int(literal), count < 1_000_000 else { throw RenderError(reason: "stars \(literal) out of range") }
            return count
        default:
            throw RenderError(reason: "range() integer end argument expected, got \(stars.map { $0.pythonDumped() } ?? "Undefined")")
        }
    }
}
