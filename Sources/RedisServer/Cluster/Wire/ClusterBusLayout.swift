/// Sizes and byte offsets of the Redis 7.0 cluster bus messages (`clusterMsg` and the
/// `clusterMsgData` union, cluster.h; the header offsets are Redis's static asserts). All
/// integers are big-endian.
enum ClusterBusLayout {
    static let signature: [UInt8] = Array("RCmb".utf8)
    static let protocolVersion: UInt16 = 1

    /// `CLUSTERMSG_MIN_LEN`: the header, without the data union.
    static let headerLength = 2256
    static let gossipEntryLength = 104
    static let extensionHeaderLength = 8
    static let ipLength = 46  // NET_IP_STR_LEN

    // Header.
    static let totalLengthOffset = 4
    static let versionOffset = 8
    static let portOffset = 10
    static let typeOffset = 12
    static let countOffset = 14
    static let currentEpochOffset = 16
    static let configEpochOffset = 24
    static let replicationOffsetOffset = 32
    static let senderOffset = 40
    static let slotsOffset = 80
    static let slaveofOffset = 2128
    static let myIPOffset = 2168
    static let extensionsOffset = 2214
    static let unused1Offset = 2216
    static let unused1Length = 30
    static let pportOffset = 2246
    static let cportOffset = 2248
    static let flagsOffset = 2250
    static let stateOffset = 2252
    static let messageFlagsOffset = 2253
    static let dataOffset = 2256

    // Gossip entry (`clusterMsgDataGossip`), relative to the entry.
    static let gossipPingSentOffset = 40
    static let gossipPongReceivedOffset = 44
    static let gossipIPOffset = 48
    static let gossipPortOffset = 94
    static let gossipCportOffset = 96
    static let gossipFlagsOffset = 98
    static let gossipPportOffset = 100

    // Bodies, relative to `dataOffset`.
    static let failLength = 40
    /// channel_len, message_len; the bulk follows.
    static let publishHeaderLength = 8
    /// configEpoch, nodename, slots.
    static let updateLength = 8 + 40 + 2048
    /// module_id, len, type; the bulk follows.
    static let moduleHeaderLength = 13
}
