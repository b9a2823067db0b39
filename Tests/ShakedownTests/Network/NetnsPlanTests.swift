import Testing
@testable import Shakedown

/// What the netns backend would run, checked without running it.
@Suite struct NetnsPlanTests {
    let layout = NetnsLayout(pid: 4242, instance: 3, nodes: ["n1", "n2", "n3"])

    @Test func namesCarryTheRunPrefixAndAddressesStartAtTwo() {
        #expect(layout.hub == "sd4242-3-hub")
        #expect(layout.client == "sd4242-3-client")
        #expect(layout.namespace(of: "n2") == "sd4242-3-n2")
        #expect(layout.address(of: "n1") == "10.77.0.2")
        #expect(layout.address(of: "n3") == "10.77.0.4")
        #expect(layout.address(of: "n9") == nil)
        #expect(layout.clientAddress == "10.77.0.1")
        #expect(layout.namespaces == ["sd4242-3-hub", "sd4242-3-client", "sd4242-3-n1", "sd4242-3-n2", "sd4242-3-n3"])
    }

    @Test func staleNamespacesAreFoundByOwnerPid() {
        let listing = "sd4242-3-n1 (id: 4)\nsd17-1-hub\nother\nsdx-1\nsd99-probe2 (id: 0)\n"
        let names = NetnsLayout.namespaces(inListing: listing)
        #expect(names == ["sd4242-3-n1", "sd17-1-hub", "other", "sdx-1", "sd99-probe2"])
        #expect(names.map(NetnsLayout.ownerPid(ofNamespace:)) == [4242, 17, nil, nil, 99])
    }

    @Test func rulesDropWhatArrivesFromCutOrLossyPeers() throws {
        let faults = try LinkFaults().cutting(Link.between(["n1"], ["n2"]))
            .losing(0.1, on: Link(from: "n3", to: "n2"))
        #expect(
            NetnsRules.table(for: "n2", faults: faults, layout: layout) == """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -s 10.77.0.2/32 -j DROP
                -A INPUT -s 10.77.0.4/32 -m statistic --mode random --probability 0.1 -j DROP
                COMMIT

                """)
        #expect(NetnsRules.table(for: "n3", faults: faults, layout: layout).components(separatedBy: "-A ").count == 1)
        #expect(NetnsRules.probabilityText(1.0 / 3) == "0.33333333333")
    }

    @Test func delaysBecomeNetemBandsPerDestination() throws {
        let faults = try LinkFaults().delaying(Link(from: "n1", to: "n3"), by: .milliseconds(40))
        let commands = try NetnsDelay.commands(for: "n1", faults: faults, layout: layout)
        #expect(commands.count == 4)
        #expect(commands[0] == ["tc", "qdisc", "del", "dev", "eth0", "root"])
        #expect(commands[2].suffix(3) == ["netem", "delay", "40000us"])
        #expect(commands[3].contains("10.77.0.4/32"))
        #expect(try NetnsDelay.commands(for: "n2", faults: faults, layout: layout).count == 1)
    }

    @Test func nodeNamesAreChecked() {
        #expect(throws: NetworkError.self) { try NodeNameRules.validate([]) }
        #expect(throws: NetworkError.self) { try NodeNameRules.validate(["n1", "n1"]) }
        #expect(throws: NetworkError.self) { try NodeNameRules.validate(["n 1"]) }
        #expect(throws: NetworkError.self) { try NodeNameRules.validate(["../x"]) }
        #expect(throws: Never.self) { try NodeNameRules.validate(["n1", "redis-2", "db_3"]) }
    }
}
