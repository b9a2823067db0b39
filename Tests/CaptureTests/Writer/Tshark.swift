import Foundation

/// The real tshark, run on files the tests wrote. Missing tshark is an error saying how to get
/// it, so the tests that need it fail instead of passing without checking anything.
enum Tshark {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One `-z follow,tcp,raw,N` result: node 0 is the side that sent the stream's first packet.
    struct FollowedStream {
        var node0: String
        var node1: String
        var fromNode0: [UInt8] = []
        var fromNode1: [UInt8] = []
    }

    /// `$TSHARK` when set, else the first tshark on PATH (or in /usr/bin).
    static func executable() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["TSHARK"] {
            guard FileManager.default.isExecutableFile(atPath: chosen) else {
                throw Failure(description: "TSHARK=\(chosen) is not an executable, so written pcaps cannot be checked")
            }
            return chosen
        }
        let path = environment["PATH"] ?? ""
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/tshark"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(description: "tshark is not installed, so written pcaps cannot be checked: run Scripts/setup.sh as root (it installs Debian's tshark)")
    }

    /// tshark's standard output; a non-zero exit is an error carrying its standard error.
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = arguments
        // Files, not pipes: a full pipe would block tshark while the test waits for it.
        let directory = FileManager.default.temporaryDirectory
        let outURL = directory.appendingPathComponent("tshark-\(UUID().uuidString).out")
        let errURL = directory.appendingPathComponent("tshark-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw Failure(description: "tshark \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(stderr)")
        }
        return stdout
    }

    /// How many TCP streams tshark tells apart in `file`.
    static func streamCount(_ file: String) throws -> Int {
        let output = try run(["-r", file, "-T", "fields", "-e", "tcp.stream"])
        return Set(output.split(separator: "\n").compactMap { Int($0) }).count
    }

    /// Every stream of `file` followed, by stream index.
    static func follow(_ file: String, streams: Int) throws -> [Int: FollowedStream] {
        var arguments = ["-r", file, "-q"]
        for index in 0..<streams { arguments += ["-z", "follow,tcp,raw,\(index)"] }
        return try parseFollow(run(arguments))
    }

    /// `Filter: tcp.stream eq N`, `Node 0: a:p`, `Node 1: b:q`, then hex lines, node 1's
    /// indented by a tab.
    static func parseFollow(_ output: String) throws -> [Int: FollowedStream] {
        var streams: [Int: FollowedStream] = [:]
        var current: Int?
        for line in output.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("=====") || line.hasPrefix("Follow:") { continue }
            if line.hasPrefix("Filter: tcp.stream eq "), let index = Int(line.dropFirst("Filter: tcp.stream eq ".count)) {
                current = index
                streams[index] = FollowedStream(node0: "", node1: "")
            } else if let index = current, line.hasPrefix("Node 0: ") {
                streams[index]?.node0 = String(line.dropFirst("Node 0: ".count))
            } else if let index = current, line.hasPrefix("Node 1: ") {
                streams[index]?.node1 = String(line.dropFirst("Node 1: ".count))
            } else if let index = current {
                let bytes = try hex(line.drop(while: { $0 == "\t" }))
                if line.hasPrefix("\t") { streams[index]?.fromNode1 += bytes } else { streams[index]?.fromNode0 += bytes }
            } else {
                throw Failure(description: "unexpected tshark follow line before any stream: \(line)")
            }
        }
        return streams
    }

    /// One line per packet tshark finds wrong: malformed, a bad IPv4 or TCP checksum (checking
    /// switched on), TCP analysis flags (lost segments, retransmissions...), or expert info of
    /// warning level or worse — except on RST packets, which Wireshark always warns about.
    /// Payloads are decoded as plain data: the check is about IP and TCP, and application
    /// dissectors (Gryphon owns port 7000) complain about arbitrary test bytes.
    static func problems(_ file: String) throws -> [String] {
        let filter = """
            _ws.malformed || ip.checksum.status == "Bad" || tcp.checksum.status == "Bad" || tcp.analysis.flags \
            || (_ws.expert.severity >= "Warning" && !(tcp.flags.reset == 1))
            """
        let output = try run([
            "-r", file, "-d", "tcp.port==1-65535,data", "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-Y", filter,
            "-T", "fields", "-e", "frame.number", "-e", "frame.protocols", "-e", "_ws.expert.message",
        ])
        return output.split(separator: "\n").map(String.init)
    }

    private static func hex(_ text: Substring) throws -> [UInt8] {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { throw Failure(description: "odd-length hex line from tshark: \(text)") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else {
                throw Failure(description: "not hex from tshark: \(text)")
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
