import AMQP
import Testing

@testable import Broker

@Suite("PLAIN and AMQPLAIN responses as RabbitMQ 3.10 reads them")
struct SASLCredentialsTests {
    @Test("PLAIN: \\0user\\0pass")
    func plain() throws {
        let credentials = try SASLCredentials.plain(Array("\0guest\0guest".utf8))
        #expect(credentials == SASLCredentials(username: "guest", password: "guest"))
        let empty = try SASLCredentials.plain([0, 0])
        #expect(empty == SASLCredentials(username: "", password: []))
        let binary = try SASLCredentials.plain([0, 0x75, 0, 0xFF, 0xFE])
        #expect(binary.password == [0xFF, 0xFE])
    }

    /// Texts are Erlang's `io_lib:format("response ~p invalid", [Response])`, as printed by
    /// OTP 25 for the same bytes.
    @Test(
        "malformed PLAIN responses are a 502 SYNTAX_ERROR naming the response",
        arguments: [
            ("guest", "response <<\"guest\">> invalid"),
            ("a\0guest\0pw", "response <<97,0,103,117,101,115,116,0,112,119>> invalid"),
            ("\0guest", "response <<0,103,117,101,115,116>> invalid"),
            ("\0u\0p\0", "response <<0,117,0,112,0>> invalid"),
            ("quo\"te\\ nl\n", "response <<\"quo\\\"te\\\\ nl\\n\">> invalid"),
            ("é", "response <<\"é\">> invalid"),
            ("", "response <<>> invalid"),
        ])
    func plainMalformed(response: String, text: String) {
        #expect(throws: BrokerError(code: .syntaxError, text: text)) { try SASLCredentials.plain(Array(response.utf8)) }
        #expect(BrokerError(code: .syntaxError, text: text).code.closesConnection)
    }

    @Test("AMQPLAIN: LOGIN and PASSWORD long strings, in any order, among other entries")
    func amqplain() throws {
        let table: FieldTable = ["PASSWORD": .string("pw"), "other": .int32(1), "LOGIN": .string("bob")]
        #expect(try SASLCredentials.amqplain(table) == SASLCredentials(username: "bob", password: "pw"))
    }

    @Test("AMQPLAIN without LOGIN or PASSWORD: 502 with the table as Erlang's ~w writes it")
    func amqplainMissing() {
        let text = "AMQPLAIN auth info [{<<76,79,71,73,78>>,longstr,<<103,117,101,115,116>>}] is missing LOGIN or PASSWORD field"
        #expect(throws: BrokerError(code: .syntaxError, text: text)) {
            try SASLCredentials.amqplain(["LOGIN": .string("guest")])
        }
        #expect(throws: BrokerError(code: .syntaxError, text: "AMQPLAIN auth info [] is missing LOGIN or PASSWORD field")) {
            try SASLCredentials.amqplain([:])
        }
    }

    @Test("AMQPLAIN whose fields are not strings: 502 unsupported type")
    func amqplainWrongTypes() {
        let text = "AMQPLAIN auth info [{<<76,79,71,73,78>>,signedint,5},{<<80,65,83,83,87,79,82,68>>,bool,true}] uses unsupported type for LOGIN or PASSWORD field"
        #expect(throws: BrokerError(code: .syntaxError, text: text)) {
            try SASLCredentials.amqplain(["LOGIN": .int32(5), "PASSWORD": .boolean(true)])
        }
    }
}
