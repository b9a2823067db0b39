/// Type bytes and opcodes of RDB version 10 (`rdb.h` in Redis 7.0).
enum RDBFormat {
    static let version = 10
    static let magic = Array("REDIS".utf8)
    /// "REDIS0010": the magic and the version as four digits.
    static let signature: [UInt8] = {
        let digits = String(version)
        return magic + Array((String(repeating: "0", count: 4 - digits.count) + digits).utf8)
    }()

    enum ValueType {
        static let string: UInt8 = 0
        static let list: UInt8 = 1
        static let set: UInt8 = 2
        static let zset: UInt8 = 3
        static let hash: UInt8 = 4
        static let zset2: UInt8 = 5
        static let module: UInt8 = 6
        static let module2: UInt8 = 7
        static let hashZipmap: UInt8 = 9
        static let listZiplist: UInt8 = 10
        static let setIntset: UInt8 = 11
        static let zsetZiplist: UInt8 = 12
        static let hashZiplist: UInt8 = 13
        static let listQuicklist: UInt8 = 14
        static let streamListpacks: UInt8 = 15
        static let hashListpack: UInt8 = 16
        static let zsetListpack: UInt8 = 17
        static let listQuicklist2: UInt8 = 18
        static let streamListpacks2: UInt8 = 19

        /// `rdbIsObjectType`: what may follow as a key's type (RESTORE rejects the rest).
        static func isObjectType(_ t: UInt8) -> Bool { t <= 7 || (t >= 9 && t <= 19) }
    }

    enum Opcode {
        static let function2: UInt8 = 245
        static let function: UInt8 = 246
        static let moduleAux: UInt8 = 247
        static let idle: UInt8 = 248
        static let freq: UInt8 = 249
        static let aux: UInt8 = 250
        static let resizeDB: UInt8 = 251
        static let expireTimeMS: UInt8 = 252
        static let expireTime: UInt8 = 253
        static let selectDB: UInt8 = 254
        static let eof: UInt8 = 255
    }

    /// Special string encodings, after a length byte of the form 11xxxxxx.
    enum StringEncoding {
        static let int8: UInt8 = 0
        static let int16: UInt8 = 1
        static let int32: UInt8 = 2
        static let lzf: UInt8 = 3
    }

    /// Quicklist node containers (`quicklist.h`).
    enum Container {
        static let plain: UInt64 = 1
        static let packed: UInt64 = 2
    }

    /// Listpacks, and collections converted from the RDB, never exceed 1 GB
    /// (`LISTPACK_MAX_SAFETY_SIZE`).
    static let listpackSafetyLimit = 1 << 30

    /// Quicklist elements this large get a PLAIN node of their own (`packed_threshold`).
    static let quicklistPackedThreshold = 1 << 30
}
