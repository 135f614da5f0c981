/// A key press, decoded from the bytes a terminal sends (xterm, tmux, the Linux console).
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case enter, tab, backTab, escape, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown

    /// Decodes one read's worth of bytes. An escape byte with nothing after it is the Escape key
    /// (the terminal sends a sequence in one write, so a lone ESC is a key press); unknown
    /// sequences are dropped rather than typed.
    public static func parse(_ bytes: [UInt8]) -> [Key] {
        var keys: [Key] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B {
                if i + 1 >= bytes.count { keys.append(.escape); i += 1; continue }
                let next = bytes[i + 1]
                if next == UInt8(ascii: "[") || next == UInt8(ascii: "O") {
                    // CSI / SS3: parameters (digits and ';') then one final byte.
                    var j = i + 2
                    while j < bytes.count, (0x30...0x3F).contains(bytes[j]) { j += 1 }
                    guard j < bytes.count else { i = bytes.count; break }
                    let params = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
                    switch (bytes[j], params) {
                    case (UInt8(ascii: "A"), _): keys.append(.up)
                    case (UInt8(ascii: "B"), _): keys.append(.down)
                    case (UInt8(ascii: "C"), _): keys.append(.right)
                    case (UInt8(ascii: "D"), _): keys.append(.left)
                    case (UInt8(ascii: "H"), _): keys.append(.home)
                    case (UInt8(ascii: "F"), _): keys.append(.end)
                    case (UInt8(ascii: "Z"), _): keys.append(.backTab)
                    case (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): keys.append(.home)
                    case (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): keys.append(.end)
                    case (UInt8(ascii: "~"), "3"): keys.append(.delete)
                    case (UInt8(ascii: "~"), "5"): keys.append(.pageUp)
                    case (UInt8(ascii: "~"), "6"): keys.append(.pageDown)
                    default: break
                    }
                    i = j + 1
                } else {
                    // Alt+key arrives as ESC key: treat as Escape followed by the key.
                    keys.append(.escape)
                    i += 1
                }
                continue
            }
            switch b {
            case 0x0D, 0x0A: keys.append(.enter); i += 1
            case 0x09: keys.append(.tab); i += 1
            case 0x7F, 0x08: keys.append(.backspace); i += 1
            case 0x01...0x1A: keys.append(.ctrl(Character(Unicode.Scalar(b + 0x60)))); i += 1
            case 0x00...0x1F: i += 1
            default:
                // One UTF-8 encoded character.
                let length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                let end = min(bytes.count, i + length)
                if let s = String(validating: bytes[i..<end], as: UTF8.self), let c = s.first { keys.append(.char(c)) }
                i = end
            }
        }
        return keys
    }
}
