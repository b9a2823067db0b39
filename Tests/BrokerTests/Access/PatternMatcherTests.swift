import Testing

@testable import Broker

@Suite("Permission regexes as re:run reads them")
struct PatternMatcherTests {
    /// Pattern, subject, and what Erlang's re:run (PCRE, OTP 25 with RabbitMQ 3.10.8's
    /// Debian package) answered for them.
    static let erlangAnswers: [(String, String, Bool)] = [
        (#"^amq\.gen.*"#, "amq.gen-abc", true),
        (#"^amq\.gen.*"#, "amqxgen-abc", false),
        (".*", "", true),
        ("^(a|b)$", "a", true),
        ("^(a|b)$", "ab", false),
        ("configure", "my-configure-x", true),
        ("^$", "", true),
        ("^$", "x", false),
        ("^foo$", "foo\n", true),
        (#"[a-z]+\d"#, "x1", true),
        ("^[^.]+$", "a.b", false),
        (#"\Qa.b\E"#, "axb", false),
        ("(?i)ABC", "abc", true),
        ("(?<=a)b", "ab", true),
        ("a.b", "a\nb", false),
        ("^b", "a\nb", false),
        (#"^(amq\.gen.*|amq\.default)$"#, "amq.default", true),
        (#"^(amq\.gen.*|amq\.default)$"#, "amq.defaults", false),
        (#"\w+-\d{2,}"#, "q-123", true),
        ("[[:alpha:]]+$", "ab1", false),
        (#"^x\/y$"#, "x/y", true),
        ("^a b$", "a b", true),
        // Braces that open no quantifier are literals in PCRE.
        ("a{b", "a{b", true),
        ("^{username}$", "{username}", true),
        ("^x{2}$", "xx", true),
        ("^x{2,}$", "xxx", true),
        ("^x{2,3}$", "xxxx", false),
        ("^[{]$", "{", true),
        (#"^\Q{a}\E$"#, "{a}", true),
        ("^a}$", "a}", true),
        ("^x{,2}$", "x{,2}", true),
        ("^x{2$", "x{2", true),
        ("^[]a]+$", "]a", true),
        ("^[^]a]$", "b", true),
        ("^[[:digit:]{]+$", "1{", true),
        (#"^\{x\}$"#, "{x}", true),
        ("^{$", "{", true),
        ("^x{ 2}$", "x{ 2}", true),
    ]

    @Test("matches as PCRE does", arguments: erlangAnswers.indices)
    func matchesAsErlang(index: Int) {
        let (pattern, subject, expected) = Self.erlangAnswers[index]
        #expect(PatternMatcher().matches(pattern: pattern, subject: subject) == expected, "\(pattern) on \(subject)")
    }

    @Test("the search is unanchored: a pattern matches anywhere in the name")
    func unanchored() {
        let matcher = PatternMatcher()
        #expect(matcher.matches(pattern: "orders", subject: "eu-orders-v2"))
        #expect(matcher.matches(pattern: "^orders", subject: "orders-v2"))
        #expect(!matcher.matches(pattern: "^orders$", subject: "orders-v2"))
    }

    @Test("the empty pattern means ^$: only the empty name")
    func emptyPattern() {
        let matcher = PatternMatcher()
        #expect(!matcher.matches(pattern: "", subject: "anything"))
        #expect(matcher.matches(pattern: "", subject: ""))
        #expect(matcher.compiles(""))
    }

    /// Patterns Erlang's re:compile refuses; a permission holding one grants nothing.
    @Test("a pattern that does not compile matches nothing", arguments: ["(", "[", "a{2,1}", "*a", "\\", "a)"])
    func badPatternsDeny(pattern: String) {
        let matcher = PatternMatcher()
        #expect(!matcher.compiles(pattern))
        #expect(!matcher.matches(pattern: pattern, subject: pattern))
        #expect(!matcher.matches(pattern: pattern, subject: ""))
        // Cached failures stay failures.
        #expect(!matcher.matches(pattern: pattern, subject: "a"))
    }
}
