/// rabbit_exchange_type_topic's trie: binding keys split on `.` into words (an empty key is
/// no words, `a..b` has an empty middle word), `*` matches exactly one word, `#` zero or more.
/// Matching walks the trie as RabbitMQ's trie_match does, so every edge case (`#.#`, `a.#.b`,
/// empty words, a literal `*` in a routing key) behaves the same. Results may repeat a
/// destination; the router removes duplicates.
final class TopicTrie {
    final class Node {
        var children: [Substring: Node] = [:]
        /// Destinations bound at this node, with how many bindings (different arguments) each.
        var destinations: [BindingDestination: Int] = [:]
        var isEmpty: Bool { children.isEmpty && destinations.isEmpty }
    }

    let root = Node()

    /// split_topic_key: `""` is no words, otherwise every `.` separates (keeping empty words).
    static func words(_ key: String) -> [Substring] {
        if key.isEmpty { return [] }
        return key.split(separator: ".", omittingEmptySubsequences: false)
    }

    func add(key: String, destination: BindingDestination) {
        var node = root
        for word in Self.words(key) {
            if let next = node.children[word] {
                node = next
            } else {
                let next = Node()
                node.children[word] = next
                node = next
            }
        }
        node.destinations[destination, default: 0] += 1
    }

    func remove(key: String, destination: BindingDestination) {
        let words = Self.words(key)
        var path = [root]
        for word in words {
            guard let next = path[path.count - 1].children[word] else { return }
            path.append(next)
        }
        let last = path[path.count - 1]
        guard let count = last.destinations[destination] else { return }
        last.destinations[destination] = count > 1 ? count - 1 : nil
        // Prune the now-empty tail of the path, as remove_path_if_empty does.
        var index = words.count
        while index > 0, path[index].isEmpty {
            path[index - 1].children[words[index - 1]] = nil
            index -= 1
        }
    }

    func match(_ routingKey: String, into result: inout [BindingDestination]) {
        let words = Self.words(routingKey)
        match(root, words, 0, &result)
    }

    private func match(_ node: Node, _ words: [Substring], _ index: Int, _ result: inout [BindingDestination]) {
        if index == words.count {
            result.append(contentsOf: node.destinations.keys)
            if let hash = node.children["#"] { match(hash, words, index, &result) }
            return
        }
        if let exact = node.children[words[index]] { match(exact, words, index + 1, &result) }
        if let star = node.children["*"] { match(star, words, index + 1, &result) }
        if let hash = node.children["#"] {
            // `#` swallows zero or more words: try the rest of the key from every position.
            for skip in index...words.count { match(hash, words, skip, &result) }
        }
    }
}
