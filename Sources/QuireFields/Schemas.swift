import Foundation

/// What a document type's fields are, with the labels that announce them in English, German,
/// French, Dutch, Spanish and Italian. A pipeline adds its own with `fields:` in the stage settings.
public struct FieldSchema: Sendable {
    public var name: String
    public var fields: [FieldDefinition]

    public init(name: String, fields: [FieldDefinition]) {
        self.name = name
        self.fields = fields
    }

    public func field(_ name: String) -> FieldDefinition? { fields.first { $0.name == name } }

    public static func named(_ name: String) -> FieldSchema? {
        switch name {
        case "invoice": return invoice
        case "credit_note": return creditNote
        case "receipt": return receipt
        default: return nil
        }
    }

    public static let names = ["invoice", "credit_note", "receipt"]

    public static let invoice = FieldSchema(name: "invoice", fields: [
        FieldDefinition(name: "invoice_number", type: .identifier, required: true, labels: Labels.invoiceNumber),
        FieldDefinition(name: "issue_date", type: .date, required: true, labels: Labels.issueDate),
        FieldDefinition(name: "due_date", type: .date, labels: Labels.dueDate),
        FieldDefinition(name: "vendor_name", type: .text, required: true),
        FieldDefinition(name: "vendor_vat_id", type: .vatID, labels: Labels.vatID),
        FieldDefinition(name: "vendor_iban", type: .iban, labels: ["iban"]),
        FieldDefinition(name: "vendor_bic", type: .bic, labels: ["bic", "swift", "swift code", "bic/swift", "swift/bic", "code bic"]),
        FieldDefinition(name: "buyer_name", type: .text, labels: Labels.buyer),
        FieldDefinition(name: "currency", type: .currency, required: true),
        FieldDefinition(name: "net_total", type: .amount, labels: Labels.net),
        FieldDefinition(name: "tax_total", type: .amount, labels: Labels.tax),
        FieldDefinition(name: "tax_rates", type: .percent),
        FieldDefinition(name: "total", type: .amount, required: true, labels: Labels.total),
        FieldDefinition(name: "amount_due", type: .amount, labels: Labels.amountDue),
        FieldDefinition(name: "purchase_order", type: .identifier, labels: Labels.purchaseOrder),
        FieldDefinition(name: "payment_terms", type: .text, labels: Labels.paymentTerms),
        FieldDefinition(name: "line_items", type: .lines),
    ])

    public static let creditNote = FieldSchema(name: "credit_note", fields: invoice.fields.map { f in
        var f = f
        if f.name == "invoice_number" { f.labels = Labels.creditNoteNumber + f.labels }
        return f
    } + [FieldDefinition(name: "corrects_invoice", type: .identifier, labels: Labels.correctsInvoice)])

    public static let receipt = FieldSchema(name: "receipt", fields: [
        FieldDefinition(name: "merchant", type: .text, required: true),
        FieldDefinition(name: "merchant_address", type: .text),
        FieldDefinition(name: "date", type: .date, required: true, labels: Labels.issueDate + ["datum", "fecha", "data"]),
        FieldDefinition(name: "total", type: .amount, required: true, labels: Labels.total + ["summe", "zu zahlen", "bar", "montant"]),
        FieldDefinition(name: "tax", type: .amount, labels: Labels.tax),
        FieldDefinition(name: "currency", type: .currency, required: true),
    ])
}

/// Label dictionaries, lower case. Longer labels win over shorter ones they contain ("total ht"
/// over "total"), and the first labels of a list are the most specific.
public enum Labels {
    /// Names of a sales tax as printed beside its rate or amount (lower case): "MwSt", "TVA", "GST", …
    public static let salesTaxNames = ["gst", "tax", "vat", "mwst", "ust", "tva", "btw", "iva", "sst"]
    public static let invoiceNumber = [
        "invoice number", "invoice no", "invoice nr", "invoice #", "invoice num", "invoice id", "inv no", "inv #", "bill no", "bill number",
        "rechnungsnummer", "rechnungs-nr", "rechnungsnr", "rechnung nr", "rechnung-nr", "re-nr", "rg-nr", "belegnummer", "beleg-nr", "belegnr", "beleg nr",
        "n° de facture", "no de facture", "numéro de facture", "numero de facture", "facture n°", "facture no", "facture numéro", "n° facture",
        "factuurnummer", "factuur nr", "factuurnr", "factuur nummer",
        "número de factura", "numero de factura", "nº de factura", "n.º factura", "nº factura", "factura nº", "factura n°", "num. factura",
        "numero fattura", "numero della fattura", "n. fattura", "fattura n", "fattura n.", "nr. fattura",
        "invoice", "rechnung", "facture", "factuur", "factura", "fattura",
    ] + documentNumber + selfBilledNumber
    /// A document's number under another name: a receipt's, a booking's ("Booking ID" on a payment receipt), a
    /// document reference. Labels of the invoice number too, weaker than its own (0.7 against 1.0).
    public static let documentNumber = [
        "n° de reçu", "numéro de reçu",
        "document no", "document number", "doc no", "dokumentnummer", "invoice ref", "invoice reference", "référence facture",
        "booking id", "booking no", "booking number", "booking reference", "buchungsnummer", "n° de réservation",
    ] + tillNumber + [
        // An ERP's heading over the number in a row of headings ("Beleg | Datum | Kunde | Seite"). (A bare "Référence" is one
        // only in a row with the date's heading: LayoutExtractor.hits.)
        "beleg", "numero documento", "número de documento", "n° pièce", "n° de pièce", "numéro de pièce", "no pièce", "pièce n°",
    ]
    /// A till receipt's own number where the receipt is the invoice ("Ticket n° 1234567", "Bonnummer 4711"): on a page
    /// titled as an invoice with no invoice number's label, that number (LayoutExtractor.hits).
    public static let tillNumber = [
        "receipt no", "receipt number", "receipt #", "quittungsnummer", "quittung nr", "bon-nr", "bon nr",
        "ticket n°", "ticket no", "ticket nº", "n° de ticket", "n° ticket", "numéro de ticket", "bonnummer", "bon-nummer", "kassenbon nr", "kassenbon-nr",
    ]
    /// A self-billed invoice's number (§ 14 Abs. 2 UStG: the customer writes it and titles it "Gutschrift"): on an invoice,
    /// as weak as ``documentNumber`` (an invoice that deducts a credit note has its own "Rechnungsnummer" above); on a
    /// credit note, its own number's label.
    public static let selfBilledNumber = [
        "gutschrift-nr", "gutschriftsnummer", "gutschrift nr", "gutschriftnummer", "gutschrifts-nr", "gutschriftsnr", "gutschriftnr",
    ]
    public static let creditNoteNumber = [
        "credit note number", "credit note no", "credit note nr", "credit note #", "gutschriftsnummer", "gutschrift nr", "gutschrift-nr",
        "n° d'avoir", "numéro d'avoir", "avoir n°", "creditnotanummer", "creditnota nr", "nota de crédito nº", "número de abono", "nota di credito n",
        "gutschriftsnr", "gutschrifts-nr", "gutschriftnr", "gutschriftnummer", "gutschrift-nummer", "rechnungskorrektur nr", "stornorechnung nr",
        "n° avoir", "avoir no", "avoir numéro", "numéro avoir", "credit memo no", "credit memo number", "credit note id",
        // The title with the number beside it ("Gutschrift 2025-118", "AVOIR N° ..."), as "rechnung" and "facture" are for an invoice.
        "credit note", "credit memo", "gutschrift", "rechnungskorrektur", "stornorechnung", "avoir", "facture d'avoir",
    ]
    public static let issueDate = [
        "invoice date", "date of issue", "issue date", "issued on", "billing date", "date of invoice",
        // The UK's and Ireland's VAT date, printed as the invoice's date ("Date/Tax Point", "Tax Point Date").
        "date/tax point", "tax point date", "tax point",
        // A credit note's own date, where its number is "Credit Note Number" ("Gutschriftsnummer", "Avoir n°").
        "credit note date", "credit memo date", "gutschriftsdatum", "date de l'avoir", "date d'avoir", "date avoir",
        "rechnungsdatum", "ausstellungsdatum", "belegdatum", "rg-datum", "re-datum", "date de facture", "date de facturation", "date d'émission", "date facture",
        "émise le", "émis le", "emise le", "ausgestellt am",
        "factuurdatum", "fecha de factura", "fecha de emisión", "fecha factura", "data fattura", "data della fattura", "data di emissione",
        "fecha de expedición", "data documento",
        "date", "datum", "fecha", "data", "dated",
    ]
    public static let dueDate = [
        "due date", "date due", "payment due", "due by", "pay by", "payable by", "fällig am", "fälligkeitsdatum", "fällig bis", "zahlbar bis", "fälligkeit",
        "date d'échéance", "échéance", "date limite de paiement", "vervaldatum", "vervaldag", "te betalen voor", "fecha de vencimiento",
        "vencimiento", "data di scadenza", "scadenza", "bis zum", "bis spätestens", "zahlbar bis zum", "à régler avant le", "à payer avant le",
        "payable before", "due on", "zahlungsziel", "zahlbar zum", "zahlbar am", "date limite de règlement", "date de règlement", "à régler le",
        "ohne abzug bis", "ohne abzug bis zum", "spätestens", "at the latest by", "no later than", "expiration date", "expiry date", "date limite", "netto bis", "netto bis zum", "rein netto bis", "au plus tard le", "échéance le", "payable on or before",
        "betrag bis", "rechnungsbetrag bis", "überweisen sie bis", "spätestens am", "spätestens bis",
        "à payer le", "payable on", "payment deadline", "uiterste betaaldatum",
        "paiement avant le", "règlement avant le", "virement avant le", "remboursement avant le", "remboursement le",
        // The terms restated as a date ("30 jours fin de mois, soit le 31/03/2026").
        "soit le",
        // EN 16931's French name of the due date (BT-9); a bare "date d'exigibilité" may be the VAT's tax point.
        "date d'exigibilité du paiement", "exigibilité du paiement", "date d'exigibilité du règlement",
        // A bare "Fällig:" in an invoice's data block.
        "fällig",
    ]
    public static let vatID = [
        "vat id", "vat no", "vat number", "vat reg no", "vat registration number", "vat reg", "tax id", "ust-idnr", "ust-id-nr", "ust-id",
        "ust.-id-nr", "ust.-idnr", "ustid", "umsatzsteuer-id", "n° tva", "no tva", "tva intracommunautaire", "numéro de tva", "n° tva intracom",
        "btw-nummer", "btw nummer", "btw nr", "btw-nr", "btw-id", "nif", "cif", "nif/cif", "partita iva", "p.iva", "p. iva", "uid", "uid-nr", "uid nr", "uid-nummer", "mwst-nr", "che",
    ]
    public static let buyer = [
        "bill to", "billed to", "invoice to", "sold to", "customer", "client", "rechnungsempfänger", "rechnung an", "kunde", "empfänger",
        "facturé à", "adresse de facturation", "destinataire", "factuur aan", "klant", "facturar a", "cliente", "destinatario", "fatturare a",
    ]
    public static let net = [
        "net total", "total net", "net amount", "subtotal", "sub-total", "sub total", "total excl. vat", "total excluding vat", "total excl vat",
        "amount before tax", "total before tax", "nettobetrag", "summe netto", "netto", "gesamt netto", "zwischensumme", "warenwert",
        "total ht", "montant ht", "total hors taxes", "sous-total", "prix ht", "subtotaal", "totaal excl. btw", "totaal exclusief btw",
        "netto bedrag", "base imponible", "importe neto", "subtotal", "imponibile", "totale imponibile", "net",
        "nettosumme", "nettogesamtbetrag", "gesamtbetrag netto", "summe nettobeträge", "summe nettobetrag", "nettobetrag gesamt", "total excl. tax",
        "total excluding tax", "total hors taxe", "montant hors taxes", "soit ht", "soit hors taxes", "total htva", "montant htva", "total hors tva", "montant total ht", "totalht", "totaal exclusief", "netto totaal", "base imposable",
        "untaxed amount", "total untaxed", "amount untaxed", "total untaxed amount",
    ]
    public static let tax = [
        "total vat", "vat amount", "total tax", "tax amount", "sales tax", "vat", "tax", "gst", "mwst", "mwst.", "ust", "umsatzsteuer",
        "mehrwertsteuer", "steuerbetrag", "ust.-betrag", "mwst.-betrag", "montant tva", "total tva", "tva", "btw", "btw bedrag", "iva", "cuota iva", "imposta", "totale iva",
        "summe umsatzsteuer", "summe mwst", "gesamt mwst", "umsatzsteuerbetrag", "vat total", "tax total", "gst amount", "total gst", "sst", "service tax",
        "montant de la tva", "montant total tva", "dont tva", "totaltva", "totaal btw", "importe iva", "total iva",
    ]
    public static let total = [
        "total due", "total amount due", "grand total", "invoice total", "total amount", "total to pay", "amount payable", "total payable",
        "gesamtbetrag", "gesamtsumme", "rechnungsbetrag", "rechnungssumme", "endbetrag", "bruttobetrag", "bruttosumme", "summe brutto", "gesamt brutto", "total brutto",
        "total ttc", "montant ttc", "montant total", "totaal incl. btw", "totaal inclusief btw", "totaal bedrag", "totaal",
        "importe total", "total factura", "total a pagar", "totale fattura", "importo totale", "totale documento", "totale", "total", "summe", "gesamt",
        "endsumme", "gesamtendsumme", "rechnungsendbetrag", "gesamtpreis", "gesamtbetrag brutto", "bruttogesamtbetrag", "summe inkl. mwst",
        "gesamt inkl. mwst", "total incl. vat", "total including vat", "total inc. vat", "total incl. tax", "total including tax", "invoice amount",
        "total général", "total tvac", "montant tvac", "totalttc", "total à payer", "total a payer", "montant a payer", "somme a payer", "montant à payer", "somme à payer", "montant total ttc", "totaalbedrag", "totaal te betalen",
        "total general", "totale da pagare", "totale complessivo", "abschlagsbetrag", "abschlagsbetrag brutto", "betrag brutto",
        "montant ttc de l'acompte", "total ttc de l'acompte",
        // A credit note's or a self-billed invoice's total ("Gutschrift" is the title of both in German).
        "gutschriftsbetrag", "gutschriftsbetrag brutto", "gutschriftssumme", "montant de l'avoir", "total de l'avoir", "credit note total",
    ]
    public static let amountDue = [
        "amount due", "balance due", "amount to pay", "please pay", "zu zahlen", "zahlbetrag", "offener betrag", "reste à payer", "reste a payer", "net à payer", "net a payer",
        "montant dû", "te betalen", "a pagar", "da pagare", "netto a pagare",
    ]
    public static let purchaseOrder = [
        "purchase order", "po number", "po no", "po #", "order number", "order no", "your order", "bestellnummer", "bestell-nr", "ihre bestellung",
        "auftragsnummer", "bon de commande", "n° de commande", "numéro de commande", "votre commande", "inkoopordernummer", "bestelnummer",
        "número de pedido", "pedido", "numero ordine", "ordine n", "po",
        // The buyer's own reference, which is no number of this document.
        "your reference", "your ref", "votre référence", "votre réf", "référence client", "customer reference", "buyer reference",
        "ihre referenz", "ihr zeichen", "käuferreferenz",
    ]
    public static let paymentTerms = [
        "payment terms", "terms of payment", "terms", "zahlungsbedingungen", "zahlungsziel", "conditions de paiement", "modalités de paiement",
        "conditions de règlement", "betalingsvoorwaarden", "betalingstermijn", "condiciones de pago", "forma de pago", "condizioni di pagamento",
        "termini di pagamento",
    ]
    public static let correctsInvoice = [
        "corrects invoice", "original invoice", "credit for invoice", "relating to invoice", "korrektur zu rechnung", "bezug rechnung",
        "zu rechnung", "ursprüngliche rechnung", "annule la facture", "facture d'origine", "facture initiale", "betreft factuur",
        "factura rectificada", "factura original", "fattura di riferimento", "rif. fattura",
    ]
    /// Words that name the document type at the top of a page (not a vendor name).
    public static let titles: Set<String> = [
        "invoice", "tax invoice", "rechnung", "facture", "factuur", "factura", "fattura", "credit note", "gutschrift", "avoir", "receipt",
        "quittung", "reçu", "kassenbon", "ticket", "bon", "purchase order", "bestellung", "bon de commande",
        // A professional's fee invoice: a lawyer's or doctor's.
        "note d'honoraires", "note d’honoraires", "honorarrechnung", "privatliquidation",
    ]
    /// Table headings of the items' description (LineItems.swift names the other columns' headings).
    public static let itemDescription = ["description", "item", "items", "product", "service", "beschreibung", "bezeichnung", "artikel", "leistung",
                                         "désignation", "description", "libellé", "omschrijving", "artikel", "descripción", "concepto", "descrizione", "articolo"]
    /// Words that shop and company names are made of (English, Malay), in capitals: what OCR's misread letter in a
    /// receipt's header is mended to (`LayoutExtractor.repairBusinessWords`). Broader than `LayoutExtractor.tradeWords`,
    /// the words that make a line a business's name.
    public static let businessWords: Set<String> = [
        "MART", "MINI", "MINIMART", "MARKET", "MARKETS", "SUPERMARKET", "HYPERMARKET", "MINIMARKET", "SUPER", "STORE", "STORES", "SHOP",
        "SHOPS", "OUTLET", "BOUTIQUE", "TRADING", "TRADERS", "TRADE", "ENTERPRISE", "ENTERPRISES", "HARDWARE", "STATIONERY", "STATIONERS",
        "BOOKS", "BOOKSTORE", "BOOKSHOP", "PHARMACY", "FARMASI", "RESTAURANT", "RESTORAN", "CAFE", "KOPITIAM", "BAKERY", "BAKERIES",
        "BAKEHOUSE", "CONFECTIONERY", "CATERING", "KITCHEN", "NOODLE", "NOODLES", "HOUSE", "GROCERY", "GROCER", "MARKETING",
        "DISTRIBUTOR", "DISTRIBUTORS", "DISTRIBUTION", "HOLDINGS", "INDUSTRIES", "INDUSTRY", "SERVICES", "SERVICE", "STATION", "PETROL",
        "MOTOR", "MOTORS", "ELECTRICAL", "ELECTRONICS", "ELECTRIC", "FURNITURE", "TEXTILE", "TEXTILES", "FASHION", "BEAUTY", "HEALTH",
        "MEDICAL", "CLINIC", "KLINIK", "DENTAL", "OPTICAL", "FOOD", "FOODS", "BEVERAGE", "BEVERAGES", "FRESH", "TIMBER", "PACKAGING",
        "PRINTING", "PRINTERS", "ADVERTISING", "TRAVEL", "AGENCY", "CENTRE", "CENTER", "MALL", "PLAZA", "CASH", "CARRY", "WHOLESALE",
        "RETAIL", "SUPPLY", "SUPPLIES", "SUPPLIER", "MACHINERY", "ENGINEERING", "CONSTRUCTION", "HANDICRAFT", "TAILORING", "TAILOR",
        "LAUNDRY", "PERNIAGAAN", "KEDAI", "SYARIKAT", "BORONG", "RUNCIT", "COMPANY", "CORPORATION", "INTERNATIONAL", "GLOBAL",
        "MANAGEMENT", "RESOURCES", "SOLUTIONS", "SYSTEMS", "TECHNOLOGY", "TECHNOLOGIES", "PRODUCTS", "CHEMICALS", "PAINT", "PAINTS",
        "TILES", "BUILDING", "MATERIALS", "AUTOMOTIVE", "SPARE", "PARTS", "TYRE", "TYRES", "GARAGE", "WORKSHOP", "HOTEL", "RESORT",
        "BISTRO", "BAKERS", "BUTCHER", "SEAFOOD", "CHICKEN", "STEAMBOAT", "DIMSUM", "CANTEEN", "KOPI", "COFFEE", "JUICE", "GRILL",
        "PIZZA", "BURGER", "FLORIST", "FLOWERS", "GIFT", "GIFTS", "TOYS", "SPORTS", "CYCLE", "MOBILE", "PHONE", "COMPUTER", "COMPUTERS",
        "DIGITAL", "PHOTO", "STUDIO", "SALON", "MALAYSIA", "SINGAPORE", "PHARMA",
    ]
    /// Words a name may hold that are one look-alike letter from a word of a trade ("HALL" and "MALL", "MINT" and "MINI"):
    /// left as read. (The English words of that kind, from a dictionary, less those no name is made of.)
    public static let nearBusinessWords: Set<String> = [
        "CAPE", "HALL", "MAIL", "MALI", "MARI", "MINT", "MOTEL", "MOUSE", "PARIS", "GARRY", "MOLDINGS",
    ]
    /// Company forms that mark a line as a company name.
    public static let companyForms: [String] = [
        "ltd", "limited", "plc", "llc", "inc", "corp", "corporation", "co", "gmbh", "ag", "kg", "ohg", "gbr", "ug", "e.k", "mbh", "sarl", "sas", "sa",
        "eurl", "sasu", "bv", "b.v", "nv", "n.v", "vof", "sl", "s.l", "srl", "s.r.l", "spa", "s.p.a", "snc", "oy", "ab", "as", "aps", "pty", "pvt",
        "bhd", "s/b", "sdn", "pte", "llp", "lp", "kk", "tbk", "sprl", "scrl", "bvba", "cvba", "dac",
        "slu", "s.l.u", "sau", "s.a.u", "s.n.c", "s.a.s", "sapa", "s.a.p.a", "scarl", "s.c.a.r.l",
        // German partnerships of the liberal professions (lawyers, tax advisers): "… Partnerschaftsgesellschaft mbB", "… PartG mbB".
        "partnerschaftsgesellschaft", "partg", "mbb",
    ]
}
