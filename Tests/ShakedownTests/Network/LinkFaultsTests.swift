import Testing
@testable import Shakedown

@Suite struct LinkFaultsTests {
    @Test func cutsAddUpAndHealIsEmpty() throws {
        let halves = try Partition.groups([["n1"], ["n2", "n3"]])
        let faults = LinkFaults().cutting(halves.cuts).cutting([Link(from: "n2", to: "n3")])
        #expect(faults.cuts.count == 5)
        #expect(faults.lossProbability(Link(from: "n3", to: "n2")) == 0)
        #expect(faults.description == "cut n1<->n2 n1<->n3 n2->n3")
        #expect(LinkFaults().description == "none")
        #expect(LinkFaults().isEmpty)
    }

    @Test func lossAndDelayDescribeThemselves() throws {
        let faults = try LinkFaults()
            .losing(0.25, on: Link(from: "n1", to: "n2"))
            .delaying(Link(from: "n2", to: "n10"), by: .milliseconds(50))
            .delaying(Link(from: "n2", to: "n3"), by: .seconds(1))
        #expect(faults.description == "loss n1->n2 25%; delay n2->n3 1s n2->n10 50ms")
        #expect(faults.cuts.isEmpty)
        #expect(faults.nodes == ["n1", "n2", "n3", "n10"])
        // Zero removes.
        let healed = try faults.losing(0, on: Link(from: "n1", to: "n2"))
            .delaying(Link(from: "n2", to: "n10"), by: .zero).delaying(Link(from: "n2", to: "n3"), by: .zero)
        #expect(healed.isEmpty)
    }

    @Test func probabilityOneIsACut() throws {
        let faults = try LinkFaults().losing(1, on: Link(from: "n1", to: "n2"))
        #expect(faults.cuts == [Link(from: "n1", to: "n2")])
        #expect(faults.description == "cut n1->n2")
    }

    @Test func badValuesAreErrors() {
        #expect(throws: NetworkError.self) { try LinkFaults().losing(1.5, on: Link(from: "a", to: "b")) }
        #expect(throws: NetworkError.self) { try LinkFaults().losing(.nan, on: Link(from: "a", to: "b")) }
        #expect(throws: NetworkError.self) { try LinkFaults().losing(0.5, on: Link(from: "a", to: "a")) }
        #expect(throws: NetworkError.self) { try LinkFaults().delaying(Link(from: "a", to: "b"), by: .seconds(-1)) }
    }

    @Test func linksSortAsPeopleReadNodeNames() {
        let links = [Link(from: "n10", to: "n1"), Link(from: "n2", to: "n1"), Link(from: "n1", to: "n3")]
        #expect(links.sorted().map(\.description) == ["n1->n3", "n2->n1", "n10->n1"])
    }

    @Test func retransmissionPenaltyFollowsTheLossProbability() {
        var random = SeededRandom(seed: 5)
        #expect(RetransmissionDelay.penalty(probability: 0, using: &random) == .zero)
        // p = 0.5: half the chunks lose nothing; penalties are sums of 200 ms doubling.
        var none = 0
        let allowed: Set<Duration> = Set((0...6).map { k in .milliseconds(200 * ((1 << k) - 1)) })
        for _ in 0..<2000 {
            let penalty = RetransmissionDelay.penalty(probability: 0.5, using: &random)
            if penalty == .zero { none += 1 }
            #expect(allowed.contains(penalty))
        }
        #expect((900...1100).contains(none))
        // Almost certain loss still gets through after six retransmissions.
        #expect(RetransmissionDelay.penalty(probability: 0.999_999, using: &random) <= .milliseconds(12_600))
    }
}
