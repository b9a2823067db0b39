import Foundation
import Testing

@testable import Shakedown

@Suite struct PlainTextTests {
    @Test func removesEscapeSequencesAndForbiddenCharacters() {
        #expect(PlainText.clean("\u{1B}[1;31mred\u{1B}[0m") == "red")
        #expect(PlainText.clean("\u{1B}]0;title\u{07}text") == "text")
        #expect(PlainText.clean("a\u{0}b\u{1}c\u{1F}d\u{7F}e\u{85}f\u{FFFE}g\u{FFFF}h") == "abcdefgh")
        #expect(PlainText.clean("tab\tlf\ncr\r") == "tab\tlf\ncr\r")
        #expect(PlainText.clean("é 漢 🙂") == "é 漢 🙂")
        // An escape that opens no complete sequence loses only itself.
        #expect(PlainText.clean("\u{1B}]]> rest") == "]]> rest")
        #expect(PlainText.clean("\u{1B}[12") == "[12")
    }

    @Test func oneLineCollapsesBreaksAndCuts() {
        #expect(PlainText.oneLine("  a\n\n b\r\n\tc  ") == "a b c")
        #expect(PlainText.oneLine(String(repeating: "x", count: 20), limit: 10) == String(repeating: "x", count: 9) + "…")
        #expect(PlainText.oneLine("\u{0}\n") == "")
    }

    @Test func xmlEscaping() {
        #expect(XMLText.text("a<b>&\"c\"'d' ]]>") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos; ]]&gt;")
        #expect(XMLText.attribute("x\ny\tz\r") == "x&#10;y&#9;z&#13;")
        #expect(XMLText.text("x\ny\r") == "x\ny&#13;")
        #expect(XMLText.text("\u{0}\u{1B}[0m") == "")
    }
}
