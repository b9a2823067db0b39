import RESP

/// Redis 7.0's multi-part AOF manifest: one base file, incremental files in sequence, and
/// history files waiting for deletion. One line per file:
/// `file appendonly.aof.1.base.rdb seq 1 type b`.
struct AOFManifest: Equatable {
    enum FileType: Character { case base = "b", history = "h", incremental = "i" }

    struct Entry: Equatable {
        var name: String
        var seq: Int
        var type: FileType
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: Int?
        var text: String?
        var reason: String
        var description: String {
            var s = "*** FATAL AOF MANIFEST FILE ERROR ***"
            if let line, let text { s += " Reading the manifest file, at line \(line): >>> '\(text)':" }
            return s + " " + reason
        }
    }

    var base: Entry?
    var history: [Entry] = []
    var incremental: [Entry] = []
    var currentBaseSeq = 0
    var currentIncrSeq = 0

    static func parse(_ text: String) throws(ParseError) -> AOFManifest {
        var manifest = AOFManifest()
        var lineNumber = 0
        var maxSeq = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if raw.isEmpty && lineNumber > 1 { continue }
            if raw.hasPrefix("#") { continue }
            let line = raw.trimmingCharacters(in: [" ", "\t", "\r"])
            func fail(_ reason: String) -> ParseError { ParseError(line: lineNumber, text: line, reason: reason) }
            guard !line.isEmpty else { throw fail("Invalid AOF manifest file format") }
            guard let words = InlineSplitter.split(line)?.map({ String(decoding: $0, as: UTF8.self) }),
                words.count >= 6, words.count % 2 == 0
            else { throw fail("Invalid AOF manifest file format") }
            var name: String?
            var seq = 0
            var type: Character?
            for i in stride(from: 0, to: words.count, by: 2) {
                switch words[i].lowercased() {
                case "file":
                    name = words[i + 1]
                    guard !words[i + 1].contains("/") else { throw fail("File can't be a path, just a filename") }
                case "seq": seq = Int(words[i + 1]) ?? 0
                case "type": type = words[i + 1].first
                default: break
                }
            }
            guard let name, seq > 0, let type else { throw fail("Invalid AOF manifest file format") }
            guard let kind = FileType(rawValue: type) else { throw fail("Unknown AOF file type") }
            let entry = Entry(name: name, seq: seq, type: kind)
            switch kind {
            case .base:
                guard manifest.base == nil else { throw fail("Found duplicate base file information") }
                manifest.base = entry
                manifest.currentBaseSeq = seq
            case .history:
                manifest.history.append(entry)
            case .incremental:
                guard seq > maxSeq else { throw fail("Found a non-monotonic sequence number") }
                manifest.incremental.append(entry)
                manifest.currentIncrSeq = seq
                maxSeq = seq
            }
        }
        if lineNumber == 0 || (manifest.base == nil && manifest.incremental.isEmpty && manifest.history.isEmpty) {
            throw ParseError(line: nil, text: nil, reason: "Found an empty AOF manifest")
        }
        return manifest
    }

    /// Base first, then history, then incremental files, as Redis writes it.
    var text: String {
        var s = ""
        func line(_ e: Entry) { s += "file \(e.name) seq \(e.seq) type \(e.type.rawValue)\n" }
        if let base { line(base) }
        history.forEach(line)
        incremental.forEach(line)
        return s
    }

    /// Starts a new base (the old one becomes history); returns its file name.
    mutating func newBase(prefix: String, rdbPreamble: Bool) -> String {
        if var old = base {
            old.type = .history
            history.insert(old, at: 0)
        }
        currentBaseSeq += 1
        let name = "\(prefix).\(currentBaseSeq).base.\(rdbPreamble ? "rdb" : "aof")"
        base = Entry(name: name, seq: currentBaseSeq, type: .base)
        return name
    }

    /// Adds a new incremental file; returns its name.
    mutating func newIncremental(prefix: String) -> String {
        currentIncrSeq += 1
        let name = "\(prefix).\(currentIncrSeq).incr.aof"
        incremental.append(Entry(name: name, seq: currentIncrSeq, type: .incremental))
        return name
    }

    /// After a rewrite: every incremental file but the one being written becomes history.
    mutating func retireIncrementals(keepingLast: Bool) {
        let keep = keepingLast ? incremental.suffix(1) : []
        for var e in incremental.dropLast(keepingLast ? 1 : 0) {
            e.type = .history
            history.insert(e, at: 0)
        }
        incremental = Array(keep)
    }
}
