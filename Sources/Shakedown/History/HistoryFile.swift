import Foundation

/// `history.jsonl`: one JSON object per event, one event per line, in history order.
public enum HistoryFile {
    public static func write(_ events: [HistoryEvent], to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for event in events {
            data.append(try encoder.encode(event))
            data.append(0x0A)
        }
        try data.write(to: url, options: .atomic)
    }

    /// Reads a history back; a malformed line is an error naming the file and line.
    public static func read(from url: URL) throws -> [HistoryEvent] {
        let decoder = JSONDecoder()
        let text = try String(contentsOf: url, encoding: .utf8)
        var events: [HistoryEvent] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty {
            do {
                events.append(try decoder.decode(HistoryEvent.self, from: Data(line.utf8)))
            } catch {
                throw HistoryFileError(file: url.path, line: number + 1, reason: "\(error)")
            }
        }
        return events
    }
}

public struct HistoryFileError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public var description: String { "\(file):\(line): not a history event: \(reason)" }
}
