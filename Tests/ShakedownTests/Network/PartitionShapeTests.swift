import Testing
@testable import Shakedown

@Suite struct PartitionShapeTests {
    let five = ["n1", "n2", "n3", "n4", "n5"]

    /// Who `node` hears from (itself included), given the cuts.
    private func hears(_ node: String, _ nodes: [String], _ cuts: Set<Link>) -> Set<String> {
        Set(nodes.filter { $0 == node || !cuts.contains(Link(from: $0, to: node)) })
    }

    @Test func halvesSplitsIntoTwoGroupsTheFirstSmaller() throws {
        var random = SeededRandom(seed: 7)
        let partition = try PartitionShape.halves.partition(five, using: &random)
        #expect(partition.shape == "halves")
        // 2 x 3 nodes, both directions.
        #expect(partition.cuts.count == 2 * 3 * 2)
        let sizes = Set(five.map { hears($0, five, partition.cuts).count })
        #expect(sizes == [2, 3])
        for link in partition.cuts { #expect(partition.cuts.contains(link.reversed)) }
        #expect(partition.description.hasPrefix("halves ["))
        #expect(partition.description.components(separatedBy: " | ").count == 2)
    }

    @Test func sameSeedSameShapeOtherSeedsDiffer() throws {
        var a = SeededRandom(seed: 42)
        var b = SeededRandom(seed: 42)
        let first = try PartitionShape.halves.partition(five, using: &a)
        #expect(try PartitionShape.halves.partition(five, using: &b) == first)
        var shapes: Set<Set<Link>> = []
        for seed in 0..<20 {
            var r = SeededRandom(seed: UInt64(seed))
            shapes.insert(try PartitionShape.halves.partition(five, using: &r).cuts)
        }
        #expect(shapes.count > 3)
    }

    @Test func isolateOneCutsOneNodeBothWays() throws {
        var random = SeededRandom(seed: 3)
        let partition = try PartitionShape.isolateOne.partition(five, using: &random)
        #expect(partition.cuts.count == 4 * 2)
        let alone = five.filter { hears($0, five, partition.cuts).count == 1 }
        #expect(alone.count == 1)
        #expect(partition.description == "isolate-one [\(alone[0])] | [\(five.filter { $0 != alone[0] }.joined(separator: " "))]")
    }

    @Test(arguments: [3, 4, 5, 6, 7])
    func majorityRingGivesEveryNodeItsOwnMajority(_ count: Int) throws {
        let nodes = (1...count).map { "n\($0)" }
        var random = SeededRandom(seed: UInt64(count))
        let partition = try PartitionShape.majorityRing.partition(nodes, using: &random)
        let majority = count / 2 + 1
        let views = nodes.map { hears($0, nodes, partition.cuts) }
        for view in views { #expect(view.count == majority) }
        #expect(Set(views).count == count, "two nodes share a majority: \(views)")
        #expect(partition.description.hasPrefix("majority-ring n1 hears ["))
    }

    @Test func majorityRingIsAsymmetricForSixNodes() throws {
        // Windows of 4 centred on index 2: a node drops one neighbour at distance 2 that
        // still hears it. Groups could not say this.
        let nodes = (1...6).map { "n\($0)" }
        var random = SeededRandom(seed: 1)
        let cuts = try PartitionShape.majorityRing.partition(nodes, using: &random).cuts
        #expect(cuts.contains { !cuts.contains($0.reversed) })
    }

    @Test func bridgeKeepsOneNodeLinkedToBothSides() throws {
        var random = SeededRandom(seed: 11)
        let partition = try PartitionShape.bridge.partition(five, using: &random)
        let linked = five.filter { node in !partition.cuts.contains { $0.from == node || $0.to == node } }
        #expect(linked.count == 1)
        // Left 2, right 2 (bridge excluded): 2 x 2 x 2 directed cuts.
        #expect(partition.cuts.count == 8)
        #expect(partition.description.contains("| \(linked[0]) |"))
    }

    @Test func tooFewNodesOrRepeatedNamesAreErrors() {
        var random = SeededRandom(seed: 1)
        #expect(throws: NetworkError.invalid("majority-ring needs at least 3 nodes, not 2")) {
            try PartitionShape.majorityRing.partition(["n1", "n2"], using: &random)
        }
        #expect(throws: NetworkError.self) { try PartitionShape.halves.partition(["n1", "n1"], using: &random) }
    }

    @Test func groupsCutBetweenGroupsOnly() throws {
        let partition = try Partition.groups([["n1", "n4"], ["n2", "n3"]])
        #expect(partition.cuts == Link.between(["n1", "n4"], ["n2", "n3"]))
        #expect(!partition.cuts.contains(Link(from: "n1", to: "n4")))
        #expect(partition.description == "partition [n1 n4] | [n2 n3]")
        #expect(throws: NetworkError.self) { try Partition.groups([["n1"], ["n1", "n2"]]) }
    }
}
