/// The protocol a connection speaks: RESP2 by default, RESP3 after `HELLO 3`.
public enum RESPVersion: Int, Sendable {
    case v2 = 2
    case v3 = 3
}
