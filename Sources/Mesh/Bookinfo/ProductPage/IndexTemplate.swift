/// index.html (istio 1.1.0): the greeting, the service table json2html made of productpage's
/// service tree, and the two "Normal user" / "Test user" links.
enum IndexTemplate {
    /// productpage.py's `productpage` dict — its "name" really is the details URL there.
    static func serviceTree(servicesDomain: String) -> BookinfoJSON {
        func service(_ name: String, _ endpoint: String, _ children: [BookinfoJSON]) -> BookinfoJSON {
            .object([
                .init("name", .string("http://\(name)\(servicesDomain):9080")), .init("endpoint", .string(endpoint)),
                .init("children", .array(children)),
            ])
        }
        let details = service("details", "details", [])
        let ratings = service("ratings", "ratings", [])
        let reviews = service("reviews", "reviews", [ratings])
        return service("details", "details", [details, reviews])
    }

    static func render(servicesDomain: String) -> String {
        let table = JSON2HTML(tableAttributes: #"class="table table-condensed table-bordered table-hover""#)
            .convert(serviceTree(servicesDomain: servicesDomain))
        let content = """

                <p><h3>Hello! This is a simple bookstore application consisting of three services as shown below</h3></p>
                \("")
                \(table)
                \("")
                <p><h4>Click on one of the links below to auto generate a request to the backend as a real user or a tester
                </h4></p>
                <p><a href="/productpage?u=normal">Normal user</a></p>
                <p><a href="/productpage?u=test">Test user</a></p>

            """
        return BootstrapBase.render(
            title: "Simple Bookstore App", metas: BootstrapBase.metas(initialScale: "1"), styles: BootstrapBase.styles,
            content: content, scripts: BootstrapBase.scripts)
    }
}
