/// Where the sidecar's spans go. `report` must never block the data path.
public protocol SpanSink: Sendable {
    func report(_ span: some ZipkinJSONWritable)
}

/// In the sidecar process: batched POSTs to the Zipkin collector.
extension ZipkinReporter: SpanSink {}
