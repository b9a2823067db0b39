/// For state another task is about to reach.
/// Polls `condition` every 20 ms for up to `seconds`; false when it never held.
func eventually(seconds: Int = 20, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<(seconds * 50) {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}
