extension MatrixPlan {
    /// A hash of the resolved plan: the base config as loaded (with `extends:`), the matrix's
    /// overrides, seeds and seed key, every cell's assignments and the expectations. Shards of one
    /// plan share it; `merge` refuses shards whose hashes differ.
    public func planHash(loader: ConfigLoader = ConfigLoader()) throws(ConfigError) -> String {
        let base = try loader.load(file: spec.baseConfig)
        var text = "base " + base.withoutLocations.jsonString(pretty: false)
        text += "\nset " + spec.overrides.joined(separator: "\u{1f}")
        text += "\nseeds " + spec.seeds.map(String.init).joined(separator: ",") + "\nseed_key " + spec.seedKey
        for cell in cells { text += "\ncell \(cell.index) " + cell.overrides.joined(separator: "\u{1f}") }
        text += "\nexpect " + spec.expectations.map(\.description).joined(separator: "\u{1f}")
        return ContentHash.hex(text)
    }

    /// The position of (cell, seed) in the full plan: cell-major, seeds in written order.
    public func position(cell: Int, seed: Int) -> Int? {
        guard let s = spec.seeds.firstIndex(of: seed), (0..<cells.count).contains(cell) else { return nil }
        return cell * spec.seeds.count + s
    }
}
