public import Foundation

/// Generated documents of every default label in English, German, French, Dutch, Spanish and
/// Italian, for training the default model: made-up companies, addresses, numbers, dates and
/// amounts in each language's formats, varied layouts (lines dropped, reordered, extra notes),
/// and OCR-like noise on some. Deterministic for a seed. It is a stand-in for real documents,
/// which the project cannot ship; reviewer corrections and `quire model train --from DIR` add
/// real ones.
public enum TrainingCorpus {
    struct Lang {
        var code: String
        var invoiceTitles, creditTitles, receiptTitles, orderTitles, contractTitles: [String]
        var invoiceNo, creditNo, orderNo, date, due, total, net, vat, iban, vatID, billTo, terms, thanks, deliver: [String]
        var greetings, closings, letterBodies, contractClauses, otherTexts, products, receiptProducts, refundWords, receiptWords: [String]
        var decimalComma: Bool
        var months: [String]
    }

    static let langs: [Lang] = [
        Lang(code: "en", invoiceTitles: ["INVOICE", "Invoice", "TAX INVOICE", "Sales Invoice", "Commercial Invoice", "Bill"],
             creditTitles: ["CREDIT NOTE", "Credit Note", "Credit Memo", "CREDIT MEMO", "Refund Credit Note"],
             receiptTitles: ["RECEIPT", "Receipt", "Sales Receipt", "PAYMENT RECEIPT", "Payment Receipt", "Cash Receipt", "Hotel receipt", ""],
             orderTitles: ["PURCHASE ORDER", "Purchase Order", "Order", "PO"],
             contractTitles: ["SERVICE AGREEMENT", "Agreement", "Master Services Agreement", "Lease Agreement", "Consulting Contract", "Non-Disclosure Agreement"],
             invoiceNo: ["Invoice No", "Invoice Number", "Invoice #", "Inv. No."], creditNo: ["Credit Note No", "Credit Memo #", "Credit Note Number"],
             orderNo: ["PO Number", "Order No", "Purchase Order #"], date: ["Date", "Invoice Date", "Date of issue"], due: ["Due Date", "Payment due", "Due by"],
             total: ["Total", "Total due", "Amount due", "Grand total", "Balance due"], net: ["Subtotal", "Net", "Net amount"], vat: ["VAT", "Tax", "Sales tax"],
             iban: ["IBAN"], vatID: ["VAT No", "VAT ID", "VAT Reg No"], billTo: ["Bill to", "Invoice to", "Customer", "Sold to"],
             terms: ["Payment terms: 30 days net", "Please pay within 14 days", "Terms: due on receipt"], thanks: ["Thank you for your business", "Thank you for shopping with us", "Thank you!"],
             deliver: ["Please deliver to", "Ship to", "Delivery address", "Requested delivery date"],
             greetings: ["Dear Sir or Madam,", "Dear customer,", "Dear Mr Smith,", "Dear Ms Jones,", "Hello,"],
             closings: ["Kind regards", "Yours sincerely", "Best regards", "Yours faithfully"],
             letterBodies: ["we are moving to a new office next month.", "please note our new opening hours.", "thank you for your enquiry of last week.",
                            "we would like to inform you about changes to our terms.", "our office will be closed over the holidays.",
                            "please find enclosed the documents you requested.", "we confirm receipt of your letter.", "your account manager will change from 1 March.",
                            "we invite you to our annual customer event.", "we regret to inform you that the product has been discontinued."],
             contractClauses: ["This Agreement is entered into by and between", "hereinafter referred to as the Supplier", "1. Scope of services", "2. Term and termination",
                               "3. Fees and payment", "4. Confidentiality", "5. Liability", "6. Governing law", "Either party may terminate this Agreement with three months notice.",
                               "IN WITNESS WHEREOF the parties have signed this Agreement.", "Signature", "The parties agree as follows:"],
             otherTexts: ["Minutes of the team meeting", "Agenda", "Price list 2026", "Product data sheet", "Technical specifications", "Newsletter", "Meeting notes",
                          "Curriculum vitae", "Safety instructions", "Table of contents", "Chapter 1", "Press release", "Delivery note", "Packing list",
                          "Timetable", "Menu of the day", "Weather report", "User manual", "Installation guide", "Release notes"],
             products: ["Consulting services", "Web hosting", "Office chairs", "Printer toner", "Software licence", "Maintenance", "Training day", "Cloud storage",
                        "Laptop", "Cables", "Support contract", "Design work", "Translation", "Cleaning services"],
             receiptProducts: ["Coffee", "Sandwich", "Muffin", "Water", "Parking", "Fuel", "Newspaper", "Taxi fare", "Lunch", "Tea", "Room charges", "Overnight stay", "Breakfast"],
             refundWords: ["Refund for returned goods", "Credit for invoice", "Corrects invoice", "Original invoice", "Amount credited to your account"],
             receiptWords: ["CASH", "CARD", "Change", "VISA ****1234", "Mastercard", "Terminal ID", "Receipt No", "Cashier", "Table 4"],
             decimalComma: false, months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]),
        Lang(code: "de", invoiceTitles: ["RECHNUNG", "Rechnung", "Rechnung Nr.", "Sammelrechnung", "Schlussrechnung"],
             creditTitles: ["GUTSCHRIFT", "Gutschrift", "Rechnungskorrektur", "Stornorechnung"],
             receiptTitles: ["QUITTUNG", "Kassenbon", "Beleg", "Kassenbeleg", "Quittung", ""],
             orderTitles: ["BESTELLUNG", "Bestellung", "Auftrag", "Bestellschein"],
             contractTitles: ["DIENSTLEISTUNGSVERTRAG", "Vertrag", "Mietvertrag", "Rahmenvertrag", "Wartungsvertrag", "Geheimhaltungsvereinbarung"],
             invoiceNo: ["Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Re.-Nr."], creditNo: ["Gutschriftsnummer", "Gutschrift Nr."],
             orderNo: ["Bestellnummer", "Bestell-Nr.", "Auftragsnummer"], date: ["Datum", "Rechnungsdatum", "Belegdatum"], due: ["Fällig am", "Zahlbar bis", "Fälligkeitsdatum"],
             total: ["Gesamtbetrag", "Summe", "Rechnungsbetrag", "Endbetrag", "Zu zahlen"], net: ["Nettobetrag", "Netto", "Zwischensumme"], vat: ["MwSt", "USt", "Umsatzsteuer"],
             iban: ["IBAN"], vatID: ["USt-IdNr.", "USt-ID", "Steuernummer"], billTo: ["Rechnungsempfänger", "Kunde", "Rechnung an"],
             terms: ["Zahlbar innerhalb von 14 Tagen ohne Abzug", "Zahlungsziel 30 Tage netto", "Betrag dankend erhalten"], thanks: ["Vielen Dank für Ihren Einkauf", "Vielen Dank für Ihren Besuch", "Danke!"],
             deliver: ["Lieferanschrift", "Bitte liefern Sie an", "Liefertermin"],
             greetings: ["Sehr geehrte Damen und Herren,", "Sehr geehrter Herr Müller,", "Sehr geehrte Frau Schmidt,", "Hallo,"],
             closings: ["Mit freundlichen Grüßen", "Freundliche Grüße", "Viele Grüße"],
             letterBodies: ["wir ziehen im nächsten Monat in ein neues Büro.", "bitte beachten Sie unsere neuen Öffnungszeiten.", "vielen Dank für Ihre Anfrage.",
                            "wir möchten Sie über Änderungen unserer Bedingungen informieren.", "unser Büro bleibt über die Feiertage geschlossen.",
                            "anbei erhalten Sie die gewünschten Unterlagen.", "wir bestätigen den Eingang Ihres Schreibens.", "Ihr Ansprechpartner ändert sich zum 1. März."],
             contractClauses: ["zwischen", "nachfolgend Auftragnehmer genannt", "§ 1 Vertragsgegenstand", "§ 2 Laufzeit und Kündigung", "§ 3 Vergütung", "§ 4 Vertraulichkeit",
                               "§ 5 Haftung", "§ 6 Schlussbestimmungen", "Der Vertrag kann mit einer Frist von drei Monaten gekündigt werden.", "Ort, Datum, Unterschrift",
                               "Die Vertragsparteien vereinbaren Folgendes:"],
             otherTexts: ["Protokoll der Teambesprechung", "Tagesordnung", "Preisliste 2026", "Produktdatenblatt", "Technische Daten", "Lieferschein", "Packliste",
                          "Lebenslauf", "Sicherheitshinweise", "Inhaltsverzeichnis", "Pressemitteilung", "Speiseplan", "Bedienungsanleitung", "Fahrplan"],
             products: ["Beratungsleistungen", "Webhosting", "Bürostühle", "Druckertoner", "Softwarelizenz", "Wartung", "Schulungstag", "Reinigung", "Montage"],
             receiptProducts: ["Kaffee", "Brötchen", "Gebäck", "Wasser", "Parken", "Benzin", "Zeitung", "Taxifahrt", "Mittagessen"],
             refundWords: ["Gutschrift für Rücksendung", "Korrektur zu Rechnung", "Bezug Rechnung", "Erstattung", "Wir schreiben Ihnen gut"],
             receiptWords: ["BAR", "Karte", "Rückgeld", "EC-Karte", "Kasse 2", "Bon-Nr.", "Terminal-ID", "Bediener"],
             decimalComma: true, months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]),
        Lang(code: "fr", invoiceTitles: ["FACTURE", "Facture", "Facture n°", "Facture d'acompte"],
             creditTitles: ["AVOIR", "Avoir", "Facture d'avoir", "Note de crédit"],
             receiptTitles: ["REÇU", "Ticket de caisse", "Reçu", "Ticket", ""],
             orderTitles: ["BON DE COMMANDE", "Bon de commande", "Commande"],
             contractTitles: ["CONTRAT DE PRESTATION", "Contrat", "Contrat de bail", "Accord de confidentialité", "Contrat de maintenance"],
             invoiceNo: ["N° de facture", "Facture n°", "Numéro de facture"], creditNo: ["N° d'avoir", "Avoir n°"], orderNo: ["N° de commande", "Bon de commande n°"],
             date: ["Date", "Date de facture", "Date d'émission"], due: ["Échéance", "Date d'échéance", "À payer avant le"],
             total: ["Total TTC", "Net à payer", "Montant total", "Total"], net: ["Total HT", "Montant HT", "Sous-total"], vat: ["TVA", "Montant TVA"],
             iban: ["IBAN"], vatID: ["N° TVA", "TVA intracommunautaire", "SIRET"], billTo: ["Facturé à", "Client", "Adresse de facturation"],
             terms: ["Paiement à 30 jours", "Conditions de paiement : à réception", "Pas d'escompte pour paiement anticipé"], thanks: ["Merci de votre visite", "Merci et à bientôt", "Merci !"],
             deliver: ["Adresse de livraison", "Merci de livrer à", "Date de livraison souhaitée"],
             greetings: ["Madame, Monsieur,", "Cher client,", "Chère Madame,", "Bonjour,"],
             closings: ["Cordialement", "Veuillez agréer nos salutations distinguées", "Bien à vous"],
             letterBodies: ["nous déménageons le mois prochain.", "veuillez noter nos nouveaux horaires.", "nous vous remercions de votre demande.",
                            "nous vous informons d'un changement de nos conditions.", "nos bureaux seront fermés pendant les fêtes.",
                            "vous trouverez ci-joint les documents demandés.", "nous accusons réception de votre courrier."],
             contractClauses: ["entre les soussignés", "ci-après dénommé le Prestataire", "Article 1 – Objet", "Article 2 – Durée et résiliation", "Article 3 – Prix",
                               "Article 4 – Confidentialité", "Article 5 – Responsabilité", "Article 6 – Droit applicable", "Le contrat peut être résilié avec un préavis de trois mois.",
                               "Fait en deux exemplaires", "Signature des parties"],
             otherTexts: ["Compte rendu de réunion", "Ordre du jour", "Tarifs 2026", "Fiche technique", "Bon de livraison", "Liste de colisage", "Curriculum vitae",
                          "Consignes de sécurité", "Sommaire", "Communiqué de presse", "Menu du jour", "Mode d'emploi", "Horaires"],
             products: ["Prestations de conseil", "Hébergement web", "Chaises de bureau", "Toner", "Licence logicielle", "Maintenance", "Formation", "Nettoyage"],
             receiptProducts: ["Café", "Croissant", "Baguette", "Eau", "Parking", "Carburant", "Journal", "Taxi", "Déjeuner"],
             refundWords: ["Avoir sur facture", "Annule la facture", "Remboursement", "Retour de marchandise", "Facture d'origine"],
             receiptWords: ["ESPÈCES", "CB", "Rendu", "Carte bancaire", "Caisse 1", "Ticket n°", "Vendeur"],
             decimalComma: true, months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]),
        Lang(code: "nl", invoiceTitles: ["FACTUUR", "Factuur", "Verkoopfactuur"], creditTitles: ["CREDITNOTA", "Creditnota", "Creditfactuur"],
             receiptTitles: ["KASSABON", "Bon", "Kwitantie", ""], orderTitles: ["INKOOPORDER", "Bestelling", "Inkooporder"],
             contractTitles: ["OVEREENKOMST", "Contract", "Huurovereenkomst", "Dienstverleningsovereenkomst"],
             invoiceNo: ["Factuurnummer", "Factuur nr."], creditNo: ["Creditnotanummer"], orderNo: ["Ordernummer", "Bestelnummer"], date: ["Datum", "Factuurdatum"],
             due: ["Vervaldatum", "Te betalen voor"], total: ["Totaal", "Te betalen", "Totaal incl. BTW"], net: ["Subtotaal", "Totaal excl. BTW"], vat: ["BTW"],
             iban: ["IBAN"], vatID: ["BTW-nummer", "BTW nr."], billTo: ["Factuur aan", "Klant"], terms: ["Betaling binnen 30 dagen"], thanks: ["Bedankt voor uw bezoek"],
             deliver: ["Afleveradres", "Gelieve te leveren"], greetings: ["Geachte heer, mevrouw,", "Beste klant,"], closings: ["Met vriendelijke groet"],
             letterBodies: ["wij verhuizen volgende maand naar een nieuw kantoor.", "let op onze nieuwe openingstijden.", "bedankt voor uw aanvraag."],
             contractClauses: ["ondergetekenden", "Artikel 1 Onderwerp", "Artikel 2 Duur en opzegging", "Artikel 3 Vergoeding", "Handtekening"],
             otherTexts: ["Notulen", "Agenda", "Prijslijst", "Productblad", "Pakbon", "Handleiding"],
             products: ["Advieswerkzaamheden", "Webhosting", "Bureaustoelen", "Onderhoud"], receiptProducts: ["Koffie", "Broodje", "Parkeren", "Brandstof"],
             refundWords: ["Creditering van factuur", "Terugbetaling"], receiptWords: ["CONTANT", "PIN", "Wisselgeld"],
             decimalComma: true, months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]),
        Lang(code: "es", invoiceTitles: ["FACTURA", "Factura", "Factura simplificada"], creditTitles: ["FACTURA RECTIFICATIVA", "Nota de crédito", "Abono"],
             receiptTitles: ["RECIBO", "Ticket", "Recibo", ""], orderTitles: ["ORDEN DE COMPRA", "Pedido", "Hoja de pedido"],
             contractTitles: ["CONTRATO DE SERVICIOS", "Contrato", "Contrato de arrendamiento", "Acuerdo de confidencialidad"],
             invoiceNo: ["Número de factura", "Factura nº"], creditNo: ["Nº de abono"], orderNo: ["Número de pedido"], date: ["Fecha", "Fecha de factura"],
             due: ["Vencimiento", "Fecha de vencimiento"], total: ["Total", "Total factura", "Importe total"], net: ["Base imponible", "Subtotal"], vat: ["IVA"],
             iban: ["IBAN"], vatID: ["NIF", "CIF"], billTo: ["Cliente", "Facturar a"], terms: ["Pago a 30 días"], thanks: ["Gracias por su visita"],
             deliver: ["Dirección de entrega", "Entregar en"], greetings: ["Estimado cliente:", "Estimados señores:"], closings: ["Atentamente", "Saludos cordiales"],
             letterBodies: ["nos trasladamos a una nueva oficina el próximo mes.", "le informamos de nuestro nuevo horario.", "gracias por su consulta."],
             contractClauses: ["REUNIDOS", "Cláusula primera. Objeto", "Cláusula segunda. Duración", "Cláusula tercera. Precio", "Firma de las partes"],
             otherTexts: ["Acta de la reunión", "Orden del día", "Lista de precios", "Ficha técnica", "Albarán", "Manual de usuario"],
             products: ["Servicios de consultoría", "Alojamiento web", "Sillas de oficina", "Mantenimiento"], receiptProducts: ["Café", "Bocadillo", "Aparcamiento", "Gasolina"],
             refundWords: ["Rectifica la factura", "Devolución"], receiptWords: ["EFECTIVO", "TARJETA", "Cambio"],
             decimalComma: true, months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]),
        Lang(code: "it", invoiceTitles: ["FATTURA", "Fattura", "Fattura elettronica"], creditTitles: ["NOTA DI CREDITO", "Nota di credito"],
             receiptTitles: ["SCONTRINO", "Ricevuta", "Ricevuta fiscale", ""], orderTitles: ["ORDINE DI ACQUISTO", "Ordine", "Buono d'ordine"],
             contractTitles: ["CONTRATTO DI SERVIZIO", "Contratto", "Contratto di locazione", "Accordo di riservatezza"],
             invoiceNo: ["Numero fattura", "Fattura n."], creditNo: ["Nota di credito n."], orderNo: ["Numero ordine"], date: ["Data", "Data fattura"],
             due: ["Scadenza", "Data di scadenza"], total: ["Totale", "Totale documento", "Importo totale"], net: ["Imponibile", "Totale imponibile"], vat: ["IVA"],
             iban: ["IBAN"], vatID: ["Partita IVA", "P.IVA"], billTo: ["Cliente", "Spett.le"], terms: ["Pagamento a 30 giorni"], thanks: ["Grazie e arrivederci"],
             deliver: ["Indirizzo di consegna", "Consegnare a"], greetings: ["Gentile cliente,", "Egregi signori,"], closings: ["Cordiali saluti", "Distinti saluti"],
             letterBodies: ["il prossimo mese ci trasferiamo in un nuovo ufficio.", "vi informiamo dei nuovi orari.", "grazie per la vostra richiesta."],
             contractClauses: ["TRA", "Art. 1 Oggetto", "Art. 2 Durata e recesso", "Art. 3 Corrispettivo", "Firma delle parti"],
             otherTexts: ["Verbale della riunione", "Ordine del giorno", "Listino prezzi", "Scheda tecnica", "Documento di trasporto", "Manuale d'uso"],
             products: ["Servizi di consulenza", "Hosting web", "Sedie da ufficio", "Manutenzione"], receiptProducts: ["Caffè", "Cornetto", "Parcheggio", "Carburante"],
             refundWords: ["Storno fattura", "Rimborso"], receiptWords: ["CONTANTI", "BANCOMAT", "Resto"],
             decimalComma: true, months: ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"]),
    ]

    static let syllables = ["nor", "th", "wind", "brau", "haus", "lu", "mi", "ère", "con", "to", "so", "al", "pen", "blick", "ko", "ra", "vel", "sta", "ber", "gen",
                            "mar", "tin", "ex", "pro", "data", "net", "sol", "tec", "fin", "ver", "lo", "ni", "ca", "del", "mon", "te", "ri", "va", "zen", "quo"]
    static let forms = ["Ltd", "GmbH", "SARL", "Inc", "AG", "B.V.", "S.L.", "S.r.l.", "S.p.A.", "LLC", "SAS", "KG", "plc", ""]
    static let streets = ["Harbour Road", "Hauptstraße", "rue des Lilas", "Dorpsstraat", "Calle Mayor", "Via Roma", "Market Street", "Industriestraße", "avenue Foch"]
    static let cities = ["Bristol", "München", "Lyon", "Utrecht", "Madrid", "Milano", "Seattle", "Zürich", "Wien", "Bruxelles", "Hamburg", "Marseille"]

    public static func generate(count: Int, seed: UInt64 = 7, labels: [String] = defaultLabels) -> [LabelledText] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { i in
            let label = labels[i % labels.count]
            let lang = langs[Int.random(in: 0..<langs.count, using: &rng) % langs.count]
            // English, German and French more often: they are the languages of the appliance's OCR set.
            let l = i % 5 < 3 ? langs[i % 3] : lang
            var text = document(label, l, &rng)
            if Int.random(in: 0..<4, using: &rng) == 0 { text = noisy(text, rate: Double.random(in: 0.005...0.03, using: &rng), &rng) }
            return LabelledText(text: text, pageCount: label == "contract" ? Int.random(in: 1...6, using: &rng) : Int.random(in: 1...2, using: &rng),
                                label: label, source: "generated", synthetic: true)
        }
    }

    static func pick<T>(_ a: [T], _ rng: inout SeededGenerator) -> T { a[Int.random(in: 0..<a.count, using: &rng)] }

    static func company(_ rng: inout SeededGenerator) -> String {
        let n = Int.random(in: 2...3, using: &rng)
        var name = (0..<n).map { _ in pick(syllables, &rng) }.joined()
        name = name.prefix(1).uppercased() + name.dropFirst()
        let extra = Int.random(in: 0..<3, using: &rng) == 0 ? " " + ["Office Supplies", "Technik", "Services", "Consulting", "Trading", "Logistics", "Media"][Int.random(in: 0..<7, using: &rng)] : ""
        let form = pick(forms, &rng)
        return name + extra + (form.isEmpty ? "" : " " + form)
    }

    static func amount(_ x: Double, _ l: Lang) -> String {
        let cents = Int((x * 100).rounded())
        var whole = String(cents / 100)
        if whole.count > 3 { whole.insert(contentsOf: l.decimalComma ? "." : ",", at: whole.index(whole.endIndex, offsetBy: -3)) }
        return whole + (l.decimalComma ? "," : ".") + String(format: "%02d", cents % 100)
    }

    static func date(_ l: Lang, _ rng: inout SeededGenerator) -> String {
        let d = Int.random(in: 1...28, using: &rng), m = Int.random(in: 1...12, using: &rng), y = Int.random(in: 2019...2027, using: &rng)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return "\(d) \(l.months[m - 1]) \(y)"
        case 1: return l.code == "en" && Bool.random(using: &rng) ? String(format: "%02d/%02d/%d", m, d, y) : String(format: l.code == "de" ? "%02d.%02d.%d" : "%02d/%02d/%d", d, m, y)
        default: return String(format: "%d-%02d-%02d", y, m, d)
        }
    }

    static func cur(_ l: Lang, _ rng: inout SeededGenerator) -> String {
        l.code == "en" ? pick(["GBP", "USD", "£", "$", "EUR"], &rng) : pick(["EUR", "€", l.code == "de" ? "CHF" : "EUR"], &rng)
    }

    static func header(_ l: Lang, _ rng: inout SeededGenerator) -> [String] {
        [company(&rng), "\(Int.random(in: 1...200, using: &rng)) \(pick(streets, &rng))", "\(Int.random(in: 10000...99999, using: &rng)) \(pick(cities, &rng))"]
    }

    static func number(_ rng: inout SeededGenerator) -> String {
        let p = pick(["", "INV-", "RE-", "FA-", "2026-", "A", "F"], &rng)
        return p + String(Int.random(in: 100...9_999_999, using: &rng))
    }

    static func document(_ label: String, _ l: Lang, _ rng: inout SeededGenerator) -> String {
        var lines = header(l, &rng)
        let c = cur(l, &rng)
        func items(_ n: Int, _ products: [String], _ maxPrice: Double) -> (lines: [String], sum: Double) {
            var sum = 0.0
            var out: [String] = []
            for _ in 0..<n {
                let q = Int.random(in: 1...5, using: &rng), p = Double.random(in: 1...maxPrice, using: &rng)
                sum += Double(q) * p
                out.append(Bool.random(using: &rng) ? "\(pick(products, &rng))   \(q)   \(amount(p, l))   \(amount(Double(q) * p, l))" : "\(pick(products, &rng))   \(amount(Double(q) * p, l)) \(c)")
            }
            return (out, sum)
        }
        switch label {
        case "invoice", "credit_note":
            let credit = label == "credit_note"
            lines.append(pick(credit ? l.creditTitles : l.invoiceTitles, &rng))
            lines.append("\(pick(credit ? l.creditNo : l.invoiceNo, &rng)): \(number(&rng))")
            lines.append("\(pick(l.date, &rng)): \(date(l, &rng))")
            if Bool.random(using: &rng) { lines.append("\(pick(l.due, &rng)): \(date(l, &rng))") }
            if Bool.random(using: &rng) { lines += ["\(pick(l.billTo, &rng)):", company(&rng)] }
            // Real credit notes are often an invoice's layout with another title; half say what they correct.
            if credit && Bool.random(using: &rng) { lines.append("\(pick(l.refundWords, &rng)) \(number(&rng))") }
            let (it, sum) = items(Int.random(in: 1...6, using: &rng), l.products, 900)
            lines += it
            let rate = pick([19.0, 20, 21, 7, 10, 22, 8.1], &rng)
            let sign = credit && Bool.random(using: &rng) ? "-" : ""
            lines.append("\(pick(l.net, &rng)): \(sign)\(amount(sum, l)) \(c)")
            lines.append("\(pick(l.vat, &rng)) \(rate) %: \(sign)\(amount(sum * rate / 100, l)) \(c)")
            lines.append("\(pick(l.total, &rng)): \(sign)\(amount(sum * (1 + rate / 100), l)) \(c)")
            if Bool.random(using: &rng) { lines.append("\(pick(l.vatID, &rng)): \(pick(["DE", "FR", "GB", "NL", "IT", "ES"], &rng))\(Int.random(in: 100_000_000...999_999_999, using: &rng))") }
            if Bool.random(using: &rng) { lines.append("IBAN: \(pick(["DE89", "FR14", "GB33", "NL91", "IT60", "ES91"], &rng)) \(Int.random(in: 1000...9999, using: &rng)) \(Int.random(in: 1000...9999, using: &rng)) \(Int.random(in: 1000...9999, using: &rng)) \(Int.random(in: 10...99, using: &rng))") }
            if !credit && Bool.random(using: &rng) { lines.append(pick(l.terms, &rng)) }
        case "receipt":
            let title = pick(l.receiptTitles, &rng)
            if !title.isEmpty { lines.append(title) }
            lines.append("\(date(l, &rng)) \(Int.random(in: 7...22, using: &rng)):\(String(format: "%02d", Int.random(in: 0...59, using: &rng)))")
            let (it, sum) = items(Int.random(in: 1...5, using: &rng), l.receiptProducts, 12)
            lines += it
            lines.append("\(pick(l.total, &rng)) \(amount(sum, l)) \(c)")
            lines.append("\(pick(l.receiptWords, &rng)) \(amount(sum + Double(Int.random(in: 0...5, using: &rng)), l))")
            if Bool.random(using: &rng) { lines.append("\(pick(l.vat, &rng)) \(pick([7.0, 10, 19, 20], &rng)) % \(amount(sum * 0.16, l))") }
            if Bool.random(using: &rng) { lines.append(pick(l.receiptWords, &rng)) }
            lines.append(pick(l.thanks, &rng))
        case "purchase_order":
            lines.append(pick(l.orderTitles, &rng))
            lines.append("\(pick(l.orderNo, &rng)): PO-\(Int.random(in: 1000...99999, using: &rng))")
            lines.append("\(pick(l.date, &rng)): \(date(l, &rng))")
            lines += ["\(pick(l.deliver, &rng)):", company(&rng), "\(Int.random(in: 1...99, using: &rng)) \(pick(streets, &rng))"]
            for _ in 0..<Int.random(in: 1...5, using: &rng) { lines.append("\(Int.random(in: 1...100, using: &rng)) × \(pick(l.products, &rng))") }
            if Bool.random(using: &rng) { lines.append("\(pick(l.total, &rng)): \(amount(Double.random(in: 50...5000, using: &rng), l)) \(c)") }
        case "contract":
            lines.append(pick(l.contractTitles, &rng))
            let clauses = l.contractClauses.shuffled(using: &rng).prefix(Int.random(in: 4...l.contractClauses.count, using: &rng))
            for cl in clauses { lines.append(cl) }
            lines += [company(&rng), company(&rng), date(l, &rng)]
        case "letter":
            lines.append(date(l, &rng))
            lines.append(pick(l.greetings, &rng))
            for _ in 0..<Int.random(in: 1...3, using: &rng) { lines.append(pick(l.letterBodies, &rng)) }
            lines.append(pick(l.closings, &rng))
            lines.append(company(&rng))
        default:
            lines = Bool.random(using: &rng) ? header(l, &rng) : []
            lines.append(pick(l.otherTexts, &rng))
            for _ in 0..<Int.random(in: 2...8, using: &rng) {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: lines.append(pick(l.otherTexts, &rng))
                case 1: lines.append("\(pick(l.products, &rng)) \(Int.random(in: 1...500, using: &rng))")
                case 2: lines.append(pick(l.letterBodies, &rng))
                default: lines.append("\(Int.random(in: 1...20, using: &rng)). \(pick(l.otherTexts, &rng)) \(date(l, &rng))")
                }
            }
        }
        // Some documents are only a stub: the letterhead, the title, the number and the total.
        if ["invoice", "credit_note", "receipt", "purchase_order"].contains(label), Int.random(in: 0..<5, using: &rng) == 0 {
            let totals = lines.filter { line in l.total.contains { line.hasPrefix($0) } }
            lines = Array(lines.prefix(Int.random(in: 4...6, using: &rng))) + totals.suffix(1)
            return lines.joined(separator: "\n")
        }
        // Real documents carry much besides their core: footers, legal lines, marketing, contact
        // details, notes. Every type gets some, so that length and boilerplate do not mean "other".
        if label != "other" {
            for _ in 0..<Int.random(in: 0...6, using: &rng) { lines.insert(filler(l, &rng), at: Int.random(in: min(3, lines.count)...lines.count, using: &rng)) }
        }
        // Layout variety: drop a line now and then, and a blank line here and there.
        if lines.count > 6, Int.random(in: 0..<3, using: &rng) == 0 { lines.remove(at: Int.random(in: 3..<lines.count, using: &rng)) }
        return lines.joined(separator: "\n")
    }

    /// Boilerplate lines. Every id, number and name in them is generated here (a shape such as
    /// "4 letters + 4 digits"), never taken from a real document: generated training data must not
    /// carry the evaluation documents' text.
    static let fillerTexts = [
        "www.example.com", "info@example.com", "Registered office: London", "Terms and conditions apply", "Please keep this document for your records",
        "All prices in EUR", "Returns policy: 30 days with the original packing", "This document was generated automatically", "Bankverbindung Sparkasse",
        "Follow us on social media", "Opening hours Mon–Fri 9–18", "Service period 01.05.–31.05.", "Incoterm DPU", "Printed on recycled paper",
        "Page 1 of 2", "Seite 1 von 1", "Page 1/1", "Geschäftsführer: Anna Beispiel", "Capital social 10 000 €",
    ]

    static func digits(_ n: Int, _ rng: inout SeededGenerator) -> String {
        String((0..<n).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
    }

    static func letters(_ n: Int, _ rng: inout SeededGenerator) -> String {
        String((0..<n).map { _ in Character(UnicodeScalar(UInt8(Int.random(in: 65...90, using: &rng)))) })
    }

    /// A boilerplate line: fixed text, or an id line with a generated value of a usual shape.
    static func fillerLine(_ rng: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<18, using: &rng) {
        case 0: return "Tel. +\(Int.random(in: 30...49, using: &rng)) \(Int.random(in: 20...99, using: &rng)) \(digits(7, &rng))"
        case 1: return "Phone: (\(digits(3, &rng))) \(digits(3, &rng))-\(digits(4, &rng))"
        case 2: return "Company No. \(digits(8, &rng))"
        case 3: return "Amtsgericht \(pick(["München", "Köln", "Berlin", "Hamburg"], &rng)) HRB \(digits(5, &rng))"
        case 4: return "KvK \(digits(8, &rng))"
        case 5: return "RCS \(pick(["Lyon", "Paris", "Lille"], &rng)) B \(digits(3, &rng)) \(digits(3, &rng)) \(digits(3, &rng))"
        case 6: return "Customer No. \(digits(Int.random(in: 5...7, using: &rng), &rng))"
        case 7: return "Kundennummer \(digits(7, &rng))"
        case 8: return "Order ID \(letters(2, &rng))\(digits(18, &rng))"
        case 9: return "Account number \(digits(12, &rng))"
        case 10: return "Contract No. \(letters(3, &rng))\(digits(5, &rng))"
        case 11: return "Reference \(digits(12, &rng))"
        case 12: return "Customer care \(digits(4, &rng)) \(digits(3, &rng)) \(digits(4, &rng))"
        case 13: return "GSTIN \(digits(2, &rng))\(letters(5, &rng))\(digits(4, &rng))\(letters(1, &rng))\(digits(1, &rng))Z\(letters(1, &rng))"
        case 14: return "Booking ID \(letters(4, &rng))\(digits(4, &rng))"
        case 15: return "Check in \(Int.random(in: 1...28, using: &rng))/\(Int.random(in: 1...12, using: &rng))/20\(Int.random(in: 15...26, using: &rng))"
        case 16: return "Guest name: \(pick(["Anna", "Ravi", "Lea", "Tom", "Mia", "Omar"], &rng))"
        default: return pick(fillerTexts, &rng)
        }
    }

    static func filler(_ l: Lang, _ rng: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return fillerLine(&rng)
        case 1: return "\(Int.random(in: 1...200, using: &rng)) \(pick(streets, &rng)), \(pick(cities, &rng))"
        case 2: return pick(l.terms + l.thanks, &rng)
        default: return fillerLine(&rng) + "   " + fillerLine(&rng)
        }
    }

    /// OCR-like noise: a few characters swapped for look-alikes or dropped.
    static func noisy(_ s: String, rate: Double, _ rng: inout SeededGenerator) -> String {
        let swaps: [Character: Character] = ["o": "0", "0": "O", "l": "1", "1": "l", "e": "c", "a": "o", "i": "l", "5": "S", "8": "B", "u": "v"]
        return String(s.compactMap { ch -> Character? in
            guard Double.random(in: 0..<1, using: &rng) < rate else { return ch }
            if let r = swaps[ch] { return r }
            return Bool.random(using: &rng) ? nil : ch
        })
    }
}
