extension RandomAccessCollection where Index == Int {
    /// Index of the first element satisfying `predicate`, by binary search, for elements where
    /// every one failing it comes before every one satisfying it (sorted pieces of a stream).
    func partitionIndex(where predicate: (Element) -> Bool) -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
