extension RedisNode {
    /// A client with no socket (its replies stay in its buffer): for tests, and for
    /// running commands on the node's own behalf (AOF loading).
    public func makeDetachedClient() -> Client {
        let id = allocateClientID()
        let client = Client(id: id, channel: nil, node: self, remote: "127.0.0.1:0", local: "127.0.0.1:0")
        clients[id] = client
        return client
    }
}
