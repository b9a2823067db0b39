import Testing

@testable import RedisServer

/// The documentation table against the command table: families landing later must bring
/// docs, and the key positions the two tables state separately must agree.
@Suite struct CommandDocsTableTests {
    @Test func everyEntryParses() {
        let (docs, errors) = CommandDocs.parseAll()
        #expect(errors == [])
        #expect(docs.count == CommandDocs.entries.count)
    }

    @Test func everyCommandInTheTableIsDocumented() {
        let undocumented = CommandTable.standard.allSpecs.map(\.fullName).filter { CommandDocs.lookup($0) == nil }
        #expect(undocumented == [], "document these in Commands/Docs")
    }

    @Test func subcommandsHaveTheirContainerDocumented() {
        for name in CommandDocs.table.keys where name.contains("|") {
            let container = String(name.prefix { $0 != "|" })
            #expect(CommandDocs.lookup(container) != nil, "\(name) without \(container)")
        }
    }

    /// Redis computes a command's (first, last, step) and its movablekeys flag from its key
    /// specs (`populateCommandLegacyRangeSpec`); the command table states them directly.
    @Test func keyRangesAgreeWithKeySpecs() {
        for spec in CommandTable.standard.allSpecs {
            guard let doc = CommandDocs.lookup(spec.fullName) else { continue }
            let (range, movable) = legacyRange(doc.keySpecs)
            #expect(
                range == [spec.firstKey, spec.lastKey, spec.keyStep],
                "\(spec.fullName): key specs say \(range), the table says \([spec.firstKey, spec.lastKey, spec.keyStep])")
            #expect(
                movable == spec.flags.contains(.movableKeys),
                "\(spec.fullName): key specs say movablekeys \(movable)")
        }
    }

    @Test func extraCategoriesAreRedisCategories() {
        for spec in CommandTable.standard.allSpecs {
            for category in spec.extraCategories {
                #expect(CommandSpec.categoryOrder.contains(category), "\(spec.fullName): \(category)")
            }
        }
    }

    func legacyRange(_ specs: [KeySpec]) -> (range: [Int], movable: Bool) {
        if specs.isEmpty { return ([0, 0, 0], false) }
        if specs.count == 1, case .index(let first) = specs[0].begin,
            case .range(let last, let step, _) = specs[0].find
        {
            return ([first, last >= 0 ? first + last : last, step], specs[0].flags.contains(.incomplete))
        }
        var movable = false
        var first = Int.max
        var last: Int?
        for spec in specs {
            guard case .index(let begin) = spec.begin, case .range(let relativeLast, let step, _) = spec.find,
                step == 1, last.map({ $0 == begin - 1 }) ?? true
            else {
                movable = true
                continue
            }
            if spec.flags.contains(.incomplete) { movable = true }
            first = min(first, begin)
            let absolute = relativeLast >= 0 ? begin + relativeLast : relativeLast
            // Redis compares as unsigned: a count from the end beats any index.
            last = last.map { UInt(bitPattern: $0) > UInt(bitPattern: absolute) ? $0 : absolute } ?? absolute
        }
        guard let last, first != .max else { return ([0, 0, 0], true) }
        return ([first, last, 1], movable)
    }
}
