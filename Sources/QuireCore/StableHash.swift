/// FNV-1a, 64-bit: a hash that is the same on every machine and in every run (Swift's `Hasher` is
/// seeded per process). For hashed model features, and for stable splits of items (canary share,
/// audit sample) that must not change when the appliance restarts.
public enum StableHash {
    public static func fnv1a(_ bytes: some Sequence<UInt8>, prefix: UInt8? = nil) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        if let p = prefix { h = (h ^ UInt64(p)) &* 0x0000_0100_0000_01B3 }
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// A stable share in [0, 1) for a key, e.g. "audit|itm_…".
    public static func unit(_ key: String) -> Double {
        Double(fnv1a(Array(key.utf8)) % 1_000_000) / 1_000_000
    }
}
