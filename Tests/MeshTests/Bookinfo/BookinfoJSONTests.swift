import Testing

@testable import Mesh

@Suite struct BookinfoJSONTests {
    @Test func keepsMemberOrderAndLiterals() throws {
        let value = try BookinfoJSONParser.parse(#" {"b": 1.50, "a": [true, null, "x\u00e9\n"], "b": 2} "#)
        // A duplicate keeps its first place and takes the last value, as JSON.parse and dict do.
        #expect(value.nodeStringified() == #"{"b":2,"a":[true,null,"xé\n"]}"#)
        #expect(value["a"] == .array([.bool(true), .null, .string("xé\n")]))
    }

    @Test(arguments: [
        ("", 0, "unexpected end of input"), ("{\"a\" 1}", 5, "expected ':' after a key"), ("[1,]", 3, "unexpected character ']'"),
        ("01", 1, "unexpected data after the value"), ("\"\\ud800\"", 7, "lone surrogate \\ud800"),
    ])
    func malformedInputSaysWhereAndWhy(input: String, offset: Int, reason: String) {
        #expect(throws: BookinfoJSONError(offset: offset, reason: reason)) { try BookinfoJSONParser.parse(input) }
    }

    @Test func refusesDeepNesting() {
        #expect(throws: BookinfoJSONError.self) { try BookinfoJSONParser.parse(String(repeating: "[", count: 600)) }
    }

    @Test(arguments: [
        ("5", "5"), ("4.0", "4"), ("1.5", "1.5"), ("1e21", "1e+21"), ("123456789012345678901", "123456789012345680000"),
        ("0.00001", "0.00001"), ("1e-7", "1e-7"), ("-0", "0"), ("2.5e-3", "0.0025"), ("1e999", "null"),
    ])
    func printsNumbersAsJavaScript(literal: String, printed: String) throws {
        #expect(try BookinfoJSONParser.parse(literal).nodeStringified() == printed)
    }

    @Test(arguments: [
        ("5", "5"), ("-0", "0"), ("4.0", "4.0"), ("1e16", "1e+16"), ("1e15", "1000000000000000.0"), ("0.0001", "0.0001"),
        ("0.00001", "1e-05"), ("1.5e300", "1.5e+300"), ("1e999", "Infinity"),
    ])
    func printsNumbersAsPython(literal: String, printed: String) throws {
        #expect(try BookinfoJSONParser.parse(literal).pythonDumped() == printed)
    }

    /// The orders productpage (Python 2.7) printed, from a captured run of Bookinfo's API
    /// (cilium's Istio guide): `{"publisher": …, "language": …, "author": …, "id": 0, …}`.
    @Test func pythonDictOrderMatchesCapturedOutput() {
        #expect(PythonDictOrder.iterationOrder(of: ["id", "title", "descriptionHtml"]) == ["descriptionHtml", "id", "title"])
        #expect(
            PythonDictOrder.iterationOrder(of: ["id", "author", "year", "type", "pages", "publisher", "language", "ISBN-10", "ISBN-13"])
                == ["publisher", "language", "author", "id", "ISBN-10", "ISBN-13", "year", "type", "pages"])
        #expect(PythonDictOrder.iterationOrder(of: ["reviewer", "text", "rating"]) == ["reviewer", "rating", "text"])
        #expect(PythonDictOrder.iterationOrder(of: ["stars", "color"]) == ["color", "stars"])
        #expect(PythonDictOrder.iterationOrder(of: ["id", "ratings"]) == ["ratings", "id"])
        #expect(PythonDictOrder.iterationOrder(of: ["Reviewer1", "Reviewer2"]) == ["Reviewer2", "Reviewer1"])
    }

    @Test func pythonDumpEscapesNonASCII() throws {
        let value = try BookinfoJSONParser.parse(#"{"t": "é😀\u007f/"}"#)
        #expect(value.pythonDumped() == #"{"t": "\u00e9\ud83d\ude00\u007f/"}"#)
    }
}
