extension Array {
    /// The same elements in a buffer of their size: appending grows an array's buffer by doubling, so a
    /// long-lived large array may otherwise hold up to twice the memory its elements need.
    func fitted() -> [Element] {
        capacity - count <= count / 8 ? self : withUnsafeBufferPointer { Array($0) }
    }
}
