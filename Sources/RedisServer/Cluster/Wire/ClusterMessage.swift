/// One Redis 7.0 cluster bus message (`clusterMsg`, cluster.h): the 2256-byte header and a
/// type-specific body. Encode with `encode(into:)`, decode with `ClusterMessage.decode(_:)`.
///
/// Fields that follow from the body are not stored: `sig` ("RCmb"), `totlen`, `type`, `count`
/// (gossip entries) and `extensions` (ping extensions) are computed when encoding and
/// checked when decoding. `count`/`extensions` of other types and the reserved bytes are
/// written as zeros (as `clusterBuildMessageHdr` does) and not read.
public struct ClusterMessage: Hashable, Sendable {
    /// `ver`: 1. Decoding never yields another version (see `ClusterBusError.unsupportedVersion`);
    /// settable so that tests can send one.
    public var version: UInt16
    /// `port`: the sender's client port (its TLS port in a TLS cluster).
    public var port: UInt16
    public var currentEpoch: UInt64
    /// The sender's configEpoch, or its master's when the sender is a replica.
    public var configEpoch: UInt64
    /// `offset`: master_repl_offset, or a replica's processed offset.
    public var replicationOffset: UInt64
    public var sender: ClusterNodeID
    /// `myslots`: the sender's slots, or its master's when the sender is a replica.
    public var slots: SlotBitmap
    /// `slaveof`: the sender's master; nil is 40 zero bytes on the wire.
    public var replicaOf: ClusterNodeID?
    /// `myip`: cluster-announce-ip; nil is all zeros (the receiver then takes the socket's
    /// peer address). At most 45 bytes are sent (Redis NUL-terminates the 46-byte field).
    public var announcedIP: String?
    /// `pport`: the plaintext client port in a TLS cluster, else 0.
    public var plaintextPort: UInt16
    /// `cport`: the sender's bus port.
    public var busPort: UInt16
    public var flags: ClusterNodeFlags
    public var state: ClusterState
    /// `mflags[0..3]`. `encode` adds `.extensionData` when a ping body has extensions.
    public var messageFlags: ClusterMessageFlags
    public var body: Body

    public init(
        version: UInt16 = 1, port: UInt16, currentEpoch: UInt64 = 0, configEpoch: UInt64 = 0,
        replicationOffset: UInt64 = 0, sender: ClusterNodeID, slots: SlotBitmap = SlotBitmap(),
        replicaOf: ClusterNodeID? = nil, announcedIP: String? = nil, plaintextPort: UInt16 = 0,
        busPort: UInt16, flags: ClusterNodeFlags, state: ClusterState = .ok,
        messageFlags: ClusterMessageFlags = [], body: Body
    ) {
        self.version = version
        self.port = port
        self.currentEpoch = currentEpoch
        self.configEpoch = configEpoch
        self.replicationOffset = replicationOffset
        self.sender = sender
        self.slots = slots
        self.replicaOf = replicaOf
        self.announcedIP = announcedIP
        self.plaintextPort = plaintextPort
        self.busPort = busPort
        self.flags = flags
        self.state = state
        self.messageFlags = messageFlags
        self.body = body
    }

    /// What follows the header, by type.
    public enum Body: Hashable, Sendable {
        case ping(ClusterPingBody)
        case pong(ClusterPingBody)
        /// A PING that makes the receiver add the sender (CLUSTER MEET).
        case meet(ClusterPingBody)
        /// `node` is failing (`clusterMsgDataFail`).
        case fail(node: ClusterNodeID)
        case publish(channel: Bytes, message: Bytes)
        case publishShard(channel: Bytes, message: Bytes)
        /// Header only; `messageFlags` may carry `.forceAck` (manual failover).
        case failoverAuthRequest
        case failoverAuthAck
        /// `node`'s slots and configEpoch (`clusterMsgDataUpdate`).
        case update(configEpoch: UInt64, node: ClusterNodeID, slots: SlotBitmap)
        /// Header only: a replica asks its master to pause for a manual failover.
        case mfStart
        /// A module's message (`clusterMsgModule`). `moduleID` is the 8 raw bytes read
        /// big-endian (Redis copies them without byte swapping); `payload` is opaque.
        case module(moduleID: UInt64, type: UInt8, payload: [UInt8])
        /// A type Redis 7.0 does not know: accepted with any length, kept as the bytes after
        /// the header.
        case unknown(type: UInt16, payload: [UInt8])

        /// The gossip and extensions of a PING, PONG or MEET.
        public var pingBody: ClusterPingBody? {
            switch self {
            case .ping(let ping), .pong(let ping), .meet(let ping): ping
            default: nil
            }
        }
    }

    /// The `type` field this message is sent with.
    public var type: ClusterMessageType {
        switch body {
        case .ping: .ping
        case .pong: .pong
        case .meet: .meet
        case .fail: .fail
        case .publish: .publish
        case .publishShard: .publishShard
        case .failoverAuthRequest: .failoverAuthRequest
        case .failoverAuthAck: .failoverAuthAck
        case .update: .update
        case .mfStart: .mfStart
        case .module: .module
        case .unknown(let type, _): ClusterMessageType(rawValue: type)
        }
    }
}

/// The body of PING, PONG and MEET: gossip about other nodes, then ping extensions.
public struct ClusterPingBody: Hashable, Sendable {
    public var gossip: [ClusterGossipEntry]
    /// Only read when the header has `.extensionData` (as Redis); encoding sets that flag.
    public var extensions: [ClusterPingExtension]

    public init(gossip: [ClusterGossipEntry] = [], extensions: [ClusterPingExtension] = []) {
        self.gossip = gossip
        self.extensions = extensions
    }
}

/// `state` in the header: the cluster state from the sender's point of view.
public struct ClusterState: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let ok = ClusterState(rawValue: 0)
    public static let fail = ClusterState(rawValue: 1)
}

/// `mflags[3]` of the header, byte 0 in the low bits (`CLUSTERMSG_FLAG0_*`); bytes 1 and 2
/// are unused by Redis 7.0 and kept as received.
public struct ClusterMessageFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The master is paused for a manual failover.
    public static let paused = ClusterMessageFlags(rawValue: 1)
    /// Vote for this FAILOVER_AUTH_REQUEST even though the master is up (manual failover).
    public static let forceAck = ClusterMessageFlags(rawValue: 2)
    /// PING/PONG/MEET: ping extensions follow the gossip section.
    public static let extensionData = ClusterMessageFlags(rawValue: 4)
}
