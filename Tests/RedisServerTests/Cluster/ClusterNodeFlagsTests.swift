import Testing

@testable import RedisServer

@Suite struct ClusterNodeFlagsTests {
    @Test func rawValuesAreRedis() {
        let values: [(ClusterNodeFlags, UInt16)] = [
            (.master, 1), (.slave, 2), (.pfail, 4), (.fail, 8), (.myself, 16), (.handshake, 32), (.noaddr, 64),
            (.meet, 128), (.migrateTo, 256), (.nofailover, 512),
        ]
        for (flag, raw) in values { #expect(flag.rawValue == raw) }
    }

    @Test func textInRedisOrder() {
        #expect(ClusterNodeFlags([.master, .myself]).nodesText == "myself,master")
        #expect(ClusterNodeFlags([.slave, .pfail]).nodesText == "slave,fail?")
        #expect(ClusterNodeFlags([.nofailover, .noaddr, .handshake, .fail, .pfail, .slave, .master, .myself]).nodesText
            == "myself,master,slave,fail?,fail,handshake,noaddr,nofailover")
        #expect(ClusterNodeFlags([]).nodesText == "noflags")
        // MEET and MIGRATE_TO are never printed.
        #expect(ClusterNodeFlags([.meet, .migrateTo]).nodesText == "noflags")
        #expect(ClusterNodeFlags([.meet, .master]).nodesText == "master")
    }

    @Test func parsing() throws {
        #expect(try ClusterNodeFlags(nodesText: "myself,master") == [.myself, .master])
        #expect(try ClusterNodeFlags(nodesText: "MASTER,Fail?") == [.master, .pfail])
        #expect(try ClusterNodeFlags(nodesText: "noflags") == [])
        #expect(try ClusterNodeFlags(nodesText: "slave,fail,handshake,noaddr,nofailover") == [.slave, .fail, .handshake, .noaddr, .nofailover])
        #expect(throws: ClusterNodeFlagsError(name: "meet")) { try ClusterNodeFlags(nodesText: "master,meet") }
        #expect(throws: ClusterNodeFlagsError(name: "")) { try ClusterNodeFlags(nodesText: "master,") }
        #expect(throws: ClusterNodeFlagsError(name: "bogus")) { try ClusterNodeFlags(nodesText: "bogus") }
    }

    @Test func everyPrintedCombinationRoundTrips() throws {
        let printable: UInt16 = 1 | 2 | 4 | 8 | 16 | 32 | 64 | 512
        for raw in UInt16(0)...1023 where raw & ~printable == 0 {
            let flags = ClusterNodeFlags(rawValue: raw)
            #expect(try ClusterNodeFlags(nodesText: flags.nodesText) == flags)
        }
    }
}
