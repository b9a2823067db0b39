// The literal text of productpage.html's `content` block (istio 1.1.0), cut at each Jinja tag:
// `segment[n]` is the text before the n-th tag, named in the comment after it. The page is
// the original's output, so its text is reproduced exactly; ProductPageTemplate supplies the logic.
extension ProductPageTemplate {
    static let segment: [String] = [
        // 0, then {% if user: %}
        "\n\n<nav class=\"navbar navbar-inverse navbar-static-top\">\n    <div class=\"container\">\n        <div class=\"navbar-header\">\n            <a class=\"navbar-brand\" href=\"#\">BookInfo Sample</a>\n        </div>\n        ",
        // 1, then {{ user }}
        "\n        <p class=\"navbar-text navbar-right\">\n            <i class=\"glyphicon glyphicon-user\" aria-hidden=\"true\"></i>\n            <span style=\"padding-left: 5px;\">",
        // 2, then {% else %}
        "  ( <a href=\"logout\">sign out</a> )</span>\n        </p>\n        ",
        // 3, then {% endif %}
        "\n        <button type=\"button\" class=\"btn btn-default navbar-btn navbar-right\" data-toggle=\"modal\" href=\"#login-modal\">Sign in</button>\n        ",
        // 4, then {% if user %}
        "\n    </div>\n</nav>\n\n<!---\n<div class=\"navbar navbar-inverse navbar-fixed-top\">\n  <div class=\"container\">\n    <div class=\"navbar-header pull-left\">\n      <a class=\"navbar-brand\" href=\"#\">Microservices Fabric BookInfo Demo</a>\n    </div>\n    <div class=\"navbar-header pull-right\">\n      <button type=\"button\" class=\"navbar-toggle\" data-toggle=\"collapse\" data-target=\".navbar-collapse\">\n        <span class=\"icon-bar\"></span>\n        <span class=\"icon-bar\"></span>\n        <span class=\"icon-bar\"></span>\n      </button>\n    </div>\n    <div class=\"navbar-collapse collapse\">\n",
        // 5, then {{ user }}
        "\n      <a href=\"logout\"><button type=\"button\" class=\"btn btn-default navbar-btn pull-right\">Sign out</button></a>\n      <p class=\"navbar-text pull-right\">Signed in as ",
        // 6, then {% else %}
        "</p>\n",
        // 7, then {% endif %}
        "\n      <button type=\"button\" class=\"btn btn-default navbar-btn pull-right\" data-toggle=\"modal\" data-target=\"#login-modal\">Sign in</button>\n",
        // 8, then {{ product.title }}
        "\n    </div>\n  </div>\n</div>\n-->\n    \n<div id=\"login-modal\" class=\"modal fade\" role=\"dialog\">\n  <div class=\"modal-dialog\">\n    <div class=\"modal-content\">\n      <div class=\"modal-header\">\n        <button type=\"button\" class=\"close\" data-dismiss=\"modal\">&times;</button>\n        <h4 class=\"modal-title\">Please sign in</h4>\n      </div>\n      <div class=\"modal-body\">\n        <form method=\"post\" action='login' name=\"login_form\">\n          <p><input type=\"text\" class=\"form-control\" name=\"username\" id=\"username\" placeholder=\"User Name\"></p>\n          <p><input type=\"password\" class=\"form-control\" name=\"passwd\" placeholder=\"Password\"></p>\n          <p>\n             <button type=\"submit\" class=\"btn btn-primary\">Sign in</button>\n             <button type=\"button\" class=\"btn btn-default\" data-dismiss=\"modal\">Cancel</button>\n          </p>\n        </form>\n      </div>\n    </div>\n\n  </div>\n</div>\n\n<div class=\"container-fluid\">\n  <div class=\"row\">\n    <div class=\"col-md-12\">\n      <h3 class=\"text-center text-primary\">",
        // 9, then {% autoescape false %}
        "</h3>\n      ",
        // 10, then {{ product.descriptionHtml }}
        "\n        <p>Summary: ",
        // 11, then {% endautoescape %}
        "</p>\n      ",
        // 12, then {% if detailsStatus == 200: %}
        "\n    </div>\n  </div>\n\n  <div class=\"row\">\n    <div class=\"col-md-6\">\n      ",
        // 13, then {{ details.type }}
        "\n        <h4 class=\"text-center text-primary\">Book Details</h4>\n        <dl>\n          <dt>Type:</dt>",
        // 14, then {{ details.pages }}
        "\n          <dt>Pages:</dt>",
        // 15, then {{ details.publisher }}
        "\n          <dt>Publisher:</dt>",
        // 16, then {{ details.language }}
        "\n          <dt>Language:</dt>",
        // 17, then {{ details['ISBN-10'] }}
        "\n          <dt>ISBN-10:</dt>",
        // 18, then {{ details['ISBN-13'] }}
        "\n          <dt>ISBN-13:</dt>",
        // 19, then {% else %}
        "\n        </dl>\n      ",
        // 20, then {% if details: %}
        "\n        <h4 class=\"text-center text-primary\">Error fetching product details!</h4>\n        ",
        // 21, then {{ details.error }}
        "\n          <p>",
        // 22, then {% endif %}
        "</p>\n        ",
        // 23, then {% endif %}
        "\n      ",
        // 24, then {% if reviewsStatus == 200: %}
        "\n    </div>\n\n    <div class=\"col-md-6\">\n      ",
        // 25, then {% for review in reviews.reviews %}
        "\n        <h4 class=\"text-center text-primary\">Book Reviews</h4>\n        ",
        // 26, then {{ review.text }}
        "\n          <blockquote>\n            <p>",
        // 27, then {{ review.reviewer }}
        "</p>\n            <small>",
        // 28, then {% if review.rating: %}
        "</small>\n            ",
        // 29, then {% if review.rating.stars: %}
        "\n              ",
        // 30, then {{ review.rating.color }}
        "\n                <font color=\"",
        // 31, then {% for n in range(review.rating.stars)  %}
        "\">\n                  <!-- full stars: -->\n                  ",
        // 32, then {% endfor %}
        "\n                    <span class=\"glyphicon glyphicon-star\"></span>\n                  ",
        // 33, then {% for n in range(5 - review.rating.stars) %}
        "\n                  <!-- empty stars: -->\n                  ",
        // 34, then {% endfor %}
        "\n                    <span class=\"glyphicon glyphicon-star-empty\"></span>\n                  ",
        // 35, then {% elif review.rating.error: %}
        "\n                </font>\n              ",
        // 36, then {{ review.rating.error }}
        "\n                <p><i>",
        // 37, then {% endif %}
        "</i></p>\n              ",
        // 38, then {% endif %}
        "\n            ",
        // 39, then {% endfor %}
        "\n          </blockquote>\n        ",
        // 40, then {% else %}
        "\n      ",
        // 41, then {% if reviews: %}
        "\n        <h4 class=\"text-center text-primary\">Error fetching product reviews!</h4>\n        ",
        // 42, then {{ reviews.error }}
        "\n          <p>",
        // 43, then {% endif %}
        "</p>\n        ",
        // 44, then {% endif %}
        "\n      ",
        // 45, then (end of block)
        "\n    </div>\n  </div>\n</div>\n",
    ]
}
