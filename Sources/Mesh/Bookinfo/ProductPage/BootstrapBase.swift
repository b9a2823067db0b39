/// Flask-Bootstrap 3.3.7.1's `bootstrap/base.html` as productpage's templates extend it,
/// whitespace control applied: the child's metas, styles, title, content and scripts blocks
/// dropped into the skeleton.
enum BootstrapBase {
    static func render(title: String, metas: String, styles: String, content: String, scripts: String) -> String {
        "<!DOCTYPE html>\n<html>\n  <head>\n    <title>\(title)</title>" + metas + styles
            + "\n  </head>\n  <body>\n    \n    " + content + "\n\n    " + scripts + "\n  </body>\n</html>\n"
    }

    /// The two templates' shared styles block (Bootstrap 3.3.5 from the CDN).
    static let styles = """

        <!-- Latest compiled and minified CSS -->
        <link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/3.3.5/css/bootstrap.min.css">

        <!-- Optional theme -->
        <link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/3.3.5/css/bootstrap-theme.min.css">

        """

    /// The scripts both templates load (jQuery 2.1.4, Bootstrap 3.3.5).
    static let scripts = """

        <!-- Latest compiled and minified JavaScript -->
        <script src="https://ajax.googleapis.com/ajax/libs/jquery/2.1.4/jquery.min.js"></script>

        <!-- Latest compiled and minified JavaScript -->
        <script src="https://maxcdn.bootstrapcdn.com/bootstrap/3.3.5/js/bootstrap.min.js"></script>

        """

    static func metas(initialScale: String) -> String {
        """

        <meta charset="utf-8">
        <meta http-equiv="X-UA-Compatible" content="IE=edge">
        <meta name="viewport" content="width=device-width, initial-scale=\(initialScale)">

        """
    }
}
