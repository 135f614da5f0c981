"""Made-up born-digital invoices for the drop-to-done benchmark: one-page PDFs with a text layer
(Helvetica, uncompressed), each with its own number, dates, lines and totals, from a few made-up
sellers whose VAT ids and IBANs have valid check digits, so that a document can go straight through.
Nothing here comes from a real invoice."""

import random

SELLERS = [
    ("Beispiel Bürobedarf GmbH", "Musterstraße 12", "10115 Berlin", "DE", "12345678"),
    ("Contoh Werkzeuge AG", "Hauptweg 7", "80331 München", "DE", "23456789"),
    ("Exemple Fournitures GmbH", "Am Markt 3", "50667 Köln", "DE", "34567891"),
    ("Muster Papier KG", "Ringstraße 40", "20095 Hamburg", "DE", "45678912"),
]
ITEMS = ["Kopierpapier A4, 500 Blatt", "Ordner breit, blau", "Kugelschreiber, 10 Stück",
         "Toner schwarz", "Haftnotizen gelb", "Druckerwartung (Stunden)", "Versandkarton groß"]


def de_vat_id(eight):
    """A German VAT id (DE + 9 digits) whose last digit is the ISO 7064 MOD 11,10 check digit."""
    product = 10
    for ch in eight:
        total = (int(ch) + product) % 10 or 10
        product = (2 * total) % 11
    check = (11 - product) % 10
    return f"DE{eight}{check}"


def de_iban(bank, account):
    """A German IBAN (bank code 8 digits, account 10 digits) with valid mod-97 check digits."""
    bban = f"{bank}{account:010d}"
    number = int(bban + "131400")  # D=13, E=14, check digits 00
    return f"DE{98 - number % 97:02d}{bban}"


def money(x):
    whole, cents = f"{x:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:]); whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + "," + cents


def pdf_text(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")


def invoice_pdf(n, seed=0):
    """The n-th made-up invoice as PDF bytes."""
    rnd = random.Random(seed * 1_000_003 + n)
    name, street, city, _, eight = SELLERS[n % len(SELLERS)]
    vat = de_vat_id(eight)
    iban = de_iban(f"{10010010 + 1000 * (n % len(SELLERS))}", 4000000 + (n % len(SELLERS)))
    day = 1 + n % 28
    issue, due = f"{day:02d}.11.2026", f"{day:02d}.12.2026"
    lines, net = [], 0.0
    for _ in range(rnd.randint(1, 5)):
        qty, price = rnd.randint(1, 9), rnd.randint(150, 9000) / 100
        amount = round(qty * price, 2)
        net += amount
        lines.append((rnd.choice(ITEMS), qty, price, amount))
    net = round(net, 2)
    tax = round(net * 0.19, 2)
    total = round(net + tax, 2)
    texts = [(50, 790, 14, name), (50, 774, 10, f"{street}, {city}"), (50, 760, 10, f"USt-IdNr.: {vat}"),
             (50, 700, 10, "Nordlicht Handel GmbH"), (50, 686, 10, "Lindenweg 1, 01067 Dresden"),
             (50, 630, 16, "Rechnung"),
             (50, 606, 10, f"Rechnungsnummer: RE-{seed:02d}-{n:07d}"), (50, 592, 10, f"Rechnungsdatum: {issue}"),
             (50, 578, 10, f"Fällig am: {due}"),
             (50, 540, 10, "Pos."), (90, 540, 10, "Beschreibung"), (330, 540, 10, "Menge"),
             (400, 540, 10, "Einzelpreis"), (490, 540, 10, "Betrag")]
    y = 522
    for i, (what, qty, price, amount) in enumerate(lines, 1):
        texts += [(50, y, 10, str(i)), (90, y, 10, what), (330, y, 10, str(qty)),
                  (400, y, 10, money(price)), (490, y, 10, money(amount))]
        y -= 16
    y -= 20
    texts += [(330, y, 10, "Nettobetrag"), (490, y, 10, f"{money(net)} EUR"),
              (330, y - 16, 10, "USt. 19 %"), (490, y - 16, 10, f"{money(tax)} EUR"),
              (330, y - 34, 11, "Gesamtbetrag"), (490, y - 34, 11, f"{money(total)} EUR"),
              (50, 120, 9, f"Zahlbar bis {due} ohne Abzug."),
              (50, 106, 9, f"Bankverbindung: IBAN {' '.join(iban[i:i + 4] for i in range(0, len(iban), 4))}")]
    stream = b"".join(b"BT /F1 %d Tf %d %d Td (" % (size, x, y) + pdf_text(t) + b") Tj ET\n"
                      for x, y, size, t in texts)
    return one_page_pdf(stream), dict(number=f"RE-{seed:02d}-{n:07d}", total=total, vendor=name, vat=vat, iban=iban)


def one_page_pdf(stream):
    """A one-page A4 PDF whose content stream (uncompressed) is `stream`, with Helvetica as /F1."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out)); out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


if __name__ == "__main__":
    import sys
    data, truth = invoice_pdf(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    sys.stdout.buffer.write(data)
    print(truth, file=sys.stderr)
