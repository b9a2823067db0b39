/// productpage.py's getProducts(): the one book.
enum Products {
    static let all: BookinfoJSON = .array([
        .object([
            .init("id", .int(0)),
            .init("title", .string("The Comedy of Errors")),
            .init(
                "descriptionHtml",
                .string(
                    "<a href=\"https://en.wikipedia.org/wiki/The_Comedy_of_Errors\">Wikipedia Summary</a>: The Comedy of Errors is one of <b>William Shakespeare's</b> early plays. It is his shortest and one of his most farcical comedies, with a major part of the humour coming from slapstick and mistaken identity, in addition to puns and word play."
                )),
        ])
    ])

    /// getProduct(0): the page always shows product 0.
    static var first: BookinfoJSON {
        if case .array(let products) = all, let first = products.first { return first }
        return .null
    }
}
