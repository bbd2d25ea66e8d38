extension UnsafeMutablePointer {
    /// A new, initialised buffer of `count` elements equal to `value` (at least one element, so an
    /// empty roster's buffers are still valid pointers). The caller deallocates it.
    static func filled(_ value: Pointee, count: Int) -> UnsafeMutablePointer<Pointee> {
        let buffer = UnsafeMutablePointer<Pointee>.allocate(capacity: Swift.max(1, count))
        buffer.initialize(repeating: value, count: Swift.max(1, count))
        return buffer
    }
}
