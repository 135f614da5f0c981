/// The version of Quire, written into every result record.
public enum QuireVersion {
    public static let current = "0.1.0"
}
