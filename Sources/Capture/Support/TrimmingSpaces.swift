extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace; the spaces
    /// people put in port lists and ignore rules).
    func trimmingSpaces() -> Substring {
        var result = self[...]
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return Substring(result)
    }
}
