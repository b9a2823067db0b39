import NIOCore

extension ContentHeader {
    /// Class id, weight and body size: the fixed part RabbitMQ needs before anything else
    /// (fewer bytes make the frame an `unknown_frame`).
    public static let fixedSize = 12

    /// A header frame's payload. Properties are read for the basic class only, with
    /// RabbitMQ's layout: fourteen flag bits from bit 15 down to bit 2, the two low bits
    /// ignored, then the present properties in order and nothing after them.
    public static func decode(payload: ByteBuffer) throws(WireError) -> ContentHeader {
        var r = WireReader(payload)
        let classID = try r.readShort("class-id")
        let weight = try r.readShort("weight")
        let bodySize = try r.readLongLong("body-size")
        guard classID == BasicMethod.classID else {
            return ContentHeader(classID: classID, weight: weight, bodySize: bodySize)
        }
        let flags = try r.readShort("property-flags")
        func has(_ bit: Int) -> Bool { flags & (1 << bit) != 0 }
        func shortString(_ bit: Int, _ name: String) throws(WireError) -> String? {
            has(bit) ? try r.readShortString(name, checkUTF8: false) : nil
        }
        var p = BasicProperties()
        p.contentType = try shortString(15, "content-type")
        p.contentEncoding = try shortString(14, "content-encoding")
        p.headers = has(13) ? try r.readTable("headers") : nil
        p.deliveryMode = has(12) ? try r.readOctet("delivery-mode") : nil
        p.priority = has(11) ? try r.readOctet("priority") : nil
        p.correlationID = try shortString(10, "correlation-id")
        p.replyTo = try shortString(9, "reply-to")
        p.expiration = try shortString(8, "expiration")
        p.messageID = try shortString(7, "message-id")
        p.timestamp = has(6) ? try r.readLongLong("timestamp") : nil
        p.type = try shortString(5, "type")
        p.userID = try shortString(4, "user-id")
        p.appID = try shortString(3, "app-id")
        p.clusterID = try shortString(2, "cluster-id")
        try r.expectEnd(after: "the properties")
        return ContentHeader(classID: classID, weight: weight, bodySize: bodySize, properties: p)
    }

    public func encode(into b: inout ByteBuffer) throws(WireError) {
        b.writeInteger(classID)
        b.writeInteger(weight)
        b.writeInteger(bodySize)
        guard classID == BasicMethod.classID else { return }
        let p = properties
        let present: [Bool] = [
            p.contentType != nil, p.contentEncoding != nil, p.headers != nil, p.deliveryMode != nil, p.priority != nil,
            p.correlationID != nil, p.replyTo != nil, p.expiration != nil, p.messageID != nil, p.timestamp != nil,
            p.type != nil, p.userID != nil, p.appID != nil, p.clusterID != nil,
        ]
        var flags: UInt16 = 0
        for (index, isPresent) in present.enumerated() where isPresent { flags |= 1 << (15 - index) }
        b.writeInteger(flags)
        func shortString(_ value: String?) throws(WireError) { if let value { try b.writeShortString(value) } }
        try shortString(p.contentType)
        try shortString(p.contentEncoding)
        if let headers = p.headers { try b.writeFieldTable(headers) }
        if let mode = p.deliveryMode { b.writeInteger(mode) }
        if let priority = p.priority { b.writeInteger(priority) }
        try shortString(p.correlationID)
        try shortString(p.replyTo)
        try shortString(p.expiration)
        try shortString(p.messageID)
        if let timestamp = p.timestamp { b.writeInteger(timestamp) }
        try shortString(p.type)
        try shortString(p.userID)
        try shortString(p.appID)
        try shortString(p.clusterID)
    }
}
