import Capture
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `shakedown capture` run as a user runs it: a real exchange while it captures, the counts it
/// prints, the file read back; bad arguments; and what it says to a user without the right.
@Suite struct CaptureCommandTests {
    /// Stopped by Ctrl-C, not by time, so a slow machine cannot end it before the exchange.
    @Test(.enabled(if: geteuid() == 0, "a live capture needs root or CAP_NET_RAW; run as root to include it"))
    func capturesAnExchangeUntilCtrlCAndPrintsTheCounts() async throws {
        let directory = try TemporaryDirectory("capture-cli")
        let file = directory.path("out.pcap")
        let listener = try TCPListener()
        let process = try ShakedownCLI.launch(["capture", "--ports", "\(listener.port),1-2", "-o", file])
        let started = await ShakedownCLI.output(of: process, until: "Ctrl-C to stop", timeout: 10)
        #expect(started.contains("tcp and (portrange 1-2 or port \(listener.port)) on lo into \(file); Ctrl-C to stop"), "\(started)")
        do {
            let client = try TCPStream.connect(host: "127.0.0.1", port: listener.port)
            let server = try #require(listener.accept(timeout: 2))
            #expect(client.write("hello\r\n") && server.read(exactly: 7, timeout: 2).count == 7)
            #expect(server.write("HELLO\r\n") && client.read(exactly: 7, timeout: 2).count == 7)
        }
        kill(process.processIdentifier, SIGINT)
        let rest = await ShakedownCLI.output(of: process, until: "dropped by interface", timeout: 10)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(started)\(rest)")
        #expect(rest.contains("interrupted; ") && rest.contains("0 dropped by kernel"), "\(rest)")
        let conversations = try CapturedConversations(file)
        #expect(conversations.connections.map { "\($0.fromClient)|\($0.fromServer)" } == ["hello\r\n|HELLO\r\n"])
    }

    @Test(.enabled(if: geteuid() == 0, "a live capture needs root or CAP_NET_RAW; run as root to include it"))
    func stopsWhenTheDurationHasPassed() async throws {
        let directory = try TemporaryDirectory("capture-cli")
        let file = directory.path("out.pcap")
        let (status, output) = try await ShakedownCLI.run(["capture", "--ports", "9", "--duration", "300ms", "-o", file])
        #expect(status == 0 && output.contains("; for 300ms") && output.contains("300ms passed; 0 packets captured"), "\(output)")
        #expect(try CapturedConversations(file).connections.isEmpty)
    }

    @Test func badPortsAndDurationsExit64() async throws {
        let ports = try await ShakedownCLI.run(["capture", "--ports", "7005-7000", "-o", "/tmp/never.pcap"])
        #expect(ports.status == 64 && ports.output.contains("--ports: ports \"7005-7000\": the range runs backwards"), "\(ports.output)")
        let duration = try await ShakedownCLI.run(["capture", "--ports", "7000", "--duration", "soon", "-o", "/tmp/never.pcap"])
        #expect(duration.status == 64 && duration.output.contains("--duration 'soon' is not a duration"), "\(duration.output)")
    }

    /// As an unprivileged user (setpriv drops root and every capability): exit 77 and the
    /// command that grants the right.
    @Test(.enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs root to become another user"))
    func withoutTheRightItSaysWhatIsNeeded() throws {
        let run = try ExternalTool.run("/usr/bin/setpriv", [
            "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
            ShakedownCLI.binary.path, "capture", "--ports", "7000", "--duration", "1s", "-o", "/tmp/shakedown-capture-\(getpid()).pcap",
        ])
        #expect(run.status == 77, "\(run.output)")
        #expect(run.output.contains("capturing on lo needs root or CAP_NET_RAW"), "\(run.output)")
        #expect(run.output.contains("sudo setcap cap_net_raw,cap_net_admin+eip \(ShakedownCLI.binary.resolvingSymlinksInPath().path)"), "\(run.output)")
    }
}
