import NIOCore

/// Finds the keys of a full command line, as `COMMAND GETKEYS` reports them: by the
/// command's key specs when they are reliable, otherwise by the command's own key finder
/// (its `movableKeys`, or its fixed key range when its flags depend on the arguments).
struct KeyFinder {
    struct Key: Equatable {
        let position: Int
        let flags: KeySpec.Flags
    }

    let spec: CommandSpec
    let keySpecs: [KeySpec]

    init(_ spec: CommandSpec) {
        self.spec = spec
        self.keySpecs = CommandDocs.lookup(spec.fullName)?.keySpecs ?? CommandInfoReply.legacyKeySpecs(spec)
    }

    /// Whether the command can have keys at all (channels posing as keys do not count).
    var hasKeys: Bool {
        spec.movableKeys != nil || keySpecs.contains { !$0.flags.contains(.notKey) }
    }

    private var hasVariableFlags: Bool { keySpecs.contains { $0.flags.contains(.variableFlags) } }

    /// The keys of `args` (`args[0]` is the command name); empty when they cannot be found.
    func keys(_ args: [ByteBuffer]) -> [Key] {
        if !hasVariableFlags, let keys = keysFromSpecs(args) { return keys }
        guard spec.movableKeys != nil || hasVariableFlags else { return [] }
        return spec.keyIndices(args).map { Key(position: $0, flags: fallbackFlags(at: $0, args)) }
    }

    /// Redis's `getKeysUsingKeySpecs`: nil when a spec cannot tell (unknown, incomplete, or
    /// out of bounds), so that the command's own finder is asked instead.
    func keysFromSpecs(_ args: [ByteBuffer]) -> [Key]? {
        var keys: [Key] = []
        let argc = args.count
        for keySpec in keySpecs where !keySpec.flags.contains(.notKey) {
            var first = 0
            switch keySpec.begin {
            case .index(let index):
                first = index
            case .keyword(let keyword, let startFrom):
                let forward = startFrom > 0
                var i = forward ? startFrom : argc + startFrom
                while i >= 1 && i < argc {
                    if String(buffer: args[i]).equalsIgnoringCase(keyword) { first = i + 1; break }
                    i += forward ? 1 : -1
                }
                if first == 0 { continue }
            case .unknown:
                return nil
            }
            let last: Int
            let step: Int
            switch keySpec.find {
            case .range(let lastKey, let keyStep, let limit):
                step = keyStep
                if lastKey >= 0 {
                    last = first + lastKey
                } else if limit == 0 {
                    last = argc + lastKey
                } else {
                    last = first + ((argc - first) / limit + lastKey)
                }
            case .keynum(let numkeysIndex, let firstKey, let keyStep):
                step = keyStep
                guard numkeysIndex < argc, first + numkeysIndex < argc,
                    let n = Int(String(buffer: args[first + numkeysIndex])), n >= 0
                else { return nil }
                first += firstKey
                // Redis casts numkeys to int: a huge count wraps (and then fails the checks
                // below) instead of overflowing.
                last = first + Int(Int32(truncatingIfNeeded: n)) - 1
            case .unknown:
                return nil
            }
            guard last < argc, last >= first, first < argc else { return nil }
            for i in stride(from: first, through: last, by: step) {
                keys.append(Key(position: i, flags: keySpec.flags))
            }
            if keySpec.flags.contains(.incomplete) { return nil }
        }
        return keys
    }

    /// Flags for a key the command's own finder located: those of the spec that begins at
    /// its position, else of the last spec (the one for keys found by keyword or by
    /// parsing); commands whose flags vary with the arguments say so in `variableFlags`.
    private func fallbackFlags(at position: Int, _ args: [ByteBuffer]) -> KeySpec.Flags {
        if hasVariableFlags, let resolve = Self.variableFlags[spec.fullName] { return resolve(args) }
        let owner = keySpecs.first { $0.begin == .index(position) } ?? keySpecs.last
        return (owner?.flags ?? []).subtracting([.incomplete, .variableFlags])
    }

    /// Commands whose key flags depend on their arguments (specs marked variable_flags).
    static let variableFlags: [String: @Sendable ([ByteBuffer]) -> KeySpec.Flags] = [
        // SET reads the old value only with GET; otherwise it just overwrites.
        "set": { args in
            args.dropFirst(3).contains { String(buffer: $0).equalsIgnoringCase("GET") }
                ? [.rw, .access, .update] : [.ow, .update]
        }
    ]
}

extension String {
    /// ASCII case-insensitive equality, as `strcasecmp` compares keywords.
    fileprivate func equalsIgnoringCase(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
