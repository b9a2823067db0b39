/// How a layer declines a packet: it carries no TCP (ARP, UDP, ...: not a problem), or its
/// bytes contradict themselves (a problem reported with the packet number, reading goes on).
enum PacketSkip: Error {
    case notTCP(String)
    case malformed(String)
}
