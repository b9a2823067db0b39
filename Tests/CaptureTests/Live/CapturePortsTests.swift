import Capture
import Testing

@Suite struct CapturePortsTests {
    @Test func rangesAndPortsParseMergeAndBecomeAFilter() throws {
        let ports = try CapturePorts(parsing: "8000, 7000-7005,7003-7010,7011")
        #expect(ports.ranges == [7000...7011, 8000...8000])
        #expect(ports.description == "7000-7011,8000")
        #expect(ports.bpfFilter == "tcp and (portrange 7000-7011 or port 8000)")
        #expect(ports.contains(7006) && !ports.contains(7012))
        #expect(try CapturePorts(parsing: ports.description) == ports)
        #expect(try CapturePorts(ports: [6379, 16379]).bpfFilter == "tcp and (port 6379 or port 16379)")
    }

    @Test(arguments: [
        ("", "\"\": an empty item"), ("7000,", "an empty item"), ("0", "\"0\": not a port"), ("65536", "not a port"),
        ("7005-7000", "\"7005-7000\": the range runs backwards"), ("1-2-3", "a range is low-high"), ("http", "\"http\": not a port"),
        ("+80", "not a port"),
    ])
    func mistakesSayWhichPartIsWrong(text: String, expected: String) {
        #expect {
            try CapturePorts(parsing: text)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func noPortsMatchesNothing() {
        #expect(CapturePorts([]).bpfFilter == "tcp and not tcp")
    }
}
