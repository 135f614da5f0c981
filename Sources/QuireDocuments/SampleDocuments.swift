import CPoppler
import Foundation

/// Made-up invoices for `quire demo`: born-digital PDFs and scanned-looking PNGs, in English,
/// German and French, from a few invented vendors. Deterministic: the same index gives the same file.
public enum SampleDocuments {
    struct Vendor {
        var name: String
        var language: String
        var currency: String
    }

    static let vendors = [
        Vendor(name: "Northwind Office Supplies Ltd", language: "en", currency: "GBP"),
        Vendor(name: "Brauhaus Technik GmbH", language: "de", currency: "EUR"),
        Vendor(name: "Papeterie Lumière SARL", language: "fr", currency: "EUR"),
        Vendor(name: "Contoso Cloud Services Inc", language: "en", currency: "USD"),
    ]

    static func lines(_ i: Int) -> (vendor: Vendor, lines: [String]) {
        let v = vendors[i % vendors.count]
        let amount = Double(100 + (i * 7919) % 9000) + Double((i * 37) % 100) / 100
        let vat = (amount * 0.2 * 100).rounded() / 100
        func money(_ x: Double) -> String {
            let s = String(format: "%.2f", x)
            return v.language == "en" ? s : s.replacingOccurrences(of: ".", with: ",")
        }
        let number = String(format: "%04d-%05d", 2026, 1000 + i)
        switch v.language {
        case "de":
            return (v, [v.name, "Rechnung Nr. \(number)", "Rechnungsdatum: \(10 + i % 18).11.2026", "Beschreibung  Menge  Betrag",
                        "Wartung Anlage  1  \(money(amount)) EUR", "MwSt 20 %: \(money(vat)) EUR", "Gesamtbetrag: \(money(amount + vat)) EUR"])
        case "fr":
            return (v, [v.name, "Facture n° \(number)", "Date : \(10 + i % 18)/11/2026", "Désignation  Qté  Montant",
                        "Fournitures  1  \(money(amount)) €", "TVA 20 % : \(money(vat)) €", "Total TTC : \(money(amount + vat)) €"])
        default:
            return (v, [v.name, "Invoice No \(number)", "Date: 2026-11-\(10 + i % 18)", "Description  Qty  Amount",
                        "Services  1  \(money(amount)) \(v.currency)", "VAT 20%: \(money(vat)) \(v.currency)", "Total due: \(money(amount + vat)) \(v.currency)"])
        }
    }

    /// Writes sample `i` as a born-digital PDF (even i) or a 150 dpi scan as PNG (odd i). Returns the file name.
    @discardableResult
    public static func write(index i: Int, into directory: String) -> String {
        let (_, text) = lines(i)
        if i % 2 == 0 {
            let name = String(format: "invoice-%03d.pdf", i)
            let surface = cairo_pdf_surface_create(directory + "/" + name, 595, 842)!
            let cr = cairo_create(surface)!
            cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
            for (k, line) in text.enumerated() {
                cairo_set_font_size(cr, k == 0 ? 16 : 11)
                cairo_move_to(cr, 60, 80 + Double(k) * 24)
                cairo_show_text(cr, line)
            }
            cairo_show_page(cr)
            cairo_destroy(cr)
            cairo_surface_finish(surface)
            cairo_surface_destroy(surface)
            return name
        }
        let name = String(format: "scan-%03d.png", i)
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1240, 900)!
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 0.97, 0.97, 0.95)   // slightly grey paper
        cairo_paint(cr)
        cairo_rotate(cr, 0.008)                        // a little skew, as scanners deliver
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        for (k, line) in text.enumerated() {
            cairo_set_font_size(cr, k == 0 ? 34 : 26)
            cairo_move_to(cr, 80, 110 + Double(k) * 50)
            cairo_show_text(cr, line)
        }
        cairo_destroy(cr)
        cairo_surface_write_to_png(surface, directory + "/" + name)
        cairo_surface_destroy(surface)
        return name
    }
}
