#!/usr/bin/env python3
"""Invoices in layouts the field rules were never written against, for `quire bench fields`.

Writes DIR/manifest.csv (the columns `quire bench fields --corpus` reads from a real e-invoice
corpus) and one PDF per invoice, printed by headless Chromium from HTML. Every name, number and
address is made up here, at random from a seed; nothing comes from a development document. The
layouts imitate conventions of common invoicing software and office templates in Germany and
France (sender line above the address window, key/value blocks, totals tables, payment-terms
sentences, three-column footers, multi-page tables, credit notes), so that a rule that only holds
for the development corpora shows up as a miss here.

    python3 Benchmarks/fields/unseen_layouts.py OUT_DIR [--count N] [--seed S] [--only LAYOUT,...] [--font FAMILY] [--font-size PT]
    quire bench fields --corpus OUT_DIR --misses

Once the rules have been changed to pass a layout, it is no longer held out: write a new layout (and
measure it once before changing anything) to check generalisation again. docs/benchmarks.md records
which layouts were held out and what they scored; `rounds.py` beside this file generates and measures every round of that
table at once.
"""
import argparse
import csv
import datetime as dt
import html
import os
import random
import subprocess
import sys
import tempfile

SYL = ["ber", "lin", "tal", "mar", "ko", "ven", "sta", "rin", "dor", "fel", "gan", "wald", "ro", "sen", "tec", "mon", "lux", "par", "ell", "vi",
       "nor", "alp", "quer", "zen", "bau", "holz", "sol", "mer", "tri", "ka"]
DE_FORMS = ["GmbH", "AG", "e.K.", "UG (haftungsbeschränkt)", "GmbH & Co. KG", "KG", "OHG"]
FR_FORMS = ["SARL", "SAS", "SA", "EURL", "SASU"]
DE_STREETS = ["Hauptstraße", "Bahnhofstr.", "Industriestraße", "Am Markt", "Lindenallee", "Gewerbering", "Schillerstraße", "Kirchweg"]
FR_STREETS = ["rue des Lilas", "avenue de la République", "boulevard Victor Hugo", "rue du Moulin", "chemin des Vignes", "place de la Gare"]
DE_CITIES = ["Musterstadt", "Neuhausen", "Bergheim", "Altdorf", "Waldkirch", "Rosental", "Seefeld"]
FR_CITIES = ["Villeneuve", "Beaumont", "Saint-Martin", "Montreuil-sur-Loire", "Bellerive", "Clairval"]
FIRST = ["Anna", "Jonas", "Marie", "Lukas", "Sophie", "Paul", "Claire", "Louis", "Julie", "Hugo", "Lena", "Felix"]
LAST = ["Berger", "Keller", "Martin", "Durand", "Lefèvre", "Schmitt", "Wagner", "Moreau", "Roux", "Hoffmann", "Fontaine", "Krüger"]
DE_ITEMS = ["Wartung Heizungsanlage", "Montage Fenster", "Beratungsleistung", "Softwarelizenz (Jahr)", "Druckerpatrone schwarz", "Kabelkanal 2 m",
            "Arbeitszeit Geselle", "Anfahrtspauschale", "Schulung vor Ort", "Bürostuhl ergonomisch", "Schrauben-Set", "Hosting Paket M"]
FR_ITEMS = ["Prestation de conseil", "Maintenance annuelle", "Licence logicielle", "Formation sur site", "Déplacement", "Cartouche d'encre",
            "Installation réseau", "Abonnement hébergement", "Fournitures de bureau", "Main d'œuvre", "Câble réseau 5 m", "Audit sécurité"]


def name(r, forms):
    words = [(r.choice(SYL) + r.choice(SYL)).capitalize() for _ in range(r.choice([1, 1, 2]))]
    if r.random() < 0.3:
        words.append(r.choice(["Technik", "Service", "Solutions", "Handel", "Bau", "Conseil", "Distribution", "Logistik"]))
    return " ".join(words) + " " + r.choice(forms)


def de_vat(r):
    digits = [r.randint(1, 9)] + [r.randint(0, 9) for _ in range(7)]
    product = 10
    for d in digits:
        s = (d + product) % 10 or 10
        product = (2 * s) % 11
    check = (11 - product) % 10
    return "DE" + "".join(map(str, digits)) + str(check)


def at_vat(r):
    digits = [r.randint(0, 9) for _ in range(7)]
    total = 0
    for i, d in enumerate(digits):
        if i % 2 == 1:
            d *= 2
            d = d // 10 + d % 10
        total += d
    return "ATU" + "".join(map(str, digits)) + str((96 - total) % 10)


def nl_vat(r):
    while True:
        d = [r.randint(0, 9) for _ in range(8)]
        c = sum(x * w for x, w in zip(d, [9, 8, 7, 6, 5, 4, 3, 2])) % 11
        if c < 10:
            return "NL" + "".join(map(str, d)) + str(c) + "B01"


def be_vat(r):
    body = "0" + str(r.randint(2000000, 9999999))
    return "BE" + body + "%02d" % (97 - int(body) % 97)


def ie_vat(r):
    d = [r.randint(0, 9) for _ in range(7)]
    c = sum(x * w for x, w in zip(d, [8, 7, 6, 5, 4, 3, 2])) % 23
    return "IE" + "".join(map(str, d)) + "WABCDEFGHIJKLMNOPQRSTUV"[c]


def be_structured(r):
    n = r.randint(10 ** 9, 10 ** 10 - 1)
    c = n % 97 or 97
    s = f"{n:010d}{c:02d}"
    return f"+++{s[:3]}/{s[3:7]}/{s[7:]}+++"


def luhn_complete(body):
    for c in range(10):
        digits = [int(x) for x in body + str(c)]
        total = 0
        for i, d in enumerate(reversed(digits)):
            if i % 2 == 1:
                d *= 2
                d -= 9 if d > 9 else 0
            total += d
        if total % 10 == 0:
            return body + str(c)


def fr_siren(r):
    return luhn_complete("".join(str(r.randint(0, 9)) for _ in range(8)))


def fr_vat(siren):
    return "FR%02d%s" % ((12 + 3 * (int(siren) % 97)) % 97, siren)


def iban(r, country):
    if country == "DE":
        bban = "".join(str(r.randint(0, 9)) for _ in range(18))
    elif country == "AT":
        bban = "".join(str(r.randint(0, 9)) for _ in range(16))
    elif country == "NL":
        bban = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + "".join(str(r.randint(0, 9)) for _ in range(10))
    elif country == "IE":
        bban = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + "".join(str(r.randint(0, 9)) for _ in range(14))
    elif country == "CH":
        bban = "".join(str(r.randint(0, 9)) for _ in range(17))
    elif country == "BE":
        body = "".join(str(r.randint(0, 9)) for _ in range(10))
        bban = body + "%02d" % (int(body) % 97 or 97)
    else:
        bban = "".join(str(r.randint(0, 9)) for _ in range(21)) + "%02d" % r.randint(0, 99)
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return country + "%02d" % (98 - int(numeric) % 97) + bban


def grouped(s, n=4):
    return " ".join(s[i:i + n] for i in range(0, len(s), n))


def money(x, lang, symbol=True, style=None):
    s = f"{x:,.2f}"
    if lang == "de":
        s = s.replace(",", "X").replace(".", ",").replace("X", ".")
    else:
        s = s.replace(",", "\u202f").replace(".", ",")
    if style == "nosep":
        s = s.replace(".", "").replace("\u202f", "")
    return (s + " €") if symbol else s


def date(d, fmt):
    if fmt == "de":
        return d.strftime("%d.%m.%Y")
    if fmt == "fr":
        return d.strftime("%d/%m/%Y")
    if fmt == "iso":
        return d.isoformat()
    if fmt == "de_long":
        months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
        return f"{d.day}. {months[d.month - 1]} {d.year}"
    if fmt == "fr_long":
        months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        return f"{d.day} {months[d.month - 1]} {d.year}"
    raise ValueError(fmt)


class Invoice:
    def __init__(self, r, lang, credit=False, lines=None):
        self.lang = lang
        self.credit = credit
        de = lang == "de"
        self.seller = name(r, DE_FORMS if de else FR_FORMS)
        self.buyer = name(r, DE_FORMS if de else FR_FORMS)
        self.street = f"{r.choice(DE_STREETS)} {r.randint(1, 120)}" if de else f"{r.randint(1, 120)} {r.choice(FR_STREETS)}"
        self.city = f"{r.randint(10000, 99999)} {r.choice(DE_CITIES if de else FR_CITIES)}"
        self.bstreet = f"{r.choice(DE_STREETS)} {r.randint(1, 120)}" if de else f"{r.randint(1, 120)} {r.choice(FR_STREETS)}"
        self.bcity = f"{r.randint(10000, 99999)} {r.choice(DE_CITIES if de else FR_CITIES)}"
        self.contact = f"{r.choice(FIRST)} {r.choice(LAST)}"
        self.siren = fr_siren(r)
        self.vat = de_vat(r) if de else fr_vat(self.siren)
        self.buyer_vat = de_vat(r) if de else fr_vat(fr_siren(r))
        self.iban = iban(r, "DE" if de else "FR")
        self.bic = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + ("DE" if de else "FR") + "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(2))
        self.issue = dt.date(2025, 1, 1) + dt.timedelta(days=r.randint(0, 600))
        self.delivery = self.issue - dt.timedelta(days=r.randint(0, 10))
        self.days = r.choice([10, 14, 30, 30, 45])
        self.due = self.issue + dt.timedelta(days=self.days)
        self.order_date = self.issue - dt.timedelta(days=r.randint(5, 40))
        self.order = f"{r.choice(['PO', 'B', 'BE', '4500'])}{r.randint(10000, 99999)}"
        self.customer = str(r.randint(10000, 99999))
        self.rate = 19.0 if de else 20.0
        if de and r.random() < 0.2:
            self.rate = 7.0
        items = DE_ITEMS if de else FR_ITEMS
        self.lines = []
        for _ in range(lines or r.randint(1, 6)):
            q = r.choice([1, 1, 2, 3, 5, 10, 0.5, 1.5, 12])
            p = round(r.uniform(4, 900), 2)
            self.lines.append((r.choice(items), q, p, round(q * p, 2)))
        self.net = round(sum(l[3] for l in self.lines), 2)
        self.tax = round(self.net * self.rate / 100, 2)
        self.total = round(self.net + self.tax, 2)

    def exempt_from_vat(self, seller):
        """A small business that charges no VAT and has no VAT id: the total is the net. Returns the seller's name."""
        self.tax, self.total, self.vat, self.seller = 0.0, self.net, "", seller
        return seller

    def row(self, file, style, number):
        return {"file": file, "type_code": getattr(self, "type_code", "381" if self.credit else "380"), "invoice_number": number,
                "issue_date": self.issue.strftime("%Y%m%d"), "due_date": self.due.strftime("%Y%m%d") if self.due else "",
                "seller_name": self.seller, "seller_vat_id_va": self.vat, "currency": getattr(self, "currency", "EUR"), "net_total": f"{self.net:.2f}",
                "tax_total": f"{self.tax:.2f}", "grand_total": f"{self.total:.2f}", "iban": self.iban if self.show_iban else "",
                "source_repo": style}


CSS = """
@page { size: A4; margin: 18mm 18mm 22mm 22mm; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif; font-size: 9.5pt; color: #222; }
table { border-collapse: collapse; }
td, th { padding: 2px 6px; vertical-align: top; }
.r { text-align: right; } .small { font-size: 7.5pt; color: #555; } .big { font-size: 18pt; font-weight: bold; }
.items th { border-bottom: 1px solid #333; text-align: left; } .items td { border-bottom: 1px solid #ddd; }
.footer { position: fixed; bottom: 0; left: 0; right: 0; font-size: 7pt; color: #444; border-top: 1px solid #999; padding-top: 3px; }
.footer td { width: 33%; }
.grey { background: #eee; }
"""


def page(body, footer=""):
    return f"<!doctype html><html><head><meta charset='utf-8'><style>{CSS}</style></head><body>{body}{footer}</body></html>"


def e(s):
    return html.escape(str(s))


def items_table(inv, headers, lang, qty_fmt=lambda q: f"{q:g}".replace(".", ","), extra_unit=None, pos=True):
    rows = "".join(
        "<tr>" + (f"<td>{i + 1}</td>" if pos else "") + f"<td>{e(d)}</td><td class=r>{qty_fmt(q)}</td>" + (f"<td>{extra_unit}</td>" if extra_unit else "")
        + f"<td class=r>{money(p, lang)}</td><td class=r>{money(a, lang)}</td></tr>"
        for i, (d, q, p, a) in enumerate(inv.lines))
    head = "".join(f"<th{' class=r' if h.startswith('>') else ''}>{e(h.lstrip('>'))}</th>" for h in headers)
    return f"<table class=items width='100%'><tr>{head}</tr>{rows}</table>"


def footer3(inv, lang, extra=""):
    de = lang == "de"
    a = f"{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}"
    b = (f"{'Bankverbindung' if de else 'Banque'}<br>IBAN: {grouped(inv.iban)}<br>BIC: {inv.bic}") if inv.show_iban else ""
    c = (f"Geschäftsführer: {e(inv.contact)}<br>Amtsgericht {e(inv.city.split()[1])} HRB {inv.customer}<br>USt-IdNr.: {inv.vat}" if de else
         f"SIREN {inv.siren} – RCS {e(inv.city.split(' ', 1)[1])}<br>N° TVA intracom. : {inv.vat}<br>Capital social 10 000 €")
    return f"<div class=footer><table width='100%'><tr><td>{a}</td><td>{b}</td><td>{c}{extra}</td></tr></table></div>"


# ---- layouts ------------------------------------------------------------------------------------

def de_window(r, inv):
    """German letter layout: sender line above the address window, info block on the right, totals table."""
    number = f"RE-{inv.issue.year}-{r.randint(1, 9999):04d}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    info = [(f"{kind}snr." if not inv.credit else "Gutschriftsnr.", number), (f"{kind}sdatum", date(inv.issue, "de")),
            ("Lieferdatum", date(inv.delivery, "de")), ("Kundennr.", inv.customer), ("Ihre Bestellung", f"{inv.order} vom {date(inv.order_date, 'de')}"),
            ("Ansprechpartner", inv.contact)]
    info_html = "".join(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in info)
    terms = (f"Bitte überweisen Sie den Rechnungsbetrag ohne Abzug bis zum {date(inv.due, 'de')} auf das unten genannte Konto."
             if r.random() < 0.5 else f"Zahlungsziel: {inv.days} Tage netto ({date(inv.due, 'de')}).")
    if inv.credit:
        terms = f"Der Betrag wird Ihnen bis zum {date(inv.due, 'de')} gutgeschrieben. Bezug: Rechnung RE-{inv.issue.year}-{r.randint(1, 9999):04d}."
    body = f"""
<div class=small><u>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</u></div>
<table width='100%'><tr><td>{e(inv.buyer)}<br>z. Hd. {e(r.choice(FIRST))} {e(r.choice(LAST))}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r><table style='float:right'>{info_html}</table></td></tr></table>
<br><br><div class=big>{kind} {e(number)}</div>
<p>Sehr geehrte Damen und Herren,<br>{'wir schreiben Ihnen folgende Positionen gut:' if inv.credit else 'vielen Dank für Ihren Auftrag. Wir berechnen Ihnen folgende Leistungen:'}</p>
{items_table(inv, ['Pos.', 'Bezeichnung', '>Menge', 'Einheit', '>Einzelpreis', '>Gesamtpreis'], 'de', extra_unit='Stk.')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Gesamtbetrag netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Gesamtbetrag brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>{e(terms)}</p><p>Mit freundlichen Grüßen<br>{e(inv.contact)}</p>"""
    return number, page(body, footer3(inv, "de"))


def de_keyvalue(r, inv):
    """An office template: 'Rechnung' title, key: value lines on the left, MwSt. line, totals as text lines."""
    number = str(r.randint(1000, 99999))
    kind = "Gutschrift" if inv.credit else "Rechnung"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}, {e(inv.city)}<br>Tel. 0{r.randint(100, 999)} {r.randint(100000, 999999)}</td></tr></table>
<br><p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<p style='text-align:right'>{e(inv.city.split()[1])}, den {date(inv.issue, 'de_long')}</p>
<h2>{kind}</h2>
<p>{kind}s-Nr.: {e(number)}<br>Kunden-Nr.: {inv.customer}<br>Leistungszeitraum: {date(inv.delivery - dt.timedelta(days=30), 'de')} – {date(inv.delivery, 'de')}</p>
{items_table(inv, ['Nr.', 'Artikel', '>Anzahl', '>Preis', '>Betrag'], 'de')}
<p style='text-align:right'>Summe netto: {money(inv.net, 'de')}<br>{inv.rate:g}% MwSt.: {money(inv.tax, 'de')}<br><b>Rechnungsbetrag: {money(inv.total, 'de')}</b></p>
<p>Zahlbar bis {date(inv.due, 'de')} ohne Abzug.{' Bitte überweisen Sie auf: IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic + '.' if inv.show_iban else ''}</p>
<p class=small>Steuernummer {r.randint(10, 99)}/{r.randint(100, 999)}/{r.randint(10000, 99999)} · USt-IdNr. {inv.vat}</p>"""
    return number, page(body)


def de_english(r, inv):
    """A German company's English invoice: header band, meta table with 'Invoice no.', 'Subtotal / VAT / Total due'."""
    number = f"INV{inv.issue.year % 100:02d}{r.randint(1000, 9999)}"
    kind = "Credit note" if inv.credit else "Invoice"
    body = f"""
<table width='100%' class=grey><tr><td><div class=big>{e(inv.seller)}</div></td><td class=r>{e(inv.street)}<br>{e(inv.city)}<br>Germany</td></tr></table>
<br><table width='100%'><tr><td><b>Bill to</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>VAT ID {inv.buyer_vat}</td>
<td class=r><table style='float:right'><tr><td>{kind} no.</td><td>{e(number)}</td></tr><tr><td>{kind} date</td><td>{date(inv.issue, 'iso')}</td></tr>
<tr><td>Due date</td><td>{date(inv.due, 'iso')}</td></tr><tr><td>Customer no.</td><td>{inv.customer}</td></tr><tr><td>PO number</td><td>{inv.order}</td></tr></table></td></tr></table>
<h2>{kind}</h2>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Unit price</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>EUR {p:,.2f}</td><td class=r>EUR {a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Subtotal</td><td class=r>EUR {inv.net:,.2f}</td></tr>
<tr><td>VAT {inv.rate:g}%</td><td class=r>EUR {inv.tax:,.2f}</td></tr><tr><td><b>Total due</b></td><td class=r><b>EUR {inv.total:,.2f}</b></td></tr></table>
<p>Payment terms: {inv.days} days net. Please quote the invoice number with your payment.</p>"""
    foot = f"<div class=footer>{e(inv.seller)} · VAT ID {inv.vat}" + (f" · IBAN {grouped(inv.iban)} · BIC {inv.bic}" if inv.show_iban else "") + "</div>"
    return number, page(body, foot)


def fr_odoo(r, inv):
    """French ERP layout: 'Facture FAC/2025/00012', a dates row, taxes column, 'Montant hors taxes / TVA 20 % / Total'."""
    number = f"FAC/{inv.issue.year}/{r.randint(1, 99999):05d}"
    if inv.credit:
        number = f"AV/{inv.issue.year}/{r.randint(1, 9999):05d}"
    kind = "Avoir" if inv.credit else "Facture"
    body = f"""
<table width='100%'><tr><td><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>France</td>
<td style='padding-left:80px'><br><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>France<br>TVA : {inv.buyer_vat}</td></tr></table>
<h2>{kind} {e(number)}</h2>
<table width='100%'><tr><td><b>Date de facturation :</b><br>{date(inv.issue, 'fr')}</td><td><b>Date d'échéance :</b><br>{date(inv.due, 'fr')}</td>
<td><b>Origine :</b><br>S{r.randint(10000, 99999)}</td><td><b>Référence client :</b><br>{inv.order}</td></tr></table><br>
<table class=items width='100%'><tr><th>Description</th><th class=r>Quantité</th><th class=r>Prix unitaire</th><th class=r>Taxes</th><th class=r>Montant</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g} Unité(s)</td><td class=r>{money(p, 'fr', False)}</td><td class=r>TVA {inv.rate:g}%</td><td class=r>{money(a, 'fr')}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px; width:45%'><tr><td><b>Montant hors taxes</b></td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g}%</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Veuillez utiliser la communication suivante pour votre paiement : <b>{e(number)}</b></p>
<p>Conditions de paiement : {inv.days} jours</p>"""
    foot = (f"<div class=footer style='text-align:center'>{e(inv.seller)} – {e(inv.street)} {e(inv.city)} – SIRET {inv.siren}{r.randint(10000, 99999)} – "
            f"TVA {inv.vat}" + (f"<br>IBAN {grouped(inv.iban)} – BIC {inv.bic}" if inv.show_iban else "") + "</div>")
    return number, page(body, foot)


def fr_classic(r, inv):
    """A French small-business template: 'FACTURE N° F-2025-118', 'Total HT / TVA (20 %) / Total TTC / Net à payer', penalties text."""
    number = f"F-{inv.issue.year}-{r.randint(1, 999):03d}"
    kind = "AVOIR" if inv.credit else "FACTURE"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}<br>contact@{e(inv.seller.split()[0].lower())}.fr</td>
<td class=r><div class=big>{kind}</div>N° {e(number)}<br>Date d'émission : {date(inv.issue, 'fr')}<br>Date de la prestation : {date(inv.delivery, 'fr')}</td></tr></table><br>
<table width='100%'><tr><td></td><td style='border:1px solid #999; width:45%'><b>Client</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
{items_table(inv, ['Désignation', '>Qté', '>P.U. HT', '>Total HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px; border:1px solid #999'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA ({inv.rate:g} %)</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td>Total TTC</td><td class=r>{money(inv.total, 'fr')}</td></tr>
<tr class=grey><td><b>Net à payer</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Échéance : {date(inv.due, 'fr_long')}. Mode de règlement : virement{' sur le compte IBAN ' + grouped(inv.iban) + ' (BIC ' + inv.bic + ')' if inv.show_iban else ''}.</p>
<p class=small>En cas de retard de paiement, une pénalité égale à 3 fois le taux d'intérêt légal sera exigible, ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 €.
Pas d'escompte pour paiement anticipé.</p>"""
    foot = f"<div class=footer>{e(inv.seller)} au capital de {r.choice([1000, 5000, 10000, 50000])} € – SIREN {inv.siren} – N° TVA {inv.vat}</div>"
    return number, page(body, foot)


def de_multipage(r, inv):
    """A long German invoice: the item table runs over pages with 'Übertrag', the totals on the last page."""
    number = f"{inv.issue.year}{r.randint(10000, 99999)}"
    rows = []
    running = 0.0
    for i, (d, q, p, a) in enumerate(inv.lines):
        running += a
        rows.append(f"<tr><td>{i + 1}</td><td>{e(d)}<br><span class=small>Art.-Nr. {r.randint(100000, 999999)}</span></td><td class=r>{q:g}</td>"
                    f"<td class=r>{money(p, 'de', False)}</td><td class=r>{money(a, 'de', False)}</td></tr>")
        if i % 22 == 21 and i + 1 < len(inv.lines):
            rows.append(f"<tr><td></td><td><i>Übertrag</i></td><td></td><td></td><td class=r><i>{money(running, 'de', False)}</i></td></tr>"
                        "</table><div style='page-break-after:always'></div><table class=items width='100%'>"
                        f"<tr><td></td><td><i>Übertrag</i></td><td></td><td></td><td class=r><i>{money(running, 'de', False)}</i></td></tr>")
    body = f"""
<div class=small>{e(inv.seller)} | {e(inv.street)} | {e(inv.city)}</div><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Rechnung Nr.: {number}<br>Datum: {date(inv.issue, 'de')}<br>Kunde: {inv.customer}<br>Auftrag: {inv.order} vom {date(inv.order_date, 'de')}</td></tr></table>
<h2>Rechnung</h2>
<table class=items width='100%'><tr><th>Pos</th><th>Artikel</th><th class=r>Menge</th><th class=r>Preis EUR</th><th class=r>Betrag EUR</th></tr>
{''.join(rows)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Warenwert</td><td class=r>{money(inv.net, 'de', False)}</td></tr>
<tr><td>MwSt. {inv.rate:g}% auf {money(inv.net, 'de', False)}</td><td class=r>{money(inv.tax, 'de', False)}</td></tr>
<tr><td><b>Endbetrag EUR</b></td><td class=r><b>{money(inv.total, 'de', False)}</b></td></tr></table>
<p>Fällig am {date(inv.due, 'de')} ohne Abzug. Bei Zahlung bis {date(inv.issue + dt.timedelta(days=7), 'de')} gewähren wir 2 % Skonto ({money(round(inv.total * 0.98, 2), 'de')}).</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_blocks(r, inv):
    """A French online-invoicing layout: 'Émetteur' and 'Destinataire' blocks side by side, dates written out,
    a VAT column per line, a bank-details block."""
    number = f"{inv.issue.year}-{r.randint(1, 9999):04d}"
    kind = "Avoir" if inv.credit else "Facture"
    body = f"""
<div class=big>{kind} n° {e(number)}</div>
<p>Émise le {date(inv.issue, 'fr_long')}<br>Échéance le {date(inv.due, 'fr_long')}</p>
<table width='100%'><tr><td style='width:50%'><span class=small>ÉMETTEUR</span><br><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>
SIREN : {inv.siren}<br>TVA : {inv.vat}</td>
<td><span class=small>DESTINATAIRE</span><br><b>{e(inv.buyer)}</b><br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>TVA : {inv.buyer_vat}</td></tr></table><br>
<table class=items width='100%'><tr><th>Désignation</th><th class=r>Qté</th><th class=r>Prix unit. HT</th><th class=r>TVA</th><th class=r>Total HT</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'fr')}</td><td class=r>{inv.rate:g} %</td><td class=r>{money(a, 'fr')}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
{'<p><b>Coordonnées bancaires</b><br>Titulaire : ' + e(inv.seller) + '<br>IBAN : ' + grouped(inv.iban) + '<br>BIC : ' + inv.bic + '</p>' if inv.show_iban else ''}
<p class=small>Conditions de paiement : paiement à {inv.days} jours. Indemnité forfaitaire pour frais de recouvrement : 40 €.</p>"""
    return number, page(body)


def de_columns(r, inv):
    """A German online-invoicing layout: the meta data as a row of column headings with the values under them,
    'Zwischensumme netto / Umsatzsteuer / Gesamt', a four-column footer."""
    number = str(r.randint(1000, 9999))
    kind = "Gutschrift" if inv.credit else "Rechnung"
    body = f"""
<table width='100%'><tr><td></td><td class=r><div class=big>{e(inv.seller)}</div></td></tr></table>
<div class=small>{e(inv.seller)}, {e(inv.street)}, {e(inv.city)}</div>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p><br>
<div class=big>{kind} Nr. {e(number)}</div><br>
<table width='100%'><tr><th align=left>{kind}sdatum</th><th align=left>Lieferdatum</th><th align=left>Ihre Kundennummer</th><th align=left>Ihr Ansprechpartner</th></tr>
<tr><td>{date(inv.issue, 'de')}</td><td>{date(inv.delivery, 'de')}</td><td>{inv.customer}</td><td>{e(inv.contact)}</td></tr></table><br>
{items_table(inv, ['Pos.', 'Beschreibung', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Zwischensumme netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g}%</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Gesamt</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Bitte zahlen Sie den Betrag innerhalb von {inv.days} Tagen, spätestens bis zum {date(inv.due, 'de')}.</p>"""
    foot = (f"<div class=footer><table width='100%'><tr><td>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}</td>"
            f"<td>Tel.: 0{r.randint(100, 999)} {r.randint(10000, 999999)}<br>info@{e(inv.seller.split()[0].lower())}.de</td>"
            f"<td>{'IBAN: ' + grouped(inv.iban) + '<br>BIC: ' + inv.bic if inv.show_iban else ''}</td>"
            f"<td>Steuer-Nr.: {r.randint(10, 99)}/{r.randint(100, 999)}/{r.randint(10000, 99999)}<br>USt-ID: {inv.vat}</td></tr></table></div>")
    return number, page(body, foot)


def de_two_rates(r, inv):
    """Goods at 7 % and 19 % on one invoice, with a tax breakdown per rate and 'Endbetrag'."""
    number = f"R{inv.issue.year % 100:02d}-{r.randint(100, 9999)}"
    half = max(1, len(inv.lines) // 2)
    rates = [7.0 if i < half else 19.0 for i in range(len(inv.lines))]
    nets = {7.0: round(sum(l[3] for l, t in zip(inv.lines, rates) if t == 7.0), 2), 19.0: round(sum(l[3] for l, t in zip(inv.lines, rates) if t == 19.0), 2)}
    taxes = {k: round(v * k / 100, 2) for k, v in nets.items()}
    inv.net = round(sum(nets.values()), 2)
    inv.tax = round(sum(taxes.values()), 2)
    inv.total = round(inv.net + inv.tax, 2)
    rows = "".join(f"<tr><td>{i + 1}</td><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'de', False)}</td><td class=r>{t:g} %</td><td class=r>{money(a, 'de', False)}</td></tr>"
                   for i, ((d, q, p, a), t) in enumerate(zip(inv.lines, rates)))
    breakdown = "".join(f"<tr><td>{k:g} %</td><td class=r>{money(nets[k], 'de', False)}</td><td class=r>{money(taxes[k], 'de', False)}</td><td class=r>{money(round(nets[k] + taxes[k], 2), 'de', False)}</td></tr>"
                        for k in (7.0, 19.0) if nets[k] > 0)
    body = f"""
<table width='100%'><tr><td><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}</td><td class=r>Rechnungs-Nr.: {e(number)}<br>Datum: {date(inv.issue, 'de')}<br>Kunden-Nr.: {inv.customer}</td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<h2>Rechnung</h2>
<table class=items width='100%'><tr><th>Pos</th><th>Artikel</th><th class=r>Menge</th><th class=r>Preis €</th><th class=r>USt.</th><th class=r>Betrag €</th></tr>{rows}</table><br>
<table style='margin-left:auto'><tr><th>USt.-Satz</th><th class=r>Netto</th><th class=r>USt.</th><th class=r>Brutto</th></tr>{breakdown}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Summe USt.</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Endbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar ohne Abzug bis {date(inv.due, 'de')}.</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_franchise(r, inv):
    """A French sole trader exempt from VAT: 'TVA non applicable, art. 293 B du CGI', no VAT id, total = net."""
    number = f"{inv.issue.year}{inv.issue.month:02d}-{r.randint(1, 99):02d}"
    name = inv.exempt_from_vat(f"{r.choice(FIRST)} {r.choice(LAST)}")
    body = f"""
<table width='100%'><tr><td><div class=big>{e(name)}</div>{r.choice(['Graphiste', 'Développeur web', 'Photographe', 'Consultante'])} – Entrepreneur individuel<br>
{e(inv.street)}<br>{e(inv.city)}<br>SIRET : {inv.siren} {r.randint(10000, 99999)}</td>
<td class=r>Facture N° {e(number)}<br>Date : {date(inv.issue, 'fr')}<br>Date d'échéance : {date(inv.due, 'fr')}</td></tr></table><br>
<p style='margin-left:50%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
{items_table(inv, ['Description', '>Quantité', '>Prix unitaire', '>Montant'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td><b>Total à payer</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>TVA non applicable, art. 293 B du CGI.</p>
{'<p>Règlement par virement : IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def de_viewer(r, inv):
    """An e-invoice viewer's rendering: the buyer's section before the seller's, every value after a long
    EN 16931 label ('Gesamtbetrag ohne Umsatzsteuer', 'Summe Umsatzsteuer', 'Fälliger Betrag')."""
    number = f"{r.choice(['RE', 'INV', 'R'])}{r.randint(100000, 999999)}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    def kv(rows):
        return "<table>" + "".join(f"<tr><td style='width:260px'>{e(k)}:</td><td>{e(v)}</td></tr>" for k, v in rows) + "</table>"
    body = f"""
<h2>{kind}</h2>
<h3>Übersicht</h3>
{kv([('Rechnungsnummer', number), ('Rechnungsdatum', date(inv.issue, 'de')), ('Rechnungsart', '381 Gutschrift' if inv.credit else '380 Handelsrechnung'),
     ('Währung', 'EUR'), ('Leistungsdatum', date(inv.delivery, 'de')), ('Fälligkeitsdatum', date(inv.due, 'de')), ('Käuferreferenz', inv.order)])}
<h3>Käufer</h3>
{kv([('Name', inv.buyer), ('Straße', inv.bstreet), ('PLZ und Ort', inv.bcity), ('Umsatzsteuer-ID', inv.buyer_vat)])}
<h3>Verkäufer</h3>
{kv([('Name', inv.seller), ('Straße', inv.street), ('PLZ und Ort', inv.city), ('Umsatzsteuer-ID', inv.vat), ('Kontakt', inv.contact)])}
<h3>Rechnungspositionen</h3>
{items_table(inv, ['Pos.', 'Bezeichnung', '>Menge', '>Preis', '>Nettobetrag'], 'de')}
<h3>Gesamtbeträge</h3>
{kv([('Summe aller Positionen', money(inv.net, 'de')), ('Gesamtbetrag ohne Umsatzsteuer', money(inv.net, 'de')), (f'Umsatzsteuer {inv.rate:g} %', money(inv.tax, 'de')),
     ('Summe Umsatzsteuer', money(inv.tax, 'de')), ('Gesamtbetrag einschließlich Umsatzsteuer', money(inv.total, 'de')), ('Fälliger Betrag', money(inv.total, 'de'))])}
<h3>Zahlungsinformationen</h3>
{kv(([('Zahlungsart', '58 SEPA-Überweisung'), ('IBAN', grouped(inv.iban)), ('BIC', inv.bic)] if inv.show_iban else []) + [('Zahlungsbedingungen', f'Zahlbar innerhalb {inv.days} Tagen')])}"""
    return number, page(body)


def fr_acompte(r, inv):
    """A French invoice with a deposit already paid: 'Total TTC', 'Acompte versé', 'Reste à payer'."""
    number = f"FA{inv.issue.year}{r.randint(1000, 9999)}"
    deposit = round(inv.total * r.choice([0.2, 0.3, 0.5]), 2)
    body = f"""
<table width='100%'><tr><td style='width:50%'><b>Vendeur</b><br>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}<br>N° TVA : {inv.vat}</td>
<td><b>Acheteur</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<table width='100%' class=grey><tr><td>Numéro de facture<br><b>{e(number)}</b></td><td>Date de facture<br><b>{date(inv.issue, 'fr')}</b></td>
<td>Date d'échéance<br><b>{date(inv.due, 'fr')}</b></td><td>Bon de commande<br><b>{inv.order}</b></td></tr></table><br>
{items_table(inv, ['Désignation', '>Quantité', '>PU HT', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>Total TVA ({inv.rate:g} %)</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td>Total TTC</td><td class=r>{money(inv.total, 'fr')}</td></tr>
<tr><td>Acompte versé le {date(inv.order_date, 'fr')}</td><td class=r>- {money(deposit, 'fr')}</td></tr>
<tr class=grey><td><b>Reste à payer</b></td><td class=r><b>{money(round(inv.total - deposit, 2), 'fr')}</b></td></tr></table>
{'<p>IBAN : ' + grouped(inv.iban) + '<br>BIC : ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body, footer3(inv, "fr"))


def de_abschlag(r, inv):
    """A German final invoice after part payments: the gross total, less the part invoices already paid, the amount to pay."""
    number = f"SR-{inv.issue.year}-{r.randint(100, 999)}"
    paid = [round(inv.total * f, 2) for f in r.choice([[0.3], [0.3, 0.3], [0.25, 0.25, 0.25]])]
    rest = round(inv.total - sum(paid), 2)
    rows = "".join(f"<tr><td>abzgl. {i + 1}. Abschlagsrechnung vom {date(inv.order_date + dt.timedelta(days=10 * i), 'de')}</td><td class=r>-{money(p, 'de')}</td></tr>" for i, p in enumerate(paid))
    body = f"""
<div class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</div>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Datum: {date(inv.issue, 'de')}<br>Kunden-Nr.: {inv.customer}<br>Bauvorhaben: {e(r.choice(DE_STREETS))} {r.randint(1, 60)}</td></tr></table>
<h2>Schlussrechnung Nr. {e(number)}</h2>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>EP', '>GP'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Gesamtbetrag brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr>
{rows}<tr><td><b>Zahlbetrag</b></td><td class=r><b>{money(rest, 'de')}</b></td></tr></table>
<p>Zahlbar bis {date(inv.due, 'de')} ohne Abzug.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_grid_totals(r, inv):
    """Totals as a grid: one row of headings ('Netto', 'USt. 19 %', 'Brutto'), the amounts in the row under it;
    the customer number before the invoice number in the header table."""
    number = f"{inv.issue.year % 100:02d}{r.randint(10000, 99999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div><div class=small>{e(inv.street)} · {e(inv.city)}</div></td></tr></table><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r><table style='float:right; border:1px solid #999'><tr><td>Kundennummer</td><td>{inv.customer}</td></tr><tr><td>Rechnungsnummer</td><td>{e(number)}</td></tr>
<tr><td>Rechnungsdatum</td><td>{date(inv.issue, 'de')}</td></tr><tr><td>Seite</td><td>1 von 1</td></tr></table></td></tr></table>
<h2>Rechnung</h2>
{items_table(inv, ['Pos', 'Bezeichnung', '>Menge', '>Einzelpreis', '>Betrag'], 'de')}<br>
<table width='100%' style='border:1px solid #999'><tr><th class=r>Netto</th><th class=r>USt. {inv.rate:g} %</th><th class=r>Brutto</th><th class=r>Fällig am</th></tr>
<tr><td class=r>{money(inv.net, 'de')}</td><td class=r>{money(inv.tax, 'de')}</td><td class=r><b>{money(inv.total, 'de')}</b></td><td class=r>{date(inv.due, 'de')}</td></tr></table>
<p>Vielen Dank für Ihren Auftrag.</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_rate_table(r, inv):
    """A French accounting package: a VAT table by rate ('Taux', 'Base HT', 'Montant TVA'), 'Net à payer', the bank details as a RIB."""
    number = f"{r.randint(1, 9)}{r.randint(10000, 99999)}"
    kind = "AVOIR" if inv.credit else "FACTURE"
    body = f"""
<table width='100%'><tr><td><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tél. 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}</td>
<td class=r><div class=big>{kind}</div></td></tr></table><br>
<table width='100%'><tr><td style='width:55%'><table style='border:1px solid #999'><tr><th>N° facture</th><th>Date</th><th>Code client</th><th>Échéance</th></tr>
<tr><td>{e(number)}</td><td>{date(inv.issue, 'fr')}</td><td>C{inv.customer}</td><td>{date(inv.due, 'fr')}</td></tr></table></td>
<td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>N° TVA intracom. : {inv.buyer_vat}</td></tr></table><br>
{items_table(inv, ['Désignation', '>Qté', '>P.U. HT', '>Montant HT'], 'fr', pos=False)}<br>
<table width='100%'><tr><td style='width:55%'><table style='border:1px solid #999'><tr><th>Code</th><th>Taux</th><th class=r>Base HT</th><th class=r>Montant TVA</th></tr>
<tr><td>1</td><td>{inv.rate:g} %</td><td class=r>{money(inv.net, 'fr', False)}</td><td class=r>{money(inv.tax, 'fr', False)}</td></tr></table></td>
<td><table style='margin-left:auto'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr><tr><td>Total TVA</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td>Total TTC</td><td class=r>{money(inv.total, 'fr')}</td></tr><tr class=grey><td><b>NET À PAYER</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table></td></tr></table>
{'<p>RIB : ' + e(r.choice(['Crédit Exemple', 'Banque Modèle'])) + ' – IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    foot = f"<div class=footer>{e(inv.seller)} – SAS au capital de 8 000 € – RCS {e(inv.city.split(' ', 1)[1])} {inv.siren[:3]} {inv.siren[3:6]} {inv.siren[6:]} – TVA {inv.vat}</div>"
    return number, page(body, foot)


def de_letter_inclusive(r, inv):
    """A plain letter: the number and date in the title line, an order number with its own date below, a service
    period, the gross amount with the tax it includes in a sentence (no net printed on its own)."""
    number = f"{inv.issue.year}-{r.randint(100, 999)}"
    body = f"""
<p><b>{e(inv.seller)}</b> · {e(inv.street)} · {e(inv.city)}</p><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p><br>
<h3>Rechnung Nr. {e(number)} vom {date(inv.issue, 'de')}</h3>
<p>Ihre Bestellung Nr. {inv.order} vom {date(inv.order_date, 'de')}<br>
Leistungszeitraum: {date(inv.delivery - dt.timedelta(days=27), 'de')} bis {date(inv.delivery, 'de')}</p>
<p>Sehr geehrte Damen und Herren,</p><p>für die oben genannten Leistungen berechnen wir Ihnen:</p>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>Einzelpreis netto', '>Gesamt netto'], 'de')}
<p style='text-align:right'>Nettobetrag: {money(inv.net, 'de')}<br>
Rechnungsbetrag: <b>{money(inv.total, 'de')}</b> (inkl. {inv.rate:g} % USt. in Höhe von {money(inv.tax, 'de')})</p>
<p>Der Rechnungsbetrag ist bis zum {date(inv.due, 'de')} ohne Abzug fällig.</p>
<p>Mit freundlichen Grüßen<br>{e(inv.contact)}</p>"""
    return number, page(body, footer3(inv, "de"))


def de_kleinunternehmer(r, inv):
    """A small business under § 19 UStG: no VAT, no VAT id (a tax number instead), total = net."""
    number = f"{r.randint(1, 999):03d}/{inv.issue.year}"
    person = f"{r.choice(FIRST)} {r.choice(LAST)}"
    inv.exempt_from_vat(f"{r.choice(['Malerbetrieb', 'Fotostudio', 'Textbüro', 'Gartenpflege'])} {person}")
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)} · {e(inv.city)}</td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<p style='text-align:right'>{e(inv.city.split()[1])}, {date(inv.issue, 'de')}</p>
<h3>Rechnung {e(number)}</h3>
{items_table(inv, ['Leistung', '>Menge', '>Preis', '>Summe'], 'de', pos=False)}
<p style='text-align:right'><b>Gesamtbetrag: {money(inv.total, 'de')}</b></p>
<p>Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.</p>
<p>Bitte überweisen Sie den Betrag bis {date(inv.due, 'de')}{' auf IBAN ' + grouped(inv.iban) if inv.show_iban else ''}.</p>
<p class=small>Steuernummer: {r.randint(10, 99)}/{r.randint(100, 999)}/{r.randint(10000, 99999)}</p>"""
    return number, page(body)


def fr_english(r, inv):
    """A French company's invoice in English: dates written out, 'VAT (20%)', 'Amount due', SIRET and VAT in the footer."""
    number = f"INV-{inv.issue.year}-{r.randint(1, 9999):04d}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}, France</td>
<td class=r><div class=big>INVOICE</div>Invoice number: {e(number)}<br>Date of issue: {inv.issue.strftime('%d %B %Y')}<br>Due date: {inv.due.strftime('%d %B %Y')}</td></tr></table><br>
<p><b>Billed to</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}, France<br>VAT: {inv.buyer_vat}</p>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Unit price</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>€{p:,.2f}</td><td class=r>€{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Subtotal (excl. VAT)</td><td class=r>€{inv.net:,.2f}</td></tr>
<tr><td>VAT ({inv.rate:g}%)</td><td class=r>€{inv.tax:,.2f}</td></tr><tr><td>Total (incl. VAT)</td><td class=r>€{inv.total:,.2f}</td></tr>
<tr><td><b>Amount due</b></td><td class=r><b>€{inv.total:,.2f}</b></td></tr></table>
{'<p>Bank transfer to IBAN ' + grouped(inv.iban) + ' (BIC ' + inv.bic + ')</p>' if inv.show_iban else ''}"""
    foot = f"<div class=footer>{e(inv.seller)} · SIRET {inv.siren}{r.randint(10000, 99999)} · VAT {inv.vat}</div>"
    return number, page(body, foot)


def de_reverse_charge(r, inv):
    """A German seller's invoice to a buyer in Austria: both VAT ids in the info block, 0 % with the reverse-charge
    note, and payment terms in days only. No due date is printed, so none is expected: the development e-invoices
    that print only "within N days" carry no due date in their XML either."""
    number = f"{r.choice(['B', 'RG', 'AR'])}{r.randint(100000, 999999)}"
    buyer_uid = "ATU" + "".join(str(r.randint(0, 9)) for _ in range(8))
    inv.tax, inv.total = 0.0, inv.net
    inv.due = None
    info = [("Beleg-Nr.", number), ("Datum", date(inv.issue, "de")), ("Leistungsdatum", date(inv.delivery, "de")), ("Kunden-Nr.", inv.customer),
            ("Ihre UID", buyer_uid), ("Unsere USt-IdNr.", inv.vat)]
    body = f"""
<table width='100%'><tr><td></td><td class=r><div class=big>{e(inv.seller)}</div>{e(inv.street)} · {e(inv.city)}</td></tr></table><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{r.randint(1000, 9999)} {r.choice(['Wien', 'Graz', 'Linz', 'Salzburg'])}<br>ÖSTERREICH</td>
<td class=r><table style='float:right'>{''.join(f"<tr><td>{e(k)}</td><td class=r>{e(v)}</td></tr>" for k, v in info)}</table></td></tr></table>
<h2>Rechnung</h2>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Preis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer 0 %</td><td class=r>{money(0, 'de')}</td></tr><tr><td><b>Gesamtsumme</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge) gemäß § 13b UStG bzw. Art. 196 MwStSystRL.</p>
<p>Zahlbar innerhalb von {inv.days} Tagen ab Rechnungsdatum ohne Abzug.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_skonto_rabatt(r, inv):
    """A discount on the whole order before the tax ('abzgl. 5 % Rabatt'), two-digit years, and a cash-discount
    sentence with two dates: the due date is the first term's, the cash discount's, as the development e-invoices'
    XML gives it where both are printed (docs/fields.md, "The due date")."""
    number = f"{inv.issue.year}/{r.randint(1, 9999):04d}"
    pct = r.choice([2, 3, 5, 10])
    gross_lines = inv.net
    discount = round(gross_lines * pct / 100, 2)
    inv.net = round(gross_lines - discount, 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    early = inv.issue + dt.timedelta(days=r.choice([7, 8, 10]))
    net_date, inv.due = inv.due, early
    short = lambda d: d.strftime("%d.%m.%y")
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div><div class=small>{e(inv.street)} – {e(inv.city)} – Tel. 0{r.randint(100, 999)}/{r.randint(10000, 99999)}</div></td></tr></table><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Rechnung Nr.: {e(number)}<br>Rechnungsdatum: {short(inv.issue)}<br>Kunden-Nr.: {inv.customer}<br>Lieferschein: LS{r.randint(10000, 99999)} vom {short(inv.delivery)}</td></tr></table>
<h3>Rechnung</h3>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Zwischensumme</td><td class=r>{money(gross_lines, 'de')}</td></tr>
<tr><td>abzgl. {pct} % Rabatt</td><td class=r>-{money(discount, 'de')}</td></tr>
<tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % MwSt.</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Bruttobetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlungsbedingungen: bis {short(early)} abzüglich 2 % Skonto ({money(round(inv.total * 0.98, 2), 'de')}), bis {short(net_date)} netto.</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_remise_port(r, inv):
    """A French invoice with a discount per line, an overall discount and carriage ('Frais de port') before the tax;
    'Total HT net' is the net."""
    number = f"F{inv.issue.year % 100:02d}-{r.randint(1, 9999):04d}"
    pct = r.choice([2, 3, 5])
    lines_ht = inv.net
    remise = round(lines_ht * pct / 100, 2)
    port = r.choice([9.90, 12.50, 15.00, 25.00])
    inv.net = round(lines_ht - remise + port, 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    rows = "".join(f"<tr><td>R{r.randint(1000, 9999)}</td><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'fr', False)}</td><td class=r>0 %</td><td class=r>{money(a, 'fr', False)}</td></tr>"
                   for d, q, p, a in inv.lines)
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tél. : 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}</td>
<td style='width:45%'><div class=big>FACTURE</div>Référence : {e(number)}<br>Date : {date(inv.issue, 'fr')}<br>Client : {inv.customer}</td></tr></table><br>
<table width='100%'><tr><td style='width:55%'>Livraison :<br>{e(inv.buyer)}<br>{e(r.choice(FR_STREETS))}<br>{e(inv.bcity)}</td><td>Facturation :<br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<table class=items width='100%'><tr><th>Réf.</th><th>Désignation</th><th class=r>Qté</th><th class=r>PU HT</th><th class=r>Remise</th><th class=r>Total HT</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT brut</td><td class=r>{money(lines_ht, 'fr')}</td></tr>
<tr><td>Remise globale {pct} %</td><td class=r>-{money(remise, 'fr')}</td></tr><tr><td>Frais de port HT</td><td class=r>{money(port, 'fr')}</td></tr>
<tr><td><b>Total HT net</b></td><td class=r><b>{money(inv.net, 'fr')}</b></td></tr><tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr class=grey><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>À régler avant le {date(inv.due, 'fr')} par virement{' : IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic if inv.show_iban else ''}.</p>"""
    foot = f"<div class=footer>{e(inv.seller)} – {e(inv.street)} {e(inv.city)} – SIRET {inv.siren}{r.randint(10000, 99999)} – APE {r.randint(1000, 9999)}Z – TVA intracommunautaire {inv.vat}</div>"
    return number, page(body, foot)


def de_english_us(r, inv):
    """A German company's English invoice in US style: 'Invoice #', dates as 'March 5, 2025', '€1,234.56',
    'Subtotal / Tax (19%) / Total / Balance Due', the bank details in a 'Payment details' block."""
    number = f"{r.randint(1000, 9999)}"
    us = lambda d: d.strftime("%B ") + str(d.day) + d.strftime(", %Y")
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}<br>Germany</td>
<td class=r><div class=big style='color:#557'>INVOICE</div><table style='float:right'><tr><td>Invoice #</td><td class=r>{e(number)}</td></tr>
<tr><td>Invoice Date</td><td class=r>{us(inv.issue)}</td></tr><tr><td>Payment Due</td><td class=r>{us(inv.due)}</td></tr>
<tr><td>Amount Due (EUR)</td><td class=r>€{inv.total:,.2f}</td></tr></table></td></tr></table><br>
<p><b>BILL TO</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Germany</p>
<table class=items width='100%'><tr><th>Items</th><th class=r>Quantity</th><th class=r>Price</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>€{p:,.2f}</td><td class=r>€{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Subtotal:</td><td class=r>€{inv.net:,.2f}</td></tr>
<tr><td>Tax ({inv.rate:g}%):</td><td class=r>€{inv.tax:,.2f}</td></tr><tr><td><b>Total:</b></td><td class=r><b>€{inv.total:,.2f}</b></td></tr>
<tr><td><b>Balance Due (EUR):</b></td><td class=r><b>€{inv.total:,.2f}</b></td></tr></table>
{'<p><b>Payment details</b><br>Account holder: ' + e(inv.seller) + '<br>IBAN: ' + inv.iban + '<br>SWIFT/BIC: ' + inv.bic + '</p>' if inv.show_iban else ''}
<p class=small>VAT Reg. No.: {inv.vat} · Registered at Amtsgericht {e(inv.city.split()[1])}, HRB {inv.customer}</p>"""
    return number, page(body)


def fr_chorus(r, inv):
    """An invoice to a French public body: the buyer's SIRET, service code and commitment number before the seller's
    details, 'Date limite de paiement', amounts as 'Montant HT / Montant TVA / Montant TTC', a French RIB with the IBAN."""
    number = f"{r.choice(['FC', 'FACT', 'F'])}{inv.issue.year}{r.randint(100, 99999):05d}"
    buyer_siret = fr_siren(r) + "000" + str(r.randint(10, 99))
    body = f"""
<div class=big>FACTURE N° {e(number)}</div><br>
<table width='100%'><tr><td style='width:50%; border:1px solid #999'><b>Destinataire</b><br>{e(r.choice(['Mairie de', 'Communauté de communes de', 'Centre hospitalier de']))} {e(inv.bcity.split(' ', 1)[1])}<br>
{e(inv.bstreet)}<br>{e(inv.bcity)}<br>SIRET : {buyer_siret}<br>Code service : {r.choice(['SERV', 'DST', 'ACH'])}{r.randint(10, 99)}<br>N° d'engagement : EJ{r.randint(1000000, 9999999)}</td>
<td style='border:1px solid #999'><b>Fournisseur</b><br>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}<br>SIRET : {inv.siren}{r.randint(10000, 99999)}<br>N° TVA : {inv.vat}</td></tr></table><br>
<table width='100%'><tr><td>Date d'émission : {date(inv.issue, 'fr')}</td><td>Date d'exécution : {date(inv.delivery, 'fr')}</td><td>Date limite de paiement : {date(inv.due, 'fr')}</td></tr></table><br>
{items_table(inv, ['N°', 'Désignation', '>Quantité', '>Prix unitaire HT', '>Montant HT'], 'fr')}
<table style='margin-left:auto; margin-top:8px; border:1px solid #999'><tr><td>Montant HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>Montant TVA ({inv.rate:g} %)</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Montant TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
{'<p><b>Relevé d&#39;identité bancaire</b><br>Code banque ' + inv.iban[4:9] + ' · Code guichet ' + inv.iban[9:14] + ' · N° de compte ' + inv.iban[14:25] + ' · Clé ' + inv.iban[25:27] + '<br>IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic + '</p>' if inv.show_iban else ''}
<p class=small>Paiement par virement administratif à {inv.days} jours. Délai global de paiement conforme au Code de la commande publique.</p>"""
    return number, page(body)


def de_handwerker(r, inv):
    """A craftsman's invoice: labour and material subtotals, the labour cost share stated for § 35a EStG, dates
    without leading zeros ('5.3.2025'), 'Rechnung 25/0815' as the title."""
    number = f"{inv.issue.year % 100:02d}/{r.randint(100, 9999):04d}"
    labour = [l for i, l in enumerate(inv.lines) if i % 2 == 0]
    material = [l for i, l in enumerate(inv.lines) if i % 2 == 1]
    lsum, msum = round(sum(l[3] for l in labour), 2), round(sum(l[3] for l in material), 2)
    plain = lambda d: f"{d.day}.{d.month}.{d.year}"
    def block(title, ls, total):
        rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'de', False)}</td><td class=r>{money(a, 'de', False)}</td></tr>" for d, q, p, a in ls)
        return f"<tr><td colspan=4><b>{title}</b></td></tr>{rows}<tr><td colspan=3 class=r>Summe {title}</td><td class=r>{money(total, 'de', False)}</td></tr>"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>Meisterbetrieb · {e(inv.street)} · {e(inv.city)}</td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<p style='text-align:right'>Datum {plain(inv.issue)}<br>Auftrag vom {plain(inv.order_date)}</p>
<h3>Rechnung {e(number)}</h3>
<p>Ausgeführte Arbeiten am Objekt {e(r.choice(DE_STREETS))} {r.randint(1, 60)} in der Zeit vom {plain(inv.delivery - dt.timedelta(days=3))} bis {plain(inv.delivery)}:</p>
<table class=items width='100%'><tr><th>Leistung</th><th class=r>Menge</th><th class=r>EP €</th><th class=r>GP €</th></tr>
{block('Lohn', labour, lsum)}{block('Material', material, msum) if material else ''}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Rechnungssumme netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>{inv.rate:g} % MwSt.</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungssumme brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Im Rechnungsbetrag enthaltene Lohnkosten gemäß § 35a EStG: {money(round(lsum * (1 + inv.rate / 100), 2), 'de')} brutto.</p>
<p>Zahlbar bis zum {plain(inv.due)} ohne Abzug.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_logo_image(r, inv):
    """The letterhead is a logo, an image with the seller's name drawn in it (no text to read on a born-digital
    page); the name as text is only in the footer and as the account holder; the buyer's company stands alone at
    the top left."""
    number = f"{inv.issue.year}-{r.randint(10000, 99999)}"
    logo = (f"<canvas id=logo width=520 height=90></canvas><script>var c=document.getElementById('logo').getContext('2d');"
            f"c.fillStyle='#2a4d8f';c.fillRect(0,0,70,70);c.font='bold 34px sans-serif';c.fillText({inv.seller!r},85,50);</script>")
    body = f"""
<table width='100%'><tr><td>{logo}</td></tr></table>
<table width='100%'><tr><td style='width:60%'>{e(inv.buyer)}<br>Abteilung Einkauf<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><table><tr><td>Rechnungs-Nr.</td><td>{e(number)}</td></tr><tr><td>Rechnungsdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kundennummer</td><td>{inv.customer}</td></tr><tr><td>Bearbeiter</td><td>{e(inv.contact)}</td></tr></table></td></tr></table>
<h2>Rechnung</h2>
{items_table(inv, ['Pos.', 'Bezeichnung', '>Menge', '>Einzelpreis', '>Gesamtpreis'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar bis zum {date(inv.due, 'de')} ohne Abzug.</p>"""
    foot = (f"<div class=footer><table width='100%'><tr><td>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}</td>"
            f"<td>{'Kontoinhaber: ' + e(inv.seller) + '<br>IBAN ' + grouped(inv.iban) + '<br>BIC ' + inv.bic if inv.show_iban else ''}</td>"
            f"<td>Registergericht {e(inv.city.split()[1])} HRB {r.randint(1000, 99999)}<br>USt-IdNr. {inv.vat}</td></tr></table></div>")
    return number, page(body, foot)


def at_rechnung(r, inv):
    """An Austrian invoice: 'UID-Nr.' for the VAT id, 20 %, 'Summe exkl. USt. / 20 % USt. / Summe inkl. USt.',
    'Zahlungskonditionen', an Austrian IBAN, the Firmenbuch number."""
    inv.vat = at_vat(r)
    inv.buyer_vat = at_vat(r)
    inv.iban = iban(r, "AT")
    inv.rate = 20.0
    inv.tax = round(inv.net * 0.2, 2)
    inv.total = round(inv.net + inv.tax, 2)
    inv.city = f"{r.randint(1000, 9999)} {r.choice(['Wien', 'Graz', 'Linz', 'Innsbruck', 'Klagenfurt'])}"
    number = f"{inv.issue.year}{r.randint(1, 999):03d}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}, {e(inv.city)}, Österreich</td>
<td class=r>UID-Nr.: {inv.vat}<br>FN {r.randint(100000, 999999)}{r.choice('abdfkmpstvwxy')}</td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{r.randint(1000, 9999)} {r.choice(['Wien', 'Salzburg', 'Bregenz'])}<br>UID: {inv.buyer_vat}</p>
<table><tr><td>Rechnungsnummer:</td><td>{e(number)}</td></tr><tr><td>Rechnungsdatum:</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Leistungszeitraum:</td><td>{date(inv.delivery - dt.timedelta(days=30), 'de')} – {date(inv.delivery, 'de')}</td></tr></table>
<h3>Rechnung</h3>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>Preis', '>Summe'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe exkl. USt.</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>20 % USt.</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Summe inkl. USt.</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlungskonditionen: zahlbar bis {date(inv.due, 'de')} netto.{' Bankverbindung: ' + r.choice(['Raiffeisenbank', 'Sparkasse', 'Volksbank']) + ', IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic if inv.show_iban else ''}</p>"""
    return number, page(body)


def fr_avoir_negatif(r, inv):
    """A French credit note that prints its amounts negative ('-1 200,00 €'), names the invoice it corrects, and
    'Montant à rembourser'; the amounts are reported positive, the type says it is a credit."""
    inv.credit = True
    number = f"AV-{inv.issue.year}-{r.randint(1, 999):03d}"
    original = f"F-{inv.issue.year}-{r.randint(1, 999):03d}"
    neg = lambda x: "-" + money(x, "fr")
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}<br>SIRET {inv.siren}{r.randint(10000, 99999)}</td>
<td class=r><div class=big>AVOIR</div>N° {e(number)}<br>Date : {date(inv.issue, 'fr')}<br>Facture d'origine : {e(original)} du {date(inv.order_date, 'fr')}</td></tr></table><br>
<p style='margin-left:50%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<p>Motif : {r.choice(['retour de marchandise', 'erreur de facturation', 'geste commercial'])}</p>
<table class=items width='100%'><tr><th>Désignation</th><th class=r>Qté</th><th class=r>PU HT</th><th class=r>Total HT</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>-{q:g}</td><td class=r>{money(p, 'fr')}</td><td class=r>{neg(a)}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{neg(inv.net)}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{neg(inv.tax)}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{neg(inv.total)}</b></td></tr>
<tr><td>Montant à rembourser</td><td class=r>{money(inv.total, 'fr')}</td></tr></table>
<p>Remboursement par virement avant le {date(inv.due, 'fr')}.</p>"""
    foot = f"<div class=footer>{e(inv.seller)} – {r.choice(['SAS', 'SARL'])} au capital de {r.choice([2000, 7500, 20000])} € – TVA {inv.vat}" + (f" – IBAN {grouped(inv.iban)}" if inv.show_iban else "") + "</div>"
    return number, page(body, foot)


def de_dot_leaders(r, inv):
    """A typewriter-style invoice: labels and amounts joined by dot leaders ('Nettobetrag ........ EUR 1.234,56'),
    the currency code before the amount, the meta data as 'Rechnung Nr. … / Datum …' lines on the right."""
    number = f"{r.randint(100, 999)}/{inv.issue.year % 100:02d}"
    lead = lambda label, amount: f"<tr><td>{label} {'.' * (40 - len(label))}</td><td class=r>EUR {money(amount, 'de', False)}</td></tr>"
    body = f"""
<p><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}</p>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r style='vertical-align:bottom'>Rechnung Nr. {e(number)}<br>Datum {date(inv.issue, 'de')}</td></tr></table><br>
<table width='100%' style='font-family:monospace'>
{''.join(f"<tr><td>{i + 1}. {e(d)}, {q:g} x {money(p, 'de', False)}</td><td class=r>EUR {money(a, 'de', False)}</td></tr>" for i, (d, q, p, a) in enumerate(inv.lines))}
<tr><td>&nbsp;</td><td></td></tr>
{lead('Nettobetrag', inv.net)}{lead(f'zuzüglich {inv.rate:g} % Umsatzsteuer', inv.tax)}{lead('Rechnungsbetrag', inv.total)}</table>
<p>Der Rechnungsbetrag ist zahlbar bis {date(inv.due, 'de')}.{' Konto: IBAN ' + grouped(inv.iban) + ' bei der ' + r.choice(['Stadtsparkasse', 'Volksbank', 'Kreissparkasse']) + '.' if inv.show_iban else ''}</p>
<p class=small>USt-IdNr. {inv.vat}</p>"""
    return number, page(body)


def en_xero_style(r, inv):
    """A French company's English invoice from an online accounting package: 'Invoice Number', 'Reference',
    abbreviated months ('5 Mar 2025'), 'TOTAL VAT 20%', 'TOTAL EUR', 'Amount Due EUR', a payment advice slip."""
    number = f"INV-{r.randint(1000, 9999)}"
    short = lambda d: f"{d.day} {d.strftime('%b %Y')}"
    body = f"""
<table width='100%'><tr><td><div class=big>TAX INVOICE</div><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>FRANCE</td>
<td><b>Invoice Date</b><br>{short(inv.issue)}<br><b>Invoice Number</b><br>{e(number)}<br><b>Reference</b><br>{inv.order}<br><b>VAT Number</b><br>{inv.vat}</td>
<td>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}<br>FRANCE</td></tr></table><br>
<table class=items width='100%'><tr><th>Description</th><th class=r>Quantity</th><th class=r>Unit Price</th><th class=r>VAT</th><th class=r>Amount EUR</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:.2f}</td><td class=r>{p:,.2f}</td><td class=r>{inv.rate:g}%</td><td class=r>{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Subtotal</td><td class=r>{inv.net:,.2f}</td></tr>
<tr><td>TOTAL VAT {inv.rate:g}%</td><td class=r>{inv.tax:,.2f}</td></tr><tr><td><b>TOTAL EUR</b></td><td class=r><b>{inv.total:,.2f}</b></td></tr></table>
<p><b>Due Date: {short(inv.due)}</b><br>{'Bank transfer: IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic if inv.show_iban else ''}</p>
<div style='border-top:1px dashed #999; margin-top:40px; padding-top:8px'><div class=big style='font-size:14pt'>PAYMENT ADVICE</div>
<table width='100%'><tr><td>To: {e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}</td>
<td><b>Customer</b> {e(inv.buyer)}<br><b>Invoice Number</b> {e(number)}<br><b>Amount Due</b> {inv.total:,.2f}<br><b>Due Date</b> {short(inv.due)}<br><b>Amount Enclosed</b> ________</td></tr></table></div>"""
    return number, page(body)


def nl_factuur(r, inv):
    """A Dutch invoice: 'Factuurnummer', 'Factuurdatum', 'Vervaldatum', 'Subtotaal / BTW 21% / Totaal', KvK and
    BTW-nummer, a Dutch IBAN; the seller's block on the right, the customer's on the left."""
    inv.vat, inv.buyer_vat, inv.iban = nl_vat(r), nl_vat(r), iban(r, "NL")
    inv.seller = name(r, ["B.V.", "BV", "V.O.F."])
    inv.rate = 21.0
    inv.tax = round(inv.net * 0.21, 2)
    inv.total = round(inv.net + inv.tax, 2)
    number = f"{inv.issue.year}-{r.randint(1, 9999):04d}"
    nl = lambda x: money(x, "de")
    body = f"""
<table width='100%'><tr><td style='width:55%'><br><br>{e(inv.buyer)}<br>t.a.v. {e(r.choice(FIRST))} {e(r.choice(LAST))}<br>{r.choice(['Kerkstraat', 'Dorpsweg', 'Stationsplein'])} {r.randint(1, 99)}<br>{r.randint(1000, 9999)} {r.choice(['AB', 'CD', 'KL'])} {r.choice(['Utrecht', 'Zwolle', 'Delft'])}</td>
<td><div class=big>{e(inv.seller)}</div>{r.choice(['Havenweg', 'Marktplein', 'Industrieweg'])} {r.randint(1, 99)}<br>{r.randint(1000, 9999)} {r.choice(['XY', 'PQ'])} {r.choice(['Amersfoort', 'Leiden', 'Breda'])}<br>
KvK {r.randint(10000000, 99999999)}<br>BTW-nummer {inv.vat}</td></tr></table><br>
<h2>Factuur</h2>
<table><tr><td>Factuurnummer:</td><td>{e(number)}</td></tr><tr><td>Factuurdatum:</td><td>{inv.issue.strftime('%d-%m-%Y')}</td></tr>
<tr><td>Vervaldatum:</td><td>{inv.due.strftime('%d-%m-%Y')}</td></tr><tr><td>Klantnummer:</td><td>{inv.customer}</td></tr></table><br>
<table class=items width='100%'><tr><th>Omschrijving</th><th class=r>Aantal</th><th class=r>Prijs</th><th class=r>BTW</th><th class=r>Bedrag</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>€ {nl(p).replace(' €', '')}</td><td class=r>21%</td><td class=r>€ {nl(a).replace(' €', '')}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Subtotaal</td><td class=r>€ {nl(inv.net).replace(' €', '')}</td></tr>
<tr><td>BTW 21%</td><td class=r>€ {nl(inv.tax).replace(' €', '')}</td></tr><tr><td><b>Totaal</b></td><td class=r><b>€ {nl(inv.total).replace(' €', '')}</b></td></tr></table>
<p>Wij verzoeken u het totaalbedrag vóór {inv.due.strftime('%d-%m-%Y')} over te maken{' op rekeningnummer ' + grouped(inv.iban) + ' t.n.v. ' + e(inv.seller) if inv.show_iban else ''}, onder vermelding van het factuurnummer.</p>"""
    return number, page(body)


def be_facture(r, inv):
    """A Belgian invoice in French: 'N° d'entreprise / TVA BE 0xxx.xxx.xxx' with dots, a structured communication
    ('+++123/4567/89012+++', twelve digits that look like a reference), 'Date d'échéance', 21 %."""
    inv.vat, inv.buyer_vat, inv.iban = be_vat(r), be_vat(r), iban(r, "BE")
    inv.rate = 21.0
    inv.tax = round(inv.net * 0.21, 2)
    inv.total = round(inv.net + inv.tax, 2)
    dotted = lambda v: f"BE {v[2:6]}.{v[6:9]}.{v[9:]}"
    inv.seller = name(r, ["SA", "SRL", "SPRL", "SCRL"])
    number = f"{inv.issue.year}/{r.randint(1, 999):03d}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{r.choice(['Rue de la Station', 'Avenue Louise', 'Chaussée de Namur'])} {r.randint(1, 200)}<br>{r.randint(1000, 9999)} {r.choice(['Namur', 'Liège', 'Wavre'])}<br>TVA {dotted(inv.vat)}<br>RPM {r.choice(['Namur', 'Liège'])}</td>
<td style='border:1px solid #999; width:42%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{r.randint(1000, 9999)} {r.choice(['Bruxelles', 'Mons', 'Charleroi'])}<br>TVA {dotted(inv.buyer_vat)}</td></tr></table><br>
<table width='100%' class=grey><tr><td>Facture n°<br><b>{e(number)}</b></td><td>Date<br><b>{date(inv.issue, 'fr')}</b></td><td>Date d'échéance<br><b>{date(inv.due, 'fr')}</b></td><td>Votre référence<br><b>{inv.order}</b></td></tr></table><br>
{items_table(inv, ['Description', '>Quantité', '>Prix unitaire', '>Total HTVA'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HTVA</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA 21 %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TVAC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Merci de verser le montant de {money(inv.total, 'fr')}{' sur le compte ' + grouped(inv.iban) + ' (BIC ' + inv.bic + ')' if inv.show_iban else ''} avec la communication structurée {be_structured(r)}.</p>"""
    return number, page(body)


def ie_invoice(r, inv):
    """An Irish invoice: 'VAT Reg. No.', 'Invoice No.', 'Date/Tax Point', dates as 05/03/2025, 'Total Net / VAT @ 23% /
    Total Gross', 'Sort code' and IBAN in the bank details; the company number beside the VAT number."""
    inv.vat, inv.iban = ie_vat(r), iban(r, "IE")
    inv.seller = name(r, ["Limited", "Ltd", "DAC"])
    inv.rate = 23.0
    inv.tax = round(inv.net * 0.23, 2)
    inv.total = round(inv.net + inv.tax, 2)
    number = f"{r.randint(10000, 99999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>Unit {r.randint(1, 40)}, {r.choice(['Business Park', 'Enterprise Centre'])}<br>{r.choice(['Cork', 'Galway', 'Limerick'])}, Ireland<br>
VAT Reg. No.: {inv.vat} · Company No. {r.randint(100000, 999999)}</td><td class=r><div class=big>INVOICE</div></td></tr></table><br>
<table width='100%'><tr><td><b>Invoice to:</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Germany</td>
<td><table style='float:right'><tr><td>Invoice No.</td><td>{e(number)}</td></tr><tr><td>Date/Tax Point</td><td>{inv.issue.strftime('%d/%m/%Y')}</td></tr>
<tr><td>Account No.</td><td>{inv.customer}</td></tr><tr><td>Your Order No.</td><td>{inv.order}</td></tr></table></td></tr></table><br>
{''.join([])}<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Unit Price</th><th class=r>Net</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>€{p:,.2f}</td><td class=r>€{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total Net</td><td class=r>€{inv.net:,.2f}</td></tr>
<tr><td>VAT @ 23%</td><td class=r>€{inv.tax:,.2f}</td></tr><tr><td><b>Total Gross</b></td><td class=r><b>€{inv.total:,.2f}</b></td></tr></table>
<p>Terms: payment due by {inv.due.strftime('%d/%m/%Y')}.</p>
{'<p><b>Bank details</b><br>Sort code ' + inv.iban[8:10] + '-' + inv.iban[10:12] + '-' + inv.iban[12:14] + ' · Account ' + inv.iban[14:] + '<br>IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def de_storno(r, inv):
    """A German correction invoice that cancels one: 'Rechnungskorrektur Nr. RK-… zu Rechnung Nr. RE-… vom …',
    the amounts printed negative, the original's number and date beside the own."""
    inv.credit = True
    number = f"RK-{inv.issue.year}-{r.randint(1, 999):03d}"
    original = f"RE-{inv.issue.year}-{r.randint(1, 999):03d}"
    neg = lambda x: "-" + money(x, "de")
    body = f"""
<div class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</div>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Datum: {date(inv.issue, 'de')}<br>Kunden-Nr.: {inv.customer}</td></tr></table><br>
<h3>Rechnungskorrektur Nr. {e(number)} zu Rechnung Nr. {e(original)} vom {date(inv.order_date, 'de')}</h3>
<p>Hiermit stornieren wir die oben genannte Rechnung vollständig.</p>
<table class=items width='100%'><tr><th>Pos.</th><th>Bezeichnung</th><th class=r>Menge</th><th class=r>Einzelpreis</th><th class=r>Gesamt</th></tr>
{''.join(f"<tr><td>{i + 1}</td><td>{e(d)}</td><td class=r>-{q:g}</td><td class=r>{money(p, 'de')}</td><td class=r>{neg(a)}</td></tr>" for i, (d, q, p, a) in enumerate(inv.lines))}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe netto</td><td class=r>{neg(inv.net)}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{neg(inv.tax)}</td></tr><tr><td><b>Gesamtbetrag</b></td><td class=r><b>{neg(inv.total)}</b></td></tr></table>
<p>Der Betrag wird Ihnen bis zum {date(inv.due, 'de')} erstattet.</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_energie(r, inv):
    """A utility bill: a summary box on page 1 ('Montant TTC à payer … à régler avant le …', the customer and contract
    references, the invoice number among them), the detail on page 2 with sub-totals per part and two VAT rates
    (5,5 % on the subscription, 20 % on the consumption)."""
    number = f"{r.randint(10, 99)}{r.randint(10000000, 99999999)}"
    sub = round(r.uniform(8, 40), 2)
    cons = round(r.uniform(30, 400), 2)
    taxes = round(r.uniform(2, 30), 2)
    nets = {5.5: sub, 20.0: round(cons + taxes, 2)}
    vat = {k: round(v * k / 100, 2) for k, v in nets.items()}
    inv.net = round(sum(nets.values()), 2)
    inv.tax = round(sum(vat.values()), 2)
    inv.total = round(inv.net + inv.tax, 2)
    short = lambda d: d.strftime("%d/%m/%Y")
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}</td>
<td style='padding-left:60px'>{e(r.choice(FIRST))} {e(r.choice(LAST))}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<table width='100%'><tr><td style='width:50%'>Référence client : {inv.customer}{r.randint(100, 999)}<br>N° de contrat : {r.randint(1000000, 9999999)}<br>
Facture n° {e(number)} du {short(inv.issue)}<br>Période de consommation : du {short(inv.delivery - dt.timedelta(days=60))} au {short(inv.delivery)}</td>
<td style='border:2px solid #333; padding:10px'><b>Montant TTC à payer</b><br><span class=big>{money(inv.total, 'fr')}</span><br>à régler avant le {short(inv.due)}<br>par prélèvement</td></tr></table><br>
<p>Votre prochaine facture vers le {short(inv.due + dt.timedelta(days=60))}.</p>
<div style='page-break-after:always'></div>
<h3>Détail de votre facture n° {e(number)}</h3>
<table class=items width='100%'><tr><th>Rubrique</th><th class=r>Montant HT</th><th class=r>Taux TVA</th></tr>
<tr><td>Abonnement (2 mois)</td><td class=r>{money(sub, 'fr')}</td><td class=r>5,5 %</td></tr>
<tr><td><b>Total abonnement</b></td><td class=r><b>{money(sub, 'fr')}</b></td><td></td></tr>
<tr><td>Consommation {r.randint(200, 3000)} kWh</td><td class=r>{money(cons, 'fr')}</td><td class=r>20 %</td></tr>
<tr><td>Taxes et contributions</td><td class=r>{money(taxes, 'fr')}</td><td class=r>20 %</td></tr>
<tr><td><b>Total consommation</b></td><td class=r><b>{money(nets[20.0], 'fr')}</b></td><td></td></tr></table><br>
<table style='margin-left:auto'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA 5,5 %</td><td class=r>{money(vat[5.5], 'fr')}</td></tr><tr><td>TVA 20 %</td><td class=r>{money(vat[20.0], 'fr')}</td></tr>
<tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>"""
    foot = f"<div class=footer>{e(inv.seller)} – SA au capital de {r.randint(1, 9)} 000 000 € – RCS {e(inv.city.split(' ', 1)[1])} {inv.siren} – TVA {inv.vat}" + (f" – IBAN {grouped(inv.iban)}" if inv.show_iban else "") + "</div>"
    return number, page(body, foot)


def de_brand_logo(r, inv):
    """A brand at the top in large type, without a legal form ('KALUX'), the legal name only in the footer: the
    seller's name is the legal one (EN 16931's seller name; the brand is a trading name)."""
    brand = inv.seller.split()[0]
    number = f"{r.choice(['R', 'RE', 'RG'])}{r.randint(100000, 999999)}"
    body = f"""
<table width='100%'><tr><td><div style='font-size:26pt; font-weight:bold; letter-spacing:2px'>{e(brand.upper())}</div>{e(r.choice(['Qualität seit 1987', 'Ihr Partner für Technik', 'Service aus einer Hand']))}</td>
<td class=r>{e(inv.street)}<br>{e(inv.city)}<br>Tel. 0{r.randint(100, 999)} {r.randint(10000, 999999)}</td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table style='margin-left:auto'><tr><td>Rechnungsnummer</td><td>{e(number)}</td></tr><tr><td>Rechnungsdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Fällig am</td><td>{date(inv.due, 'de')}</td></tr></table>
<h3>Rechnung</h3>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Gesamtbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>"""
    return number, page(body, footer3(inv, "de"))


def fr_marque(r, inv):
    """A French brand name at the top ('LUMIVIA', with a slogan), the company's legal name with its form only in the
    legal mentions at the bottom; the invoice's data in a box on the right."""
    brand = inv.seller.split()[0]
    number = f"{inv.issue.year}{inv.issue.month:02d}{r.randint(100, 999)}"
    body = f"""
<table width='100%'><tr><td><div style='font-size:24pt; font-weight:bold'>{e(brand)}</div><i>{e(r.choice(['l’artisan de vos projets', 'depuis 1992', 'conseil & services']))}</i></td>
<td style='border:1px solid #999; width:40%'>Facture N° {e(number)}<br>Date : {date(inv.issue, 'fr')}<br>Échéance : {date(inv.due, 'fr')}</td></tr></table><br>
<p style='margin-left:50%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
{items_table(inv, ['Désignation', '>Qté', '>PU HT', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
{'<p>Règlement par virement : IBAN ' + grouped(inv.iban) + '</p>' if inv.show_iban else ''}"""
    foot = (f"<div class=footer>{e(inv.seller)} – {e(inv.street)}, {e(inv.city)} – SIREN {inv.siren} – TVA intracommunautaire {inv.vat}</div>")
    return number, page(body, foot)


def de_xrechnung_view(r, inv):
    """A rendering of an XRechnung with the business terms' ids beside the labels ('Rechnungsnummer (BT-1)'),
    the seller's and buyer's sections one under the other, every amount with its BT id."""
    number = f"{r.randint(1000, 9999)}-{r.randint(100, 999)}"
    def kv(rows):
        return "<table>" + "".join(f"<tr><td style='width:280px'>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in rows) + "</table>"
    body = f"""
<h2>Rechnung</h2>
<h3>Allgemeine Angaben</h3>
{kv([('Rechnungsnummer (BT-1):', number), ('Rechnungsdatum (BT-2):', date(inv.issue, 'de')), ('Rechnungsart (BT-3):', '380'),
     ('Währung (BT-5):', 'EUR'), ('Fälligkeitsdatum (BT-9):', date(inv.due, 'de')), ('Leitweg-ID (BT-10):', f"{r.randint(10, 99)}-{r.randint(100, 999)}-{r.randint(10, 99)}")])}
<h3>Verkäufer</h3>
{kv([('Name (BT-27):', inv.seller), ('Straße (BT-35):', inv.street), ('PLZ und Ort (BT-38, BT-37):', inv.city), ('Umsatzsteuer-ID (BT-31):', inv.vat)])}
<h3>Käufer</h3>
{kv([('Name (BT-44):', inv.buyer), ('Straße (BT-50):', inv.bstreet), ('PLZ und Ort (BT-53, BT-52):', inv.bcity), ('Umsatzsteuer-ID (BT-48):', inv.buyer_vat)])}
<h3>Positionen</h3>
{items_table(inv, ['Pos.', 'Bezeichnung', '>Menge', '>Preis', '>Nettobetrag'], 'de')}
<h3>Gesamtbeträge</h3>
{kv([('Summe der Nettobeträge (BT-106):', money(inv.net, 'de', False)), ('Gesamtbetrag ohne USt. (BT-109):', money(inv.net, 'de', False)),
     ('Summe USt. (BT-110):', money(inv.tax, 'de', False)), ('Gesamtbetrag mit USt. (BT-112):', money(inv.total, 'de', False)), ('Zahlbetrag (BT-115):', money(inv.total, 'de', False))])}
<h3>Zahlung</h3>
{kv(([('IBAN (BT-84):', inv.iban), ('BIC (BT-86):', inv.bic)] if inv.show_iban else []) + [('Zahlungsbedingungen (BT-20):', f'{inv.days} Tage netto')])}"""
    return number, page(body)


def de_bilingual(r, inv):
    """A German exporter's bilingual invoice: every label in German and English ('Rechnungsnummer / Invoice No.',
    'Datum / Date', 'Fällig am / Due date', 'Nettobetrag / Net amount', 'MwSt. 19 % / VAT 19 %', 'Gesamtbetrag / Total')."""
    number = f"{inv.issue.year % 100:02d}-{r.randint(10000, 99999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)} · {e(inv.city)} · Germany</td></tr></table><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><table style='float:right'><tr><td>Rechnungsnummer / Invoice No.</td><td>{e(number)}</td></tr><tr><td>Datum / Date</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Lieferdatum / Delivery date</td><td>{date(inv.delivery, 'de')}</td></tr><tr><td>Fällig am / Due date</td><td>{date(inv.due, 'de')}</td></tr>
<tr><td>Kundennummer / Customer No.</td><td>{inv.customer}</td></tr></table></td></tr></table>
<h2>Rechnung / Invoice</h2>
{items_table(inv, ['Pos.', 'Bezeichnung / Description', '>Menge / Qty', '>Preis / Price', '>Betrag / Amount'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Nettobetrag / Net amount</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt. {inv.rate:g} % / VAT {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Gesamtbetrag / Total</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar ohne Abzug bis zum {date(inv.due, 'de')}. / Payable without deduction by {inv.due.strftime('%d %B %Y')}.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_sammelrechnung(r, inv):
    """A collective invoice over several delivery notes, each with its own 'Summe Lieferschein …', then the invoice's net,
    tax and gross; the delivery notes' dates and numbers are distractors."""
    number = f"SR{inv.issue.year}{r.randint(1000, 9999)}"
    groups = [inv.lines[i::2] for i in range(2)] if len(inv.lines) > 1 else [inv.lines]
    rows = ""
    for g in groups:
        if not g:
            continue
        ls = f"LS-{r.randint(100000, 999999)}"
        d = inv.issue - dt.timedelta(days=r.randint(3, 25))
        rows += f"<tr><td colspan=4><b>Lieferschein {ls} vom {date(d, 'de')}</b></td></tr>"
        rows += "".join(f"<tr><td>{e(x)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'de', False)}</td><td class=r>{money(a, 'de', False)}</td></tr>" for x, q, p, a in g)
        rows += f"<tr><td colspan=3 class=r>Summe Lieferschein {ls}</td><td class=r>{money(round(sum(a for *_, a in g), 2), 'de', False)}</td></tr>"
    body = f"""
<div class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</div>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Sammelrechnung Nr. {e(number)}<br>Rechnungsdatum: {date(inv.issue, 'de')}<br>Kunden-Nr.: {inv.customer}</td></tr></table>
<h3>Sammelrechnung</h3>
<table class=items width='100%'><tr><th>Artikel</th><th class=r>Menge</th><th class=r>Preis</th><th class=r>Betrag EUR</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % USt.</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar bis {date(inv.due, 'de')} ohne Abzug.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_kleinbetrag(r, inv):
    """A small-amount invoice (under 250 €, § 33 UStDV): only the gross prices and the tax rate, 'Gesamt … inkl. 19 %
    MwSt.', no net and no tax amount printed, paid in cash; the net and the tax are what the gross contains."""
    inv.lines = [(d, 1, round(r.uniform(3, 60), 2), 0) for d, *_ in inv.lines[:3]]
    inv.lines = [(d, q, p, p) for d, q, p, _ in inv.lines]
    inv.total = round(sum(l[3] for l in inv.lines), 2)
    inv.net = round(inv.total / (1 + inv.rate / 100), 2)
    inv.tax = round(inv.total - inv.net, 2)
    inv.due = None
    inv.show_iban = False
    inv.vat = ""
    number = f"{r.randint(1000, 99999)}"
    body = f"""
<div style='text-align:center'><div class=big>{e(inv.seller)}</div>{e(inv.street)}, {e(inv.city)}<br>Steuernummer {r.randint(10, 99)}/{r.randint(100, 999)}/{r.randint(10000, 99999)}</div><br>
<p>Rechnung Nr. {e(number)}<br>Datum: {date(inv.issue, 'de')}</p>
<table width='100%'>{''.join(f"<tr><td>{e(d)}</td><td class=r>{money(p, 'de')}</td></tr>" for d, q, p, a in inv.lines)}
<tr><td><b>Gesamt</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Im Gesamtbetrag sind {inv.rate:g} % MwSt. enthalten.<br>Betrag bar erhalten. Vielen Dank!</p>"""
    return number, page(body)


def de_hotel(r, inv):
    """A hotel bill: arrival and departure dates, room at 7 % and breakfast at 19 %, the tax per rate, the gross total,
    paid by card and a balance of 0,00; no due date."""
    nights = r.randint(1, 6)
    room = round(r.uniform(60, 180), 2)
    breakfast = round(r.uniform(9, 22), 2)
    arrival = inv.issue - dt.timedelta(days=nights)
    g7, g19 = round(room * nights, 2), round(breakfast * nights, 2)
    n7, n19 = round(g7 / 1.07, 2), round(g19 / 1.19, 2)
    t7, t19 = round(g7 - n7, 2), round(g19 - n19, 2)
    inv.net, inv.tax, inv.total = round(n7 + n19, 2), round(t7 + t19, 2), round(g7 + g19, 2)
    inv.due = None
    inv.show_iban = False
    number = f"{r.randint(100000, 999999)}"
    body = f"""
<div style='text-align:center'><div class=big>{e(r.choice(['Hotel', 'Landhotel', 'Gasthof']))} {e(inv.seller.split()[0])}</div>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</div><br>
<table width='100%'><tr><td>{e(r.choice(FIRST))} {e(r.choice(LAST))}<br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Rechnung Nr. {e(number)}<br>Datum: {date(inv.issue, 'de')}<br>Zimmer {r.randint(101, 420)}<br>Anreise: {date(arrival, 'de')}<br>Abreise: {date(inv.issue, 'de')}</td></tr></table><br>
<table class=items width='100%'><tr><th>Datum</th><th>Leistung</th><th class=r>Anzahl</th><th class=r>Preis</th><th class=r>Betrag</th></tr>
<tr><td>{date(arrival, 'de')}</td><td>Übernachtung Einzelzimmer</td><td class=r>{nights}</td><td class=r>{money(room, 'de')}</td><td class=r>{money(g7, 'de')}</td></tr>
<tr><td>{date(arrival + dt.timedelta(days=1), 'de')}</td><td>Frühstück</td><td class=r>{nights}</td><td class=r>{money(breakfast, 'de')}</td><td class=r>{money(g19, 'de')}</td></tr></table><br>
<table style='margin-left:auto'><tr><th>MwSt.</th><th class=r>Netto</th><th class=r>MwSt.</th><th class=r>Brutto</th></tr>
<tr><td>7 %</td><td class=r>{money(n7, 'de')}</td><td class=r>{money(t7, 'de')}</td><td class=r>{money(g7, 'de')}</td></tr>
<tr><td>19 %</td><td class=r>{money(n19, 'de')}</td><td class=r>{money(t19, 'de')}</td><td class=r>{money(g19, 'de')}</td></tr></table>
<table style='margin-left:auto; margin-top:8px'><tr><td><b>Gesamtbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr>
<tr><td>Bezahlt EC-Karte</td><td class=r>-{money(inv.total, 'de')}</td></tr><tr><td>Saldo</td><td class=r>{money(0, 'de')}</td></tr></table>
<p class=small>USt-IdNr. {inv.vat}</p>"""
    return number, page(body)


def de_abschlagsrechnung(r, inv):
    """A part-payment invoice on a contract: the contract's total (larger than anything this invoice charges), the work
    done so far as a share of it, the part invoiced now with its tax and gross; the contract's amounts are distractors."""
    number = f"AR-{inv.issue.year}-{r.randint(100, 999)}"
    contract = round(r.uniform(20000, 90000), 2)
    share = r.choice([20, 30, 40, 50])
    inv.net = round(contract * share / 100, 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    body = f"""
<div class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</div>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Rechnungs-Nr.: {e(number)}<br>Datum: {date(inv.issue, 'de')}<br>Bauvorhaben: {e(r.choice(DE_STREETS))} {r.randint(1, 60)}<br>Auftrag vom {date(inv.order_date, 'de')}</td></tr></table>
<h3>{r.randint(1, 3)}. Abschlagsrechnung</h3>
<table width='100%'><tr><td>Auftragssumme netto</td><td class=r>{money(contract, 'de')}</td></tr>
<tr><td>Leistungsstand</td><td class=r>{share} %</td></tr>
<tr><td>Abschlag {share} % der Auftragssumme</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % Umsatzsteuer</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Abschlagsbetrag brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar innerhalb von 14 Tagen, spätestens am {date(inv.due, 'de')}.</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_facture_acompte(r, inv):
    """A French deposit invoice: the order's total (a distractor larger than the invoice), 'Acompte de 30 %' as the net,
    its VAT and 'Montant TTC de l'acompte'."""
    number = f"FA-{inv.issue.year}-{r.randint(1, 999):03d}"
    order_total = round(r.uniform(5000, 40000), 2)
    share = r.choice([20, 30, 40])
    inv.net = round(order_total * share / 100, 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}</td>
<td class=r><div class=big>FACTURE D'ACOMPTE</div>N° {e(number)}<br>Date : {date(inv.issue, 'fr')}<br>Devis n° D{r.randint(1000, 9999)} accepté le {date(inv.order_date, 'fr')}</td></tr></table><br>
<p style='margin-left:50%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table width='100%' class=items><tr><th>Désignation</th><th class=r>Montant HT</th></tr>
<tr><td>Montant total de la commande HT</td><td class=r>{money(order_total, 'fr')}</td></tr>
<tr><td>Acompte de {share} % à la commande</td><td class=r>{money(inv.net, 'fr')}</td></tr></table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT de l'acompte</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Montant TTC de l'acompte</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Date d'échéance : {date(inv.due, 'fr')}</p>"""
    return number, page(body, footer3(inv, "fr"))


def en_columns(r, inv):
    """An English invoice of a German company with the meta data as a row of headings ('Invoice Date | Invoice No. |
    Customer ID | Terms | Due Date') and the values under them, 'Net 30' as the terms, 'Sub Total / VAT / Balance Due'."""
    number = f"{r.randint(100000, 999999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}, {e(inv.city)}, Germany</td><td class=r><div class=big>INVOICE</div></td></tr></table><br>
<p><b>Bill To:</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table width='100%' style='border:1px solid #999'><tr><th align=left>Invoice Date</th><th align=left>Invoice No.</th><th align=left>Customer ID</th><th align=left>Terms</th><th align=left>Due Date</th></tr>
<tr><td>{inv.issue.strftime('%m/%d/%Y')}</td><td>{e(number)}</td><td>C-{inv.customer}</td><td>Net {inv.days}</td><td>{inv.due.strftime('%m/%d/%Y')}</td></tr></table><br>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Rate</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{p:,.2f}</td><td class=r>{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Sub Total</td><td class=r>EUR {inv.net:,.2f}</td></tr>
<tr><td>VAT ({inv.rate:g}%)</td><td class=r>EUR {inv.tax:,.2f}</td></tr><tr><td><b>Balance Due</b></td><td class=r><b>EUR {inv.total:,.2f}</b></td></tr></table>
<p class=small>VAT ID {inv.vat}{' · IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic if inv.show_iban else ''}</p>"""
    return number, page(body)


def fr_bl_facture(r, inv):
    """A French invoice that names its delivery note and the customer's order first, with their own numbers and dates,
    above its own number and date in a box lower down; 'Date de livraison' among the dates."""
    number = f"{r.randint(10000, 99999)}"
    bl = f"BL{inv.issue.year}-{r.randint(1000, 9999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}<br>TVA : {inv.vat}</td>
<td style='padding-left:40px'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<p>Bon de livraison n° {bl} du {date(inv.delivery, 'fr')}<br>Votre commande n° {inv.order} du {date(inv.order_date, 'fr')}<br>Date de livraison : {date(inv.delivery, 'fr')}</p>
<table style='border:1px solid #333'><tr><td><b>FACTURE N° {e(number)}</b></td><td>du {date(inv.issue, 'fr')}</td></tr></table><br>
{items_table(inv, ['Réf.', 'Désignation', '>Qté', '>PU HT', '>Montant HT'], 'fr')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Échéance : {date(inv.due, 'fr')}{' – IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</p>"""
    return number, page(body)


def de_ihre_ustid(r, inv):
    """The buyer's VAT id in the info block as 'Ihre USt-IdNr.', the seller's only in the header's contact column beside
    its phone and mail, with no name on its line."""
    number = f"{inv.issue.year}{r.randint(10000, 99999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div></td>
<td class=r class=small>{e(inv.street)}<br>{e(inv.city)}<br>Tel. 0{r.randint(100, 999)} {r.randint(10000, 999999)}<br>info@{e(inv.seller.split()[0].lower())}.de<br>USt-IdNr.: {inv.vat}</td></tr></table><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><table style='float:right'><tr><td>Rechnungsnummer:</td><td>{e(number)}</td></tr><tr><td>Rechnungsdatum:</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kundennummer:</td><td>{inv.customer}</td></tr><tr><td>Ihre USt-IdNr.:</td><td>{inv.buyer_vat}</td></tr></table></td></tr></table>
<h3>Rechnung</h3>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>USt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Gesamtbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar bis {date(inv.due, 'de')}.{' IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</p>"""
    return number, page(body)


def fr_notre_votre(r, inv):
    """'Notre n° TVA' and 'Votre n° TVA' one above the other in the invoice's data block, the buyer's first."""
    number = f"F{r.randint(100000, 999999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}</td>
<td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<table><tr><td>Facture n°</td><td>{e(number)}</td></tr><tr><td>Date</td><td>{date(inv.issue, 'fr')}</td></tr>
<tr><td>Votre n° TVA</td><td>{inv.buyer_vat}</td></tr><tr><td>Notre n° TVA</td><td>{inv.vat}</td></tr><tr><td>Échéance</td><td>{date(inv.due, 'fr')}</td></tr></table><br>
{items_table(inv, ['Désignation', '>Qté', '>PU HT', '>Total HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Net à payer</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
{'<p>IBAN : ' + grouped(inv.iban) + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def de_versand_endbetrag(r, inv):
    """A mail-order invoice: 'Ihr Zeichen / Unser Zeichen / Datum' as a row of headings with the values under them, the
    number in a bold subject line ('Rechnung Nr. …'), 'Warenwert', 'Versandkosten' added before the tax, 'Endbetrag'."""
    number = f"{inv.issue.year % 100:02d}-{r.randint(10000, 99999)}"
    ship = r.choice([4.95, 5.90, 6.90, 9.90])
    goods = inv.net
    inv.net = round(goods + ship, 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div></td><td class=r>{e(inv.street)}<br>{e(inv.city)}</td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table width='100%'><tr><th align=left class=small>Ihr Zeichen</th><th align=left class=small>Ihre Nachricht vom</th><th align=left class=small>Unser Zeichen</th><th align=left class=small>Datum</th></tr>
<tr><td>{inv.order}</td><td>{date(inv.order_date, 'de')}</td><td>{e(inv.contact.split()[0][0] + inv.contact.split()[1][0])}</td><td>{date(inv.issue, 'de')}</td></tr></table><br>
<p><b>Rechnung Nr. {e(number)}</b></p>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Einzelpreis', '>Summe'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Warenwert</td><td class=r>{money(goods, 'de')}</td></tr>
<tr><td>Versandkosten</td><td class=r>{money(ship, 'de')}</td></tr><tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Endbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlungsbedingungen: {inv.days} Tage ohne Abzug, fällig am {date(inv.due, 'de')}.</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_points_abbrev(r, inv):
    """A French invoice with dotted abbreviations ('Total H.T.', 'T.V.A. 20,00 %', 'Total T.T.C.'), amounts without a
    currency symbol under an 'EUR' heading, 'N° de facture' and 'Date d'échéance' in a bordered box on the right."""
    number = f"{inv.issue.year}{r.randint(1, 12):02d}{r.randint(100, 999)}"
    body = f"""
<table width='100%'><tr><td><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tél. 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}</td>
<td><table style='float:right; border:1px solid #333'><tr><td>N° de facture</td><td>{e(number)}</td></tr><tr><td>Date de facture</td><td>{date(inv.issue, 'fr')}</td></tr>
<tr><td>Date d'échéance</td><td>{date(inv.due, 'fr')}</td></tr><tr><td>Code client</td><td>{inv.customer}</td></tr></table></td></tr></table><br>
<p style='margin-left:55%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<h3>FACTURE</h3>
<table class=items width='100%'><tr><th>Désignation</th><th class=r>Quantité</th><th class=r>P.U. H.T.</th><th class=r>EUR</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'fr', symbol=False)}</td><td class=r>{money(a, 'fr', symbol=False)}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total H.T.</td><td class=r>{money(inv.net, 'fr', symbol=False)}</td></tr>
<tr><td>T.V.A. {inv.rate:.2f} %</td><td class=r>{money(inv.tax, 'fr', symbol=False)}</td></tr><tr><td><b>Total T.T.C.</b></td><td class=r><b>{money(inv.total, 'fr', symbol=False)}</b></td></tr></table>
<p class=small>En cas de retard de paiement, une indemnité forfaitaire de 40 € pour frais de recouvrement sera due.</p>"""
    return number, page(body, footer3(inv, "fr"))


def en_uk_ordinal(r, inv):
    """An EU company's English invoice in British style: 'Tax Invoice', dates with ordinal suffixes ('5th March 2025'),
    'Invoice Ref', 'Amount Due (EUR)', 'Net / VAT @ 19% / Gross' and 'Please pay by'."""
    number = f"{r.choice(['TI', 'SI'])}{r.randint(1000, 99999)}"
    def ordinal(d):
        s = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
        months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return f"{d.day}{s} {months[d.month - 1]} {d.year}"
    body = f"""
<table width='100%'><tr><td><div class=big>Tax Invoice</div></td><td class=r><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}</td></tr></table><br>
<table width='100%'><tr><td>To:<br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><table style='float:right'><tr><td>Invoice Ref</td><td>{e(number)}</td></tr><tr><td>Date</td><td>{ordinal(inv.issue)}</td></tr>
<tr><td>Your Ref</td><td>{inv.order}</td></tr><tr><td>Account</td><td>{inv.customer}</td></tr></table></td></tr></table><br>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Unit Price</th><th class=r>Net</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{p:,.2f}</td><td class=r>{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Net</td><td class=r>{inv.net:,.2f}</td></tr>
<tr><td>VAT @ {inv.rate:g}%</td><td class=r>{inv.tax:,.2f}</td></tr><tr><td>Gross</td><td class=r>{inv.total:,.2f}</td></tr>
<tr><td><b>Amount Due (EUR)</b></td><td class=r><b>{inv.total:,.2f}</b></td></tr></table>
<p>Please pay by {ordinal(inv.due)}.{' Bank: IBAN ' + grouped(inv.iban) + ' BIC ' + inv.bic if inv.show_iban else ''}</p>
<p class=small>Registered office: {e(inv.street)}, {e(inv.city)} · VAT Reg No {inv.vat}</p>"""
    return number, page(body)


def de_einzeilig(r, inv):
    """Totals on one line ('Netto 1.234,56 € + 19 % USt. 234,57 € = 1.469,13 €'), the number and date in the page's
    right margin ('Nr. …', 'vom …'), 'fällig' with a date in the closing sentence."""
    number = f"{r.randint(100, 9999)}/{inv.issue.year % 100:02d}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)} · {e(inv.city)}</td>
<td class=r>Rechnung<br>Nr. {e(number)}<br>vom {date(inv.issue, 'de')}</td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p><br>
{items_table(inv, ['Pos', 'Leistung', '>Menge', '>Preis', '>Betrag'], 'de')}
<p style='text-align:right; margin-top:10px'>Netto {money(inv.net, 'de')} + {inv.rate:g} % USt. {money(inv.tax, 'de')} = <b>{money(inv.total, 'de')}</b></p>
<p>Der Betrag ist fällig am {date(inv.due, 'de')}.{' Konto: ' + grouped(inv.iban) if inv.show_iban else ''}</p>
<p class=small>USt-IdNr. {inv.vat}</p>"""
    return number, page(body)


def de_brutto_positionen(r, inv):
    """A shop invoice with gross prices per line, then a tax summary table under the lines ('USt.-Satz | Netto | USt. |
    Brutto') and 'Zu zahlen' as the last line; the number as 'Beleg' in a row of headings with 'Datum' and 'Seite'."""
    number = f"{r.randint(100000, 999999)}"
    gross_lines = [(d, q, round(p * (1 + inv.rate / 100), 2)) for d, q, p, _ in inv.lines]
    inv.lines = [(d, q, p, round(q * p, 2)) for d, q, p in gross_lines]
    inv.total = round(sum(l[3] for l in inv.lines), 2)
    inv.net = round(inv.total / (1 + inv.rate / 100), 2)
    inv.tax = round(inv.total - inv.net, 2)
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}, {e(inv.city)}</td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table width='60%' style='border:1px solid #999'><tr><th align=left>Beleg</th><th align=left>Datum</th><th align=left>Kunde</th><th align=left>Seite</th></tr>
<tr><td>{e(number)}</td><td>{date(inv.issue, 'de')}</td><td>{inv.customer}</td><td>1</td></tr></table>
<h3>Rechnung</h3>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Preis brutto', '>Summe brutto'], 'de')}
<table style='margin-top:10px' class=items><tr><th>USt.-Satz</th><th class=r>Netto</th><th class=r>USt.</th><th class=r>Brutto</th></tr>
<tr><td>{inv.rate:g} %</td><td class=r>{money(inv.net, 'de')}</td><td class=r>{money(inv.tax, 'de')}</td><td class=r>{money(inv.total, 'de')}</td></tr></table>
<p style='text-align:right'><b>Zu zahlen: {money(inv.total, 'de')}</b></p>
<p>Zahlbar innerhalb {inv.days} Tagen bis {date(inv.due, 'de')}.</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_fin_de_mois(r, inv):
    """A French invoice whose terms are '30 jours fin de mois' with the due date printed beside them, a 'Référence' line
    for the invoice number, the seller's identifiers in one footer line ('SAS au capital de … – RCS … – TVA …')."""
    number = f"{r.choice(['FC', 'FA', 'F'])}-{r.randint(10000, 99999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}</td>
<td style='padding-left:30px'><b>Client</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<h2>Facture</h2>
<p>Référence : {e(number)}<br>Date : {date(inv.issue, 'fr_long')}<br>Conditions : 30 jours fin de mois, soit le {date(inv.due, 'fr')}</p>
{items_table(inv, ['Désignation', '>Qté', '>Prix unitaire HT', '>Total HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Montant HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA ({inv.rate:g} %)</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Montant TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
{'<p>Règlement par virement : IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    foot = f"<div class=footer>{e(inv.seller.rsplit(' ', 1)[0])} – {e(inv.seller.rsplit(' ', 1)[1])} au capital de {r.randint(1, 50) * 1000} € – RCS {e(inv.city.split(' ', 1)[1])} {inv.siren} – TVA {inv.vat}</div>"
    return number, page(body, foot)


ES_FORMS = ["S.L.", "S.A.", "SL", "SA", "S.L.U."]
IT_FORMS = ["S.r.l.", "S.p.A.", "Srl", "SpA", "S.n.c."]


def es_vat(r):
    body = [r.randint(0, 9) for _ in range(7)]
    total = sum((lambda y: y // 10 + y % 10)(x * 2) if i % 2 == 0 else x for i, x in enumerate(body))
    return "ESB" + "".join(map(str, body)) + str((10 - total % 10) % 10)


def it_vat(r):
    body = [r.randint(0, 9) for _ in range(10)]
    return "IT" + luhn_complete("".join(map(str, body)))


def iban_bban(r, country, bban):
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return country + "%02d" % (98 - int(numeric) % 97) + bban


def es_factura(r, inv):
    """A Spanish invoice: 'FACTURA', 'Nº de factura', 'Fecha', 'Vencimiento', the seller's NIF ('NIF: ESB…') under
    its name, 'Base imponible / IVA 21 % / Total factura', the bank as 'IBAN ES…'."""
    inv.seller = name(r, ES_FORMS)
    inv.vat = es_vat(r)
    inv.iban = iban_bban(r, "ES", "".join(str(r.randint(0, 9)) for _ in range(20)))
    inv.rate = 21.0
    inv.tax = round(inv.net * 0.21, 2)
    inv.total = round(inv.net + inv.tax, 2)
    number = f"{inv.issue.year}/{r.randint(1, 9999):04d}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>Calle Mayor {r.randint(1, 99)}<br>{r.randint(10000, 52999)} Villanueva<br>NIF: {inv.vat}</td>
<td class=r><div class=big>FACTURA</div><table style='float:right'><tr><td>Nº de factura</td><td>{e(number)}</td></tr>
<tr><td>Fecha</td><td>{date(inv.issue, 'fr')}</td></tr><tr><td>Vencimiento</td><td>{date(inv.due, 'fr')}</td></tr></table></td></tr></table><br>
<p><b>Cliente</b><br>{e(name(r, ES_FORMS))}<br>Avenida del Puerto {r.randint(1, 99)}<br>{r.randint(10000, 52999)} Montealto</p>
<table class=items width='100%'><tr><th>Concepto</th><th class=r>Cantidad</th><th class=r>Precio</th><th class=r>Importe</th></tr>
{''.join(f"<tr><td>Servicio {e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'de')}</td><td class=r>{money(a, 'de')}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Base imponible</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>IVA 21 %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Total factura</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
{'<p>Forma de pago: transferencia bancaria a IBAN ' + grouped(inv.iban) + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def it_fattura(r, inv):
    """An Italian invoice: 'Fattura n. 123/2025 del 05/03/2025' as one heading, 'P.IVA IT…' beside the seller's name,
    'Imponibile / IVA 22% / Totale documento', 'Scadenza pagamento'."""
    inv.seller = name(r, IT_FORMS)
    inv.vat = it_vat(r)
    inv.iban = iban_bban(r, "IT", r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "".join(str(r.randint(0, 9)) for _ in range(22)))
    inv.rate = 22.0
    inv.tax = round(inv.net * 0.22, 2)
    inv.total = round(inv.net + inv.tax, 2)
    number = f"{r.randint(1, 999)}/{inv.issue.year}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>Via Roma {r.randint(1, 99)} – {r.randint(10000, 98999)} Montebello<br>P.IVA {inv.vat[2:]}</td>
<td style='padding-left:30px'>Spett.le<br>{e(name(r, IT_FORMS))}<br>Corso Garibaldi {r.randint(1, 99)}<br>{r.randint(10000, 98999)} Castelnuovo</td></tr></table><br>
<h3>Fattura n. {e(number)} del {date(inv.issue, 'fr')}</h3>
<table class=items width='100%'><tr><th>Descrizione</th><th class=r>Q.tà</th><th class=r>Prezzo</th><th class=r>Importo</th></tr>
{''.join(f"<tr><td>Servizio {e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'de')}</td><td class=r>{money(a, 'de')}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Imponibile</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>IVA 22%</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Totale documento</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Scadenza pagamento: {date(inv.due, 'fr')}{' – Bonifico bancario IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</p>"""
    return number, page(body)


def fr_ttc_dont(r, inv):
    """A French retail-style invoice that leads with the amount including tax: 'Total TTC', then 'dont TVA 20 %' and
    'soit HT' under it; 'Facture N°' and 'Date' in the right column, the due date as 'Date limite de paiement'."""
    number = f"{r.randint(10, 99)}-{r.randint(100000, 999999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}<br>TVA intracommunautaire : {inv.vat}</td>
<td class=r>Facture N° {e(number)}<br>Date : {date(inv.issue, 'fr')}<br>Date limite de paiement : {date(inv.due, 'fr')}</td></tr></table><br>
<p style='margin-left:50%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
{items_table(inv, ['Désignation', '>Qté', '>Prix unitaire', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr>
<tr><td>dont TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td>soit HT</td><td class=r>{money(inv.net, 'fr')}</td></tr></table>
{'<p>Règlement par virement : ' + grouped(inv.iban) + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def en_usd_export(r, inv):
    """A German exporter's invoice in US dollars: 'Total USD', with the euro equivalent below it at an exchange
    rate ('Exchange rate 1 EUR = 1.0832 USD', 'Equivalent in EUR'), which is no total of this invoice."""
    inv.currency = "USD"
    inv.rate = 0.0
    inv.tax = 0.0
    inv.total = inv.net
    rate = round(r.uniform(1.02, 1.18), 4)
    number = f"EX-{inv.issue.year}-{r.randint(100, 9999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}, {e(inv.city)}, Germany<br>VAT ID {inv.vat}</td><td class=r><div class=big>COMMERCIAL INVOICE</div></td></tr></table><br>
<table width='100%'><tr><td><b>Consignee</b><br>Harbor {e(r.choice(LAST))} Inc.<br>{r.randint(10, 999)} Commerce Street<br>Springfield, IL 627{r.randint(10, 99)}<br>USA</td>
<td><table style='float:right'><tr><td>Invoice No.</td><td>{e(number)}</td></tr><tr><td>Invoice Date</td><td>{inv.issue.strftime('%B %d, %Y').replace(' 0', ' ')}</td></tr>
<tr><td>Payment Due</td><td>{inv.due.strftime('%B %d, %Y').replace(' 0', ' ')}</td></tr><tr><td>Incoterms</td><td>FCA</td></tr></table></td></tr></table><br>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Unit Price (USD)</th><th class=r>Amount (USD)</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{p:,.2f}</td><td class=r>{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Subtotal</td><td class=r>USD {inv.net:,.2f}</td></tr>
<tr><td>VAT 0% (export delivery, § 4 Nr. 1a UStG)</td><td class=r>USD 0.00</td></tr><tr><td><b>Total USD</b></td><td class=r><b>USD {inv.total:,.2f}</b></td></tr></table>
<p class=small>Exchange rate 1 EUR = {rate} USD · Equivalent in EUR: {inv.total / rate:,.2f}</p>
{'<p>Bank: IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def de_lastschrift(r, inv):
    """A service invoice paid by SEPA direct debit: the IBAN printed is the customer's, to be debited ('Der Betrag
    wird am … von Ihrem Konto DE… abgebucht'), with the creditor id and mandate reference; the seller's own
    account is printed nowhere, so there is no seller IBAN to read."""
    number = f"{r.randint(10, 99)}{r.randint(1000000, 9999999)}"
    debit = inv.due
    buyer_iban = iban(r, "DE")
    inv.show_iban = False
    creditor = "DE%02dZZZ0000%07d" % (r.randint(10, 99), r.randint(0, 9999999))
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)} · {e(inv.city)}</td></tr></table><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><table style='float:right'><tr><td>Rechnungsnummer</td><td>{e(number)}</td></tr><tr><td>Rechnungsdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kundennummer</td><td>{inv.customer}</td></tr><tr><td>Leistungszeitraum</td><td>{date(inv.issue.replace(day=1), 'de')} – {date(inv.issue, 'de')}</td></tr></table></td></tr></table>
<h3>Rechnung</h3>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>Einzelpreis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Der Rechnungsbetrag wird am {date(debit, 'de')} per SEPA-Lastschrift von Ihrem Konto IBAN {grouped(buyer_iban)} abgebucht.
Gläubiger-ID: {creditor}, Mandatsreferenz: M-{inv.customer}.</p>
<p class=small>{e(inv.seller)} · Geschäftsführer: {e(inv.contact)} · USt-IdNr. {inv.vat}</p>"""
    return number, page(body)


def fr_report_pages(r, inv):
    """A long French invoice: the lines run over two pages with 'À reporter' at the foot of the first and 'Report' at
    the head of the second, the totals only on the last page ('Total HT', 'Total TVA', 'Net à payer TTC')."""
    number = f"F{inv.issue.year % 100:02d}-{r.randint(10000, 99999)}"
    rows, running = [], 0.0
    for i, (d, q, p, a) in enumerate(inv.lines):
        running += a
        rows.append(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'fr')}</td><td class=r>{money(a, 'fr')}</td></tr>")
        if i % 24 == 23 and i + 1 < len(inv.lines):
            rows.append(f"<tr><td><i>À reporter</i></td><td></td><td></td><td class=r><i>{money(running, 'fr')}</i></td></tr>"
                        "</table><div style='page-break-after:always'></div><table class=items width='100%'>"
                        f"<tr><td><i>Report</i></td><td></td><td></td><td class=r><i>{money(running, 'fr')}</i></td></tr>")
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}</td>
<td class=r>FACTURE N° {e(number)}<br>Date : {date(inv.issue, 'fr')}<br>Échéance : {date(inv.due, 'fr')}</td></tr></table><br>
<p style='margin-left:50%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table class=items width='100%'><tr><th>Désignation</th><th class=r>Qté</th><th class=r>P.U. HT</th><th class=r>Montant HT</th></tr>
{''.join(rows)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>Total TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Net à payer TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>"""
    return number, page(body, footer3(inv, "fr"))


def nl_btw_verlegd(r, inv):
    """A Dutch subcontractor's invoice under reverse charge: 'BTW verlegd' instead of a tax amount, the buyer's
    BTW-nummer printed beside the seller's, 'Totaal excl. BTW' and 'Te betalen'."""
    inv.vat, inv.buyer_vat, inv.iban = nl_vat(r), nl_vat(r), iban(r, "NL")
    inv.seller = name(r, ["B.V.", "BV", "V.O.F."])
    inv.tax, inv.total = 0.0, inv.net
    number = f"{r.randint(1000, 99999)}"
    nl = lambda x: money(x, "de")
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{r.choice(['Havenweg', 'Marktplein'])} {r.randint(1, 99)}, {r.randint(1000, 9999)} AB Leiden<br>BTW-nr. {inv.vat}</td>
<td class=r>Factuur {e(number)}<br>Datum: {inv.issue.strftime('%d-%m-%Y')}<br>Vervaldatum: {inv.due.strftime('%d-%m-%Y')}</td></tr></table><br>
<p>{e(inv.buyer)}<br>Kerkstraat {r.randint(1, 99)}<br>{r.randint(1000, 9999)} KL Zwolle<br>BTW-nr. afnemer: {inv.buyer_vat}</p>
<table class=items width='100%'><tr><th>Omschrijving</th><th class=r>Uren</th><th class=r>Tarief</th><th class=r>Bedrag</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>€ {nl(p).replace(' €', '')}</td><td class=r>€ {nl(a).replace(' €', '')}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Totaal excl. BTW</td><td class=r>€ {nl(inv.net).replace(' €', '')}</td></tr>
<tr><td>BTW</td><td class=r>verlegd</td></tr><tr><td><b>Te betalen</b></td><td class=r><b>€ {nl(inv.total).replace(' €', '')}</b></td></tr></table>
<p>BTW verlegd naar afnemer (art. 12 lid 3 Wet OB).{' Graag betalen op ' + grouped(inv.iban) + '.' if inv.show_iban else ''}</p>"""
    return number, page(body)


def fr_auto_entrepreneur(r, inv):
    """A French sole trader ('Jeanne Exemple EI') exempt from VAT: 'TVA non applicable, art. 293 B du CGI', a SIRET
    only, the total equal to the net ('Total HT' then 'Net à payer'), the number as 'Facture n°' in the title."""
    person = f"{r.choice(FIRST)} {r.choice(LAST)}"
    seller = f"{person} EI"
    inv.exempt_from_vat(seller)
    number = f"{inv.issue.year}-{r.randint(1, 300):03d}"
    body = f"""
<div class=big>{e(seller)}</div><p>{e(inv.street)}<br>{e(inv.city)}<br>SIRET {inv.siren} {r.randint(10000, 99999)}</p>
<p style='margin-left:50%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<h2>Facture n° {e(number)}</h2><p>Date d'émission : {date(inv.issue, 'fr')} – Date d'échéance : {date(inv.due, 'fr')}</p>
{items_table(inv, ['Désignation', '>Qté', '>Prix unitaire', '>Total'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td><b>Net à payer</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p class=small>TVA non applicable, art. 293 B du CGI.{' IBAN : ' + grouped(inv.iban) if inv.show_iban else ''}</p>"""
    return number, page(body)


def de_stunden(r, inv):
    """A freelancer's hours invoice: hours and hourly rate per line, 'Summe Stunden' (a count, not money), then
    'Zwischensumme', 'zzgl. 19 % USt.' and 'Gesamt'; the number and date as 'RG-Nr.' and 'RG-Datum'."""
    hours = [round(r.choice([0.5, 1, 2.5, 4, 6, 7.5, 8]), 1) for _ in inv.lines]
    rate = r.choice([65.0, 75.0, 85.0, 95.0, 110.0])
    inv.lines = [(d, h, rate, round(h * rate, 2)) for (d, _, _, _), h in zip(inv.lines, hours)]
    inv.net = round(sum(l[3] for l in inv.lines), 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    number = f"RG{inv.issue.year}{r.randint(100, 999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>IT-Beratung · {e(inv.street)} · {e(inv.city)}</td>
<td class=r>RG-Nr.: {e(number)}<br>RG-Datum: {date(inv.issue, 'de')}<br>Projekt: P-{r.randint(100, 999)}</td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table class=items width='100%'><tr><th>Datum</th><th>Tätigkeit</th><th class=r>Stunden</th><th class=r>Stundensatz</th><th class=r>Betrag</th></tr>
{''.join(f"<tr><td>{date(inv.issue - dt.timedelta(days=20 - i), 'de')}</td><td>{e(d)}</td><td class=r>{h:g}</td><td class=r>{money(p, 'de')}</td><td class=r>{money(a, 'de')}</td></tr>" for i, (d, h, p, a) in enumerate(inv.lines))}</table>
<p>Summe Stunden: {sum(hours):g}</p>
<table style='margin-left:auto; margin-top:8px'><tr><td>Zwischensumme</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % USt.</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Gesamt</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar bis {date(inv.due, 'de')}.{' Bankverbindung: IBAN ' + grouped(inv.iban) if inv.show_iban else ''} · USt-IdNr. {inv.vat}</p>"""
    return number, page(body)


def de_barverkauf(r, inv):
    """A cash sale printed on A4: 'Barverkauf', the total paid in cash with 'Gegeben' and 'Zurück' (larger than the
    total, and the change) under it, no due date; the number as 'Bon-Nr.'."""
    number = f"{r.randint(1000, 9999)}-{r.randint(100, 999)}"
    given = float((int(inv.total) // 50 + 1) * 50)
    inv.due = None
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)} · {e(inv.city)} · USt-IdNr. {inv.vat}</td></tr></table><br>
<h3>Barverkauf – Rechnung</h3>
<p>Bon-Nr.: {e(number)}<br>Datum: {date(inv.issue, 'de')} {r.randint(8, 18)}:{r.randint(10, 59)}<br>Kasse {r.randint(1, 4)}</p>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Einzelpreis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Summe</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr>
<tr><td>Gegeben bar</td><td class=r>{money(given, 'de')}</td></tr><tr><td>Zurück</td><td class=r>{money(round(given - inv.total, 2), 'de')}</td></tr></table>
<p>Betrag dankend erhalten.</p>"""
    inv.show_iban = False
    return number, page(body)


def de_lieferadresse(r, inv):
    """An online shop's invoice: 'Rechnungsadresse' and 'Lieferadresse' side by side with the customer's name in
    both, the shop's name only in a small sender line and the footer; 'Bestellnummer' and 'Bestelldatum' before
    'Rechnungsnummer'."""
    number = f"R{r.randint(1000000, 9999999)}"
    body = f"""
<div class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</div><br>
<table width='100%'><tr><td><b>Rechnungsadresse</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><b>Lieferadresse</b><br>{e(inv.buyer)}<br>Lager {r.randint(1, 9)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<table><tr><td>Bestellnummer:</td><td>{inv.order}</td></tr><tr><td>Bestelldatum:</td><td>{date(inv.order_date, 'de')}</td></tr>
<tr><td>Rechnungsnummer:</td><td>{e(number)}</td></tr><tr><td>Rechnungsdatum:</td><td>{date(inv.issue, 'de')}</td></tr></table>
<h3>Rechnung</h3>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Zwischensumme (netto)</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>USt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Gesamtsumme</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlungsziel: {date(inv.due, 'de')}</p>"""
    return number, page(body, footer3(inv, "de"))


def en_terms_2_10(r, inv):
    """A German company's English invoice with US payment terms: 'Terms: 2/10 Net 30' (a cash discount within ten days,
    the whole amount in thirty) and the due date printed as 'Due Date'; 'Invoice #' and 'Invoice Date' in a box."""
    inv.days = 30
    inv.due = inv.issue + dt.timedelta(days=30)
    number = f"{r.randint(10000, 99999)}"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}, {e(inv.city)}, Germany</td>
<td><table style='float:right; border:1px solid #333'><tr><td>Invoice #</td><td>{e(number)}</td></tr><tr><td>Invoice Date</td><td>{inv.issue.strftime('%d %b %Y')}</td></tr>
<tr><td>Terms</td><td>2/10 Net 30</td></tr><tr><td>Due Date</td><td>{inv.due.strftime('%d %b %Y')}</td></tr></table></td></tr></table><br>
<p><b>Sold To</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table class=items width='100%'><tr><th>Item</th><th class=r>Qty</th><th class=r>Price</th><th class=r>Total</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{p:,.2f}</td><td class=r>{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Subtotal</td><td class=r>€{inv.net:,.2f}</td></tr>
<tr><td>VAT {inv.rate:g}%</td><td class=r>€{inv.tax:,.2f}</td></tr><tr><td><b>Total</b></td><td class=r><b>€{inv.total:,.2f}</b></td></tr>
<tr><td>2% discount if paid within 10 days</td><td class=r>€{inv.total * 0.98:,.2f}</td></tr></table>
<p class=small>VAT ID {inv.vat}{' · IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</p>"""
    return number, page(body)


def fr_acompte_deduit(r, inv):
    """A French final invoice that deducts a deposit already paid: 'Total TTC', 'Acompte versé le … (facture n° …)',
    'Reste à payer' (the amount due, smaller than the total)."""
    number = f"FA{inv.issue.year}{r.randint(1000, 9999)}"
    deposit = round(inv.total * 0.3, 2)
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}<br>N° TVA : {inv.vat}</td>
<td class=r><b>FACTURE DE SOLDE</b><br>N° {e(number)}<br>du {date(inv.issue, 'fr')}</td></tr></table><br>
<p style='margin-left:50%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
{items_table(inv, ['Désignation', '>Qté', '>PU HT', '>Total HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr>
<tr><td>Acompte versé le {date(inv.order_date, 'fr')} (facture n° FA{inv.issue.year}{r.randint(1000, 9999)})</td><td class=r>- {money(deposit, 'fr')}</td></tr>
<tr><td><b>Reste à payer</b></td><td class=r><b>{money(round(inv.total - deposit, 2), 'fr')}</b></td></tr></table>
<p>Échéance : {date(inv.due, 'fr')}{' – IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</p>"""
    return number, page(body)


def ch_vat(r):
    while True:
        d = [r.randint(0, 9) for _ in range(8)]
        c = 11 - sum(x * w for x, w in zip(d, [5, 4, 3, 2, 7, 6, 5, 4])) % 11
        if c == 11:
            c = 0
        if c < 10:
            s = "".join(map(str, d)) + str(c)
            return f"CHE-{s[:3]}.{s[3:6]}.{s[6:]}"


def chf(x, style="'"):
    return f"{x:,.2f}".replace(",", style)


def ch_qr_rechnung(r, inv):
    """A Swiss invoice in francs with a QR-bill payment part at the foot: 'MWST-Nr. CHE-… MWST', 8,1 %, amounts as
    1'234.50, and the payment part's receipt and slip ('Empfangsschein', 'Zahlteil') repeating the account, the
    payee, a 27-digit reference, 'Währung CHF' and the amount, with the buyer under 'Zahlbar durch'."""
    inv.currency = "CHF"
    inv.seller = name(r, ["AG", "GmbH"])
    inv.vat = ch_vat(r)
    inv.iban = iban(r, "CH")
    inv.show_iban = True
    inv.rate = 8.1
    inv.tax = round(inv.net * inv.rate / 100 * 20) / 20  # rounded to 5 centimes
    inv.total = round(inv.net + inv.tax, 2)
    city = f"{r.randint(1000, 9999)} {r.choice(DE_CITIES)}"
    bcity = f"{r.randint(1000, 9999)} {r.choice(DE_CITIES)}"
    number = f"{inv.issue.year}-{r.randint(10000, 99999)}"
    ref = "".join(str(r.randint(0, 9)) for _ in range(27))
    refg = ref[:2] + " " + " ".join(ref[i:i + 5] for i in range(2, 27, 5))
    rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{chf(p)}</td><td class=r>{chf(a)}</td></tr>" for d, q, p, a in inv.lines)
    slip = f"""<table width='100%' style='margin-top:14px; border-top:1px dashed #333'><tr>
<td style='width:32%; border-right:1px dashed #333'><b>Empfangsschein</b><br><b class=small>Konto / Zahlbar an</b><br>{grouped(inv.iban)}<br>{e(inv.seller)}<br>{e(inv.street)}<br>{e(city)}<br>
<b class=small>Referenz</b><br>{refg}<br><b class=small>Zahlbar durch</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(bcity)}<br>
<table><tr><td><b class=small>Währung</b><br>CHF</td><td><b class=small>Betrag</b><br>{chf(inv.total, ' ')}</td></tr></table><span class=small>Annahmestelle</span></td>
<td><b>Zahlteil</b><br><table><tr><td style='width:46mm; height:46mm; border:1px solid #000'>&nbsp;</td><td><b class=small>Konto / Zahlbar an</b><br>{grouped(inv.iban)}<br>{e(inv.seller)}<br>{e(inv.street)}<br>{e(city)}<br>
<b class=small>Referenz</b><br>{refg}<br><b class=small>Zusätzliche Informationen</b><br>Rechnung {e(number)}<br><b class=small>Zahlbar durch</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(bcity)}</td></tr></table>
<table><tr><td><b class=small>Währung</b><br>CHF</td><td><b class=small>Betrag</b><br>{chf(inv.total, ' ')}</td></tr></table></td></tr></table>"""
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(city)}<br>MWST-Nr. {inv.vat} MWST</td>
<td class=r>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(bcity)}</td></tr></table><br>
<h3>Rechnung</h3>
<table><tr><td>Rechnungsnummer</td><td>{e(number)}</td></tr><tr><td>Rechnungsdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kundennummer</td><td>{inv.customer}</td></tr><tr><td>Zahlbar bis</td><td>{date(inv.due, 'de')}</td></tr></table><br>
<table class=items width='100%'><tr><th>Bezeichnung</th><th class=r>Menge</th><th class=r>Preis CHF</th><th class=r>Total CHF</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total exkl. MWST</td><td class=r>CHF {chf(inv.net)}</td></tr>
<tr><td>MWST {inv.rate:g} %</td><td class=r>CHF {chf(inv.tax)}</td></tr><tr><td><b>Total inkl. MWST</b></td><td class=r><b>CHF {chf(inv.total)}</b></td></tr></table>
<p>Zahlbar innert {inv.days} Tagen netto. Besten Dank für Ihren Auftrag.</p>{slip}"""
    return number, page(body)


def fr_dolibarr(r, inv):
    """A French ERP's PDF: the type and 'Réf. : FA2503-0012' top right with 'Date facturation', 'Date échéance' and
    'Code client' under it, the parties in two boxes headed 'Émetteur' and 'Adressé à', a TVA column per line,
    'Total TVA 20%', then 'Payé' (nothing yet) and 'Reste à payer', the legal mentions in one line at the foot."""
    number = f"FA{inv.issue.year % 100:02d}{inv.issue.month:02d}-{r.randint(1, 9999):04d}"
    if inv.credit:
        number = "AV" + number[2:]
    kind = "Avoir" if inv.credit else "Facture"
    nb = lambda x: money(x, "fr", symbol=False)
    rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{inv.rate:g}%</td><td class=r>{nb(p)}</td><td class=r>{q:g}</td><td class=r>{nb(a)}</td></tr>" for d, q, p, a in inv.lines)
    bank = (f"<p class=small><b>Mode de règlement :</b> Virement bancaire<br>Paiement par virement sur le compte bancaire suivant :<br>"
            f"Banque : Banque {e(r.choice(FR_CITIES))}<br>IBAN : {grouped(inv.iban)}<br>BIC/SWIFT : {inv.bic}</p>") if inv.show_iban else "<p class=small><b>Mode de règlement :</b> Chèque</p>"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div></td>
<td class=r><b style='font-size:13pt'>{kind}</b><br>Réf. : {e(number)}<br>Date facturation : {date(inv.issue, 'fr')}<br>Date échéance : {date(inv.due, 'fr')}<br>Code client : CU{inv.issue.year % 100:02d}{inv.issue.month:02d}-{r.randint(1, 99999):05d}</td></tr></table><br>
<table width='100%'><tr><td style='width:48%'><span class=small>Émetteur</span><div class=grey style='padding:6px'><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tél. : 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}</div></td><td></td>
<td style='width:48%'><span class=small>Adressé à</span><div style='border:1px solid #999; padding:6px'><b>{e(inv.buyer)}</b><br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>N° TVA : {inv.buyer_vat}</div></td></tr></table>
<p class=small style='text-align:right'>Montants exprimés en Euros</p>
<table class=items width='100%'><tr><th>Désignation</th><th class=r>TVA</th><th class=r>P.U. HT</th><th class=r>Qté</th><th class=r>Total HT</th></tr>{rows}</table>
<table width='100%' style='margin-top:8px'><tr><td style='width:55%'><p class=small><b>Conditions de règlement :</b> {inv.days} jours</p>{bank}</td>
<td><table width='100%'><tr><td>Total HT</td><td class=r>{nb(inv.net)}</td></tr><tr><td>Total TVA {inv.rate:g}%</td><td class=r>{nb(inv.tax)}</td></tr>
<tr class=grey><td><b>Total TTC</b></td><td class=r><b>{nb(inv.total)}</b></td></tr><tr><td>Payé</td><td class=r>0,00</td></tr>
<tr><td><b>Reste à payer</b></td><td class=r><b>{nb(inv.total)}</b></td></tr></table></td></tr></table>"""
    foot = (f"<div class=footer style='text-align:center'>{e(inv.seller)} - Capital de {r.choice(['1 000', '5 000', '10 000', '50 000'])} € - {e(inv.street)} {e(inv.city)}<br>"
            f"SIRET : {inv.siren}000{r.randint(10, 99)} - NAF-APE : {r.randint(10, 96)}{r.randint(10, 99)}{r.choice('ABCZ')} - N° TVA : {inv.vat}</div>")
    return number, page(body, foot)


def de_grosshandel(r, inv):
    """A wholesaler's invoice: a tax code per line ('A' 19 %, 'B' 7 %) with the key printed under the table, a
    summary per code ('MwSt-Code | Satz | Netto | MwSt | Brutto'), then 'Summe netto', 'Summe MwSt' and
    'Rechnungsbetrag'; the number in three groups ('123/4567/890'), store, till and customer numbers about it."""
    codes = [r.choice("AAB") for _ in inv.lines]
    rates = {"A": 19.0, "B": 7.0}
    net = {c: round(sum(l[3] for l, k in zip(inv.lines, codes) if k == c), 2) for c in "AB"}
    tax = {c: round(net[c] * rates[c] / 100, 2) for c in "AB"}
    inv.net = round(net["A"] + net["B"], 2)
    inv.tax = round(tax["A"] + tax["B"], 2)
    inv.total = round(inv.net + inv.tax, 2)
    number = f"{r.randint(100, 999)}/{r.randint(1000, 9999)}/{r.randint(100, 999)}"
    cash = r.random() < 0.4
    if cash:
        inv.due = None
    rows = "".join(f"<tr><td>{r.randint(100000, 999999)}</td><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'de', symbol=False)}</td><td class=r>{money(a, 'de', symbol=False)}</td><td>{k}</td></tr>"
                   for (d, q, p, a), k in zip(inv.lines, codes))
    summary = "".join(f"<tr><td>{c}</td><td class=r>{rates[c]:g} %</td><td class=r>{money(net[c], 'de', symbol=False)}</td><td class=r>{money(tax[c], 'de', symbol=False)}</td><td class=r>{money(round(net[c] + tax[c], 2), 'de', symbol=False)}</td></tr>"
                      for c in "AB" if net[c] > 0)
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>Großhandel · {e(inv.street)} · {e(inv.city)}</td>
<td class=r>Markt {r.randint(10, 99):03d}<br>Kasse {r.randint(1, 30)}<br>Kunden-Nr. {r.randint(100, 999)} {r.randint(100, 999)} {r.randint(100, 999)}</td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<h3>Rechnung</h3>
<p>Rechnungs-Nr.: {e(number)} · Datum: {date(inv.issue, 'de')} · Uhrzeit {r.randint(7, 20)}:{r.randint(10, 59)}</p>
<table class=items width='100%'><tr><th>Art.-Nr.</th><th>Bezeichnung</th><th class=r>Menge</th><th class=r>Einzelpreis</th><th class=r>Betrag EUR</th><th>MwSt</th></tr>{rows}</table>
<p class=small>MwSt-Code A = {rates['A']:g} %, B = {rates['B']:g} %</p>
<table class=items><tr><th>MwSt-Code</th><th class=r>Satz</th><th class=r>Netto</th><th class=r>MwSt</th><th class=r>Brutto</th></tr>{summary}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Summe MwSt</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>{'Bezahlt mit Kundenkarte (EC) am ' + date(inv.issue, 'de') + '.' if cash else 'Zahlbar bis ' + date(inv.due, 'de') + ' ohne Abzug.'}</p>"""
    if cash:
        inv.show_iban = False
    return number, page(body, footer3(inv, "de"))


def de_ueberweisung(r, inv):
    """A German invoice with a transfer form printed at the foot ('SEPA-Überweisung'): the payee's name, IBAN and BIC,
    'Betrag: Euro, Cent', the invoice and customer numbers as the remittance text, the buyer as the payer, and an
    empty IBAN line for the payer's account; the due date as 'fällig am'."""
    inv.show_iban = True
    number = f"{inv.issue.year}-{r.randint(100, 9999):04d}"
    cell = "style='border:1px solid #c33; padding:2px 4px'"
    slip = f"""<div style='margin-top:16px; border-top:1px dashed #333; padding-top:6px'><b>SEPA-Überweisung/Zahlschein</b>
<table width='100%'><tr><td {cell}><span class=small>Angaben zum Zahlungsempfänger: Name, Vorname/Firma</span><br>{e(inv.seller)}</td></tr>
<tr><td {cell}><span class=small>IBAN</span><br>{grouped(inv.iban)}</td></tr><tr><td {cell}><span class=small>BIC des Kreditinstituts</span><br>{inv.bic}</td></tr>
<tr><td {cell}><span class=small>Betrag: Euro, Cent</span><br>{money(inv.total, 'de', symbol=False)}</td></tr>
<tr><td {cell}><span class=small>Kunden-Referenznummer - Verwendungszweck, ggf. Name und Anschrift des Zahlers</span><br>RE {e(number)} KD {inv.customer}</td></tr>
<tr><td {cell}><span class=small>noch Verwendungszweck</span><br>&nbsp;</td></tr>
<tr><td {cell}><span class=small>Angaben zum Kontoinhaber/Zahler: Name, Vorname/Firma, Ort</span><br>{e(inv.buyer)}, {e(inv.bcity.split(' ', 1)[1])}</td></tr>
<tr><td {cell}><span class=small>IBAN</span><br>DE</td></tr><tr><td><span class=small>Datum &nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; Unterschrift(en)</span></td></tr></table></div>"""
    body = f"""
<div class=small><u>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</u></div>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Rechnungsnummer: {e(number)}<br>Kundennummer: {inv.customer}<br>Datum: {date(inv.issue, 'de')}</td></tr></table><br>
<h3>Rechnung</h3>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Der Rechnungsbetrag ist fällig am {date(inv.due, 'de')}. Bitte nutzen Sie den anhängenden Überweisungsträger. USt-IdNr. {inv.vat}</p>{slip}"""
    return number, page(body)


def fr_situation(r, inv):
    """A French builder's progress invoice ('Situation de travaux n° 3'): per lot the contract amount, the share done and
    the cumulative amount; 'Total cumulé HT', 'Situations précédentes' deducted, 'Montant HT de la situation' (the
    net), TVA, 'Montant TTC' (the total), then a 5 % 'Retenue de garantie' deducted to give 'Net à payer'."""
    lots = []
    for k in range(r.randint(2, 4)):
        m = round(r.uniform(3000, 40000), 2)
        pct = r.choice([20, 30, 40, 50, 60, 75, 80, 90, 100])
        lots.append((f"Lot {k + 1} – {r.choice(['Gros œuvre', 'Plâtrerie', 'Électricité', 'Plomberie', 'Menuiseries', 'Peinture', 'Carrelage'])}", m, pct, round(m * pct / 100, 2)))
    cumul = round(sum(l[3] for l in lots), 2)
    previous = round(cumul * r.uniform(0.3, 0.6), 2)
    inv.net = round(cumul - previous, 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    held = round(inv.total * 0.05, 2)
    n = r.randint(2, 6)
    number = f"SIT{inv.issue.year}-{r.randint(100, 999)}"
    rows = "".join(f"<tr><td>{e(l)}</td><td class=r>{money(m, 'fr')}</td><td class=r>{p} %</td><td class=r>{money(c, 'fr')}</td></tr>" for l, m, p, c in lots)
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>Entreprise générale du bâtiment<br>{e(inv.street)}<br>{e(inv.city)}</td>
<td class=r>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<h3>Situation de travaux n° {n} – Facture n° {e(number)}</h3>
<p>Date : {date(inv.issue, 'fr')}<br>Travaux arrêtés au {date(inv.issue - dt.timedelta(days=r.randint(1, 6)), 'fr')}<br>Chantier : {e(r.choice(FR_STREETS))}, {e(r.choice(FR_CITIES))}<br>Marché n° M{inv.issue.year}-{r.randint(10, 99)} du {date(inv.order_date - dt.timedelta(days=90), 'fr')}</p>
<table class=items width='100%'><tr><th>Lot</th><th class=r>Montant marché HT</th><th class=r>Avancement</th><th class=r>Cumul HT</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total cumulé HT</td><td class=r>{money(cumul, 'fr')}</td></tr>
<tr><td>À déduire : situations précédentes HT</td><td class=r>- {money(previous, 'fr')}</td></tr>
<tr><td><b>Montant HT de la situation</b></td><td class=r><b>{money(inv.net, 'fr')}</b></td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Montant TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr>
<tr><td>Retenue de garantie 5 %</td><td class=r>- {money(held, 'fr')}</td></tr>
<tr><td><b>Net à payer</b></td><td class=r><b>{money(round(inv.total - held, 2), 'fr')}</b></td></tr></table>
<p>Règlement à {inv.days} jours, soit le {date(inv.due, 'fr')}{', par virement : IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic if inv.show_iban else ''}.</p>"""
    return number, page(body, footer3(inv, "fr"))


def de_sidebar(r, inv):
    """A designer's template: the seller's name, address, contact and bank details in a grey band down the left,
    the recipient, the title and a row of meta data (number, date, due date as headings with values under them)
    in the main column, 'Zwischensumme / MwSt. 19 % / Gesamt'."""
    number = f"{inv.issue.year}-{r.randint(100, 999)}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    bank = f"<br><br><b>Bank</b><br>IBAN {grouped(inv.iban)}<br>BIC {inv.bic}" if inv.show_iban else ""
    side = (f"<b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br><br>Telefon 0{r.randint(100, 999)} {r.randint(10000, 999999)}"
            f"<br>{e(inv.contact.split()[1].lower())}@example.de<br><br>USt-IdNr.<br>{inv.vat}{bank}")
    meta = (f"<table width='100%'><tr><th style='text-align:left'>{kind} Nr.</th><th style='text-align:left'>Datum</th><th style='text-align:left'>Fällig am</th>"
            f"<th style='text-align:left'>Kunde</th></tr><tr><td>{e(number)}</td><td>{date(inv.issue, 'de')}</td><td>{date(inv.due, 'de')}</td><td>{inv.customer}</td></tr></table>")
    body = f"""
<table width='100%'><tr><td class=grey style='width:30%; padding:10px'>{side}</td>
<td style='padding-left:18px'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br><div class=big>{kind.upper()}</div><br>{meta}<br>
{items_table(inv, ['Leistung', '>Menge', '>Preis', '>Summe'], 'de', pos=False)}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Zwischensumme</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Gesamt</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Vielen Dank! Bitte zahlen Sie bis {date(inv.due, 'de')}.</p></td></tr></table>"""
    return number, page(body)


def fr_facture_a(r, inv):
    """An online invoicing tool: the seller's block top right, 'Facturé à' on the left, 'Numéro de facture',
    'Date d'émission', 'Date d'échéance' lines, 'Total HT / TVA 20 % / Total TTC', then 'Coordonnées bancaires'."""
    number = f"F{inv.issue.year}{r.randint(1, 12):02d}-{r.randint(1, 999):03d}"
    kind = "Avoir" if inv.credit else "Facture"
    bank = f"<p><b>Coordonnées bancaires</b><br>IBAN : {grouped(inv.iban)}<br>BIC : {inv.bic}</p>" if inv.show_iban else ""
    body = f"""
<table width='100%'><tr><td><div class=big>{kind}</div><br>Numéro de facture : {e(number)}<br>Date d'émission : {date(inv.issue, 'fr')}<br>
Date d'échéance : {date(inv.due, 'fr')}</td>
<td class=r><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>SIRET {inv.siren} 000{r.randint(10, 99)}<br>TVA {inv.vat}<br>contact@example.fr</td></tr></table>
<br><p><b>Facturé à</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
{items_table(inv, ['Description', '>Qté', '>Prix unitaire HT', '>Total HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
{bank}<p class=small>En cas de retard de paiement, une indemnité forfaitaire de 40 € pour frais de recouvrement sera due.</p>"""
    return number, page(body)


def de_kaestchen(r, inv):
    """Meta data in a grid of boxes on the right, each label small above its value ('Rechnungsnummer' over the
    number), the letterhead at the top right with 'Telefon', the recipient on the left, 'Nettobetrag / zzgl. 19 % USt /
    Rechnungsbetrag', a delivery note number and an order number in the same grid."""
    number = f"R{r.randint(100000, 999999)}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    def box(label, value):
        return f"<td style='border:1px solid #999'><div class=small>{e(label)}</div>{e(value)}</td>"
    grid = (f"<table style='float:right'><tr>{box(kind + 'snummer', number)}{box(kind + 'sdatum', date(inv.issue, 'de'))}</tr>"
            f"<tr>{box('Lieferschein', 'LS' + str(r.randint(10000, 99999)))}{box('Ihre Bestellnummer', inv.order)}</tr>"
            f"<tr>{box('Kundennummer', inv.customer)}{box('Zahlungsziel', date(inv.due, 'de'))}</tr></table>")
    body = f"""
<div style='text-align:right'><span class=big>{e(inv.seller)}</span><br>{e(inv.street)} · {e(inv.city)}<br>Telefon 0{r.randint(100, 999)} {r.randint(10000, 999999)}</div>
<br><table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td><td>{grid}</td></tr></table>
<h2>{kind}</h2>
{items_table(inv, ['Pos', 'Artikel / Leistung', '>Menge', '>E-Preis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % USt</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>"""
    return number, page(body, footer3(inv, "de"))


def fr_devis_ref(r, inv):
    """An artisan's invoice that names the quote and the order it follows ('Suivant devis n° D… du …', 'Votre
    commande n° … du …') before its own number and date, 'Montant HT / TVA / Montant TTC', payment by 'virement'."""
    number = f"{r.randint(1, 9)}{r.randint(100, 999)}"
    kind = "AVOIR" if inv.credit else "FACTURE"
    quote = f"D{inv.issue.year}-{r.randint(10, 99)}"
    body = f"""
<b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tél. 0{r.randint(1, 9)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}
<div style='margin-left:55%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</div>
<p>Suivant devis n° {quote} du {date(inv.order_date - dt.timedelta(days=7), 'fr')}<br>Votre commande n° {inv.order} du {date(inv.order_date, 'fr')}</p>
<h2>{kind} n° {e(number)} du {date(inv.issue, 'fr')}</h2>
{items_table(inv, ['Désignation', '>Quantité', '>P.U. HT', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Montant HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td><b>Montant TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Règlement par virement avant le {date(inv.due, 'fr')}.{' IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic if inv.show_iban else ''}</p>
<p class=small>{e(inv.seller)} – SIREN {inv.siren} – TVA intracommunautaire {inv.vat}</p>"""
    return number, page(body)


def de_fliesstext(r, inv):
    """A plain letter that says it all in sentences: 'mit Rechnung Nr. … vom … berechnen wir Ihnen', the items as a
    short list, and 'Der Rechnungsbetrag von … € (darin enthalten 19 % MwSt. = … €) ist fällig am …' with no net line."""
    number = f"{r.randint(10, 99)}/{inv.issue.year}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    items = "".join(f"<li>{e(d)}: {f'{q:g}'.replace('.', ',')} × {money(p, 'de')} = {money(a, 'de')}</li>" for d, q, p, a in inv.lines)
    body = f"""
<div style='text-align:center'><span class=big>{e(inv.seller)}</span><br>{e(inv.street)} · {e(inv.city)} · Tel. 0{r.randint(100, 999)} {r.randint(10000, 999999)}</div>
<br><br><p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<p style='text-align:right'>{e(inv.city.split()[1])}, {date(inv.issue, 'de')}</p>
<p><b>{kind}</b></p>
<p>Sehr geehrte Damen und Herren,</p>
<p>mit {kind} Nr. {e(number)} vom {date(inv.issue, 'de')} berechnen wir Ihnen für unsere Leistungen im Auftrag {inv.order}:</p>
<ul>{items}</ul>
<p>Der {kind}sbetrag von {money(inv.total, 'de')} (darin enthalten {inv.rate:g} % MwSt. = {money(inv.tax, 'de')}) ist fällig am
{date(inv.due, 'de')}.{' Bitte überweisen Sie ihn auf unser Konto IBAN ' + grouped(inv.iban) + ' (BIC ' + inv.bic + ').' if inv.show_iban else ''}</p>
<p>Mit freundlichen Grüßen<br>{e(inv.contact)}</p>
<p class=small>USt-IdNr.: {inv.vat}</p>"""
    return number, page(body)


def fr_centre(r, inv):
    """A centred letterhead with the SIRET under it, 'Paris, le 3 mars 2025' on the right, 'Facture n° 2025/118', amounts
    without a currency sign under 'Montant (EUR)', 'Échéance : 30 jours fin de mois, soit le …'."""
    number = f"{inv.issue.year}/{r.randint(100, 999)}"
    kind = "Avoir" if inv.credit else "Facture"
    rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'fr', symbol=False)}</td><td class=r>{money(a, 'fr', symbol=False)}</td></tr>"
                   for d, q, p, a in inv.lines)
    bank = f"<p>Règlement par virement : IBAN {grouped(inv.iban)} – BIC {inv.bic}</p>" if inv.show_iban else ""
    body = f"""
<div style='text-align:center'><span class=big>{e(inv.seller)}</span><br>{e(inv.street)} – {e(inv.city)}<br>SIRET {inv.siren} 000{r.randint(10, 99)} – TVA {inv.vat}</div>
<br><table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>{e(inv.city.split(' ', 1)[1])}, le {date(inv.issue, 'fr_long')}</td></tr></table>
<h2>{kind} n° {e(number)}</h2>
<table class=items width='100%'><tr><th>Désignation</th><th class=r>Quantité</th><th class=r>Prix unitaire (EUR)</th><th class=r>Montant (EUR)</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Total hors taxes</td><td class=r>{money(inv.net, 'fr', symbol=False)}</td></tr>
<tr><td>TVA à {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr', symbol=False)}</td></tr>
<tr><td><b>Total toutes taxes comprises</b></td><td class=r><b>{money(inv.total, 'fr', symbol=False)}</b></td></tr></table>
<p>Échéance : {inv.days} jours, soit le {date(inv.due, 'fr')}.</p>{bank}"""
    return number, page(body)


def de_betrag_oben(r, inv):
    """The amount to pay in a box at the top right ('Zu zahlen: … bis …') before anything else, the seller's name only
    in the footer and in small type over the window, the totals repeated at the foot of the table."""
    number = f"RN{inv.issue.year % 100:02d}-{r.randint(10000, 99999)}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    box = (f"<div style='border:2px solid #333; padding:6px; width:45%; float:right'>Zu zahlen: <b>{money(inv.total, 'de')}</b><br>"
           f"bis {date(inv.due, 'de')}<br>Verwendungszweck: {e(number)}</div>")
    body = f"""
{box}<div class=small>{e(inv.seller)}, {e(inv.street)}, {e(inv.city)}</div>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<br style='clear:both'><h2>{kind} {e(number)}</h2>
<p>Rechnungsdatum: {date(inv.issue, 'de')} &nbsp;&nbsp; Kundennummer: {inv.customer} &nbsp;&nbsp; Leistungsdatum: {date(inv.delivery, 'de')}</p>
{items_table(inv, ['Pos.', 'Beschreibung', '>Menge', '>Einzelpreis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Summe brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>"""
    return number, page(body, footer3(inv, "de"))


def en_bill_ship(r, inv):
    """An English template with the seller's name and address top left, 'INVOICE' top right over '#', 'Date', 'P.O. #',
    'Due Date'; 'Bill To' and 'Ship To' blocks side by side; 'Subtotal', 'Tax (19%)', 'Total', 'Balance Due'."""
    number = f"{r.randint(1000, 9999)}"
    kind = "CREDIT NOTE" if inv.credit else "INVOICE"
    meta = (f"<table style='float:right'><tr><td>{kind.title()} #</td><td class=r>{e(number)}</td></tr><tr><td>Date</td><td class=r>{inv.issue.strftime('%d %b %Y')}</td></tr>"
            f"<tr><td>P.O. #</td><td class=r>{inv.order}</td></tr><tr><td>Due Date</td><td class=r>{inv.due.strftime('%d %b %Y')}</td></tr></table>")
    pay = f"<p>Payment details: IBAN {grouped(inv.iban)}, BIC {inv.bic}</p>" if inv.show_iban else ""
    body = f"""
<table width='100%'><tr><td><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}, Germany<br>VAT ID {inv.vat}</td>
<td class=r><div class=big>{kind}</div>{meta}</td></tr></table>
<table width='100%' style='margin-top:12px'><tr><td><b>Bill To</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><b>Ship To</b><br>{e(inv.buyer)}<br>{e(r.choice(['Warehouse 2', 'Gate 4', 'Dock B']))}<br>{e(inv.bcity)}</td></tr></table>
<table class=items width='100%' style='margin-top:12px'><tr><th>Qty</th><th>Description</th><th class=r>Unit Price</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{q:g}</td><td>{e(d)}</td><td class=r>€{p:,.2f}</td><td class=r>€{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Subtotal</td><td class=r>€{inv.net:,.2f}</td></tr>
<tr><td>Tax ({inv.rate:g}%)</td><td class=r>€{inv.tax:,.2f}</td></tr>
<tr><td><b>Total</b></td><td class=r><b>€{inv.total:,.2f}</b></td></tr>
<tr><td>Balance Due</td><td class=r>€{inv.total:,.2f}</td></tr></table>
{pay}<p>Terms &amp; Conditions: payment is due within {inv.days} days.</p>"""
    return number, page(body)


def fr_marque_pied(r, inv):
    """The brand at the top right in capitals without its legal form, the client's block at the top left, the legal
    name with its form only in the footer ('… SARL au capital de … – RCS …'); 'Facture' with 'Référence', 'Date',
    'Échéance' in a row; 'Total HT / TVA 20 % / Total TTC'."""
    number = f"FA-{inv.issue.year}-{r.randint(1000, 9999)}"
    kind = "Avoir" if inv.credit else "Facture"
    brand = " ".join(w for w in inv.seller.split() if w not in FR_FORMS).upper()
    bank = f"IBAN {grouped(inv.iban)} – BIC {inv.bic}<br>" if inv.show_iban else ""
    body = f"""
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r><span class=big>{e(brand)}</span><br>{e(inv.street)}<br>{e(inv.city)}</td></tr></table>
<h2>{kind}</h2>
<table width='60%'><tr><th style='text-align:left'>Référence</th><th style='text-align:left'>Date</th><th style='text-align:left'>Échéance</th></tr>
<tr><td>{e(number)}</td><td>{date(inv.issue, 'fr')}</td><td>{date(inv.due, 'fr')}</td></tr></table><br>
{items_table(inv, ['Désignation', '>Qté', '>PU HT', '>Total HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>"""
    footer = (f"<div class=footer>{e(inv.seller)} au capital de {r.choice([1000, 5000, 10000])} € – RCS {e(inv.city.split(' ', 1)[1])} {inv.siren} – "
              f"TVA {inv.vat}<br>{bank}</div>")
    return number, page(body, footer)


def de_beleg(r, inv):
    """An accounting package's layout: the meta data as a small two-column table on the left under the address
    ('Beleg-Nr.', 'Belegdatum', 'Fälligkeit', 'Kunden-Nr.'), 'Nettobetrag / zzgl. Umsatzsteuer 19 % / Gesamtbetrag'."""
    number = f"{r.randint(1000, 9999)}-{r.randint(10, 99)}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    meta = (f"<table><tr><td>Beleg-Nr.</td><td>{e(number)}</td></tr><tr><td>Belegdatum</td><td>{date(inv.issue, 'de')}</td></tr>"
            f"<tr><td>Fälligkeit</td><td>{date(inv.due, 'de')}</td></tr><tr><td>Kunden-Nr.</td><td>{inv.customer}</td></tr></table>")
    body = f"""
<div class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</div>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
{meta}
<h2>{kind}</h2>
{items_table(inv, ['Pos.', 'Bezeichnung', '>Menge', '>Preis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Gesamtbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>"""
    return number, page(body, footer3(inv, "de"))


def en_amount_due_box(r, inv):
    """An English invoice with 'Amount Due (EUR)' in a shaded box at the top right holding the total, 'Invoice Number:',
    'Invoice Date:', 'Payment Due:' lines on the left, 'Sub Total', 'VAT 20%', 'Total EUR' at the foot, 'Payment Terms'."""
    number = f"INV-{r.randint(10000, 99999)}"
    kind = "Credit Note" if inv.credit else "Invoice"
    body = f"""
<table width='100%'><tr><td><span class=big>{e(inv.seller)}</span><br>{e(inv.street)}, {e(inv.city)}, France<br>VAT: {inv.vat}</td></tr></table>
<br><table width='100%'><tr><td><b>Billed To</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
{kind} Number: {e(number)}<br>{kind} Date: {inv.issue.strftime('%B %d, %Y')}<br>Payment Due: {inv.due.strftime('%B %d, %Y')}</td>
<td class=r><div class=grey style='padding:10px; display:inline-block'>Amount Due (EUR)<br><span class=big>€{inv.total:,.2f}</span></div></td></tr></table>
<table class=items width='100%' style='margin-top:12px'><tr><th>Item</th><th class=r>Quantity</th><th class=r>Rate</th><th class=r>Line Total</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>€{p:,.2f}</td><td class=r>€{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Sub Total</td><td class=r>€{inv.net:,.2f}</td></tr>
<tr><td>VAT {inv.rate:g}%</td><td class=r>€{inv.tax:,.2f}</td></tr>
<tr><td><b>Total EUR</b></td><td class=r><b>€{inv.total:,.2f}</b></td></tr></table>
<p>Payment Terms: {inv.days} days.{' Bank: IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic if inv.show_iban else ''}</p>"""
    return number, page(body)


def de_summenzeile(r, inv):
    """The totals in one line as a sum, 'Netto 1.234,56 € + 19 % USt. 234,57 € = Brutto 1.469,13 €', the number and date
    in the subject line ('Rechnung Nr. … vom …'), payment terms 'Zahlbar sofort nach Erhalt' with the due date in brackets."""
    number = f"{inv.issue.year % 100:02d}{r.randint(1000, 9999)}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    body = f"""
<div class=big>{e(inv.seller)}</div><div>{e(inv.street)} | {e(inv.city)} | USt-IdNr. {inv.vat}</div><br><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p><br>
<p><b>{kind} Nr. {e(number)} vom {date(inv.issue, 'de')}</b></p>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>Einzelpreis', '>Summe'], 'de')}
<p style='margin-top:10px'>Netto {money(inv.net, 'de')} + {inv.rate:g} % USt. {money(inv.tax, 'de')} = <b>Brutto {money(inv.total, 'de')}</b></p>
<p>Zahlbar sofort nach Erhalt (spätestens {date(inv.due, 'de')}).{' IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic if inv.show_iban else ''}</p>"""
    return number, page(body)


def de_von_an(r, inv):
    """Parties named by labels side by side: 'Rechnung an:' over the buyer on the left, 'Von:' over the seller on the
    right, then 'Rechnungsnummer', 'Datum', 'Zahlbar bis' in a row; 'Zwischensumme / zzgl. 19 % MwSt. / Endsumme'."""
    number = f"{r.randint(100, 999)}-{inv.issue.year}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    body = f"""
<div class=big>{kind.upper()}</div><br>
<table width='100%'><tr><td><b>{kind} an:</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><b>Von:</b><br>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}<br>USt-IdNr. {inv.vat}</td></tr></table><br>
<table width='80%'><tr><th style='text-align:left'>{kind}snummer</th><th style='text-align:left'>Datum</th><th style='text-align:left'>Zahlbar bis</th></tr>
<tr><td>{e(number)}</td><td>{date(inv.issue, 'de')}</td><td>{date(inv.due, 'de')}</td></tr></table><br>
{items_table(inv, ['Beschreibung', '>Menge', '>Einzelpreis', '>Gesamt'], 'de', pos=False)}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Zwischensumme</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % MwSt.</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Endsumme</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
{'<p>Bankverbindung: IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def fr_simplifiee(r, inv):
    """A small French invoice: number and date in a two-cell box, the totals on one line separated by dashes
    ('Total HT : … — TVA (20 %) : … — Total TTC : …'), 'Paiement à réception' with 'date limite : …'."""
    number = f"{r.randint(1, 999):03d}"
    kind = "Avoir" if inv.credit else "Facture"
    body = f"""
<b>{e(inv.seller)}</b><br>{e(inv.street)}, {e(inv.city)}<br>SIRET {inv.siren} 000{r.randint(10, 99)} · TVA {inv.vat}<br><br>
<table style='border:1px solid #333'><tr><td style='border:1px solid #333'>{kind} n° {e(number)}</td><td style='border:1px solid #333'>Date : {date(inv.issue, 'fr')}</td></tr></table>
<p>Client : {e(inv.buyer)}, {e(inv.bstreet)}, {e(inv.bcity)}</p>
{items_table(inv, ['Prestation', '>Qté', '>Prix HT', '>Montant HT'], 'fr', pos=False)}
<p style='margin-top:10px'>Total HT : {money(inv.net, 'fr')} — TVA ({inv.rate:g} %) : {money(inv.tax, 'fr')} — <b>Total TTC : {money(inv.total, 'fr')}</b></p>
<p>Paiement à réception, date limite : {date(inv.due, 'fr')}.{' IBAN : ' + grouped(inv.iban) if inv.show_iban else ''}</p>"""
    return number, page(body)


def en_reverse_charge(r, inv):
    """A French seller's English invoice to a buyer in another EU country: no VAT charged ('VAT reverse charged -
    Article 196, Directive 2006/112/EC'), 'Supplier VAT No.' and 'Customer VAT No.' both printed, total = net."""
    number = f"{inv.issue.year}{r.randint(1000, 9999)}"
    kind = "Credit Note" if inv.credit else "Invoice"
    inv.tax, inv.total = 0.0, inv.net
    body = f"""
<table width='100%'><tr><td><span class=big>{e(inv.seller)}</span><br>{e(inv.street)}<br>{e(inv.city)}, France<br>Supplier VAT No.: {inv.vat}</td>
<td class=r><div class=big>{kind.upper()}</div>{kind} No.: {e(number)}<br>Issue date: {inv.issue.strftime('%d/%m/%Y')}<br>Due date: {inv.due.strftime('%d/%m/%Y')}</td></tr></table>
<br><p><b>Customer</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}, Germany<br>Customer VAT No.: {inv.buyer_vat}</p>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Unit price</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>EUR {p:,.2f}</td><td class=r>EUR {a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Net amount</td><td class=r>EUR {inv.net:,.2f}</td></tr>
<tr><td>VAT 0%</td><td class=r>EUR 0.00</td></tr>
<tr><td><b>Total</b></td><td class=r><b>EUR {inv.total:,.2f}</b></td></tr></table>
<p>VAT reverse charged - Article 196, Directive 2006/112/EC.</p>
{'<p>Bank details: IBAN ' + grouped(inv.iban) + ' / BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def en_expiration(r, inv):
    """A Dutch-style English invoice from accounting software: 'Invoice date', 'Expiration date' for the due date,
    amounts with a euro sign before them and a decimal comma ('€ 1.234,56'), 'Total excl. VAT / VAT 19% / Total incl. VAT'."""
    number = f"{inv.issue.year}-{r.randint(1, 999):04d}"
    kind = "Credit invoice" if inv.credit else "Invoice"
    def m(x):
        return "€ " + money(x, "de", symbol=False)
    body = f"""
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>VAT {inv.vat}<br>{'IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</td></tr></table>
<h2>{kind}</h2>
<table><tr><td>{kind} number</td><td>{e(number)}</td></tr><tr><td>Invoice date</td><td>{date(inv.issue, 'de').replace('.', '-')}</td></tr>
<tr><td>Expiration date</td><td>{date(inv.due, 'de').replace('.', '-')}</td></tr><tr><td>Customer number</td><td>{inv.customer}</td></tr></table><br>
<table class=items width='100%'><tr><th>Description</th><th class=r>Quantity</th><th class=r>Price</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{m(p)}</td><td class=r>{m(a)}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Total excl. VAT</td><td class=r>{m(inv.net)}</td></tr>
<tr><td>VAT {inv.rate:g}%</td><td class=r>{m(inv.tax)}</td></tr>
<tr><td><b>Total incl. VAT</b></td><td class=r><b>{m(inv.total)}</b></td></tr></table>
<p>We kindly request you to pay the above amount before the expiration date.</p>"""
    return number, page(body)


def it_cortesia(r, inv):
    """An Italian courtesy copy of an e-invoice: 'Cedente/prestatore' and 'Cessionario/committente' headings side by side,
    a row of 'Tipo documento | Numero documento | Data documento', 'Imponibile / Imposta / Totale documento', 'Scadenza'."""
    number = f"{r.randint(1, 999)}/{inv.issue.year}"
    kind = "Nota di credito" if inv.credit else "Fattura"
    def m(x):
        return money(x, "de", symbol=False)
    body = f"""
<table width='100%'><tr><td><b>Cedente/prestatore (fornitore)</b><br>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}<br>Partita IVA: {inv.vat}</td>
<td><b>Cessionario/committente (cliente)</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<table width='70%'><tr><th style='text-align:left'>Tipo documento</th><th style='text-align:left'>Numero documento</th><th style='text-align:left'>Data documento</th></tr>
<tr><td>{kind}</td><td>{e(number)}</td><td>{date(inv.issue, 'fr')}</td></tr></table><br>
<table class=items width='100%'><tr><th>Descrizione</th><th class=r>Quantità</th><th class=r>Prezzo unitario</th><th class=r>Prezzo totale</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{m(q)}</td><td class=r>{m(p)}</td><td class=r>{m(a)}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Imponibile</td><td class=r>{m(inv.net)} EUR</td></tr>
<tr><td>Imposta ({inv.rate:g}%)</td><td class=r>{m(inv.tax)} EUR</td></tr>
<tr><td><b>Totale documento</b></td><td class=r><b>{m(inv.total)} EUR</b></td></tr></table>
<p>Modalità pagamento: bonifico{' – IBAN ' + inv.iban if inv.show_iban else ''} – Scadenza: {date(inv.due, 'fr')}</p>"""
    return number, page(body)


def es_emisor(r, inv):
    """A Spanish invoice: 'Emisor' and 'Cliente' blocks, 'Nº Factura', 'Fecha de expedición', 'Base imponible /
    IVA 21 % / Total factura', 'Vencimiento'."""
    number = f"F{inv.issue.year}-{r.randint(100, 999)}"
    kind = "Factura rectificativa" if inv.credit else "Factura"
    body = f"""
<div class=big>{kind.upper()}</div><br>
<table width='100%'><tr><td><b>Emisor</b><br>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}<br>NIF-IVA: {inv.vat}</td>
<td><b>Cliente</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Nº Factura: {e(number)}<br>Fecha de expedición: {date(inv.issue, 'fr')}<br>Vencimiento: {date(inv.due, 'fr')}</td></tr></table><br>
{items_table(inv, ['Concepto', '>Cantidad', '>Precio', '>Importe'], 'de', pos=False)}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Base imponible</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>IVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Total factura</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
{'<p>Forma de pago: transferencia bancaria a ' + grouped(inv.iban) + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def en_within_days(r, inv):
    """A UK-style invoice that prints no due date, only 'Payment due within 30 days of the invoice date'; 'Invoice No.',
    'Tax Point', 'Account Ref', 'Net Total / VAT Total / Invoice Total'."""
    number = f"{r.randint(10000, 99999)}"
    kind = "Credit Note" if inv.credit else "Invoice"
    inv.days = r.choice([14, 30, 60])
    inv.due = inv.issue + dt.timedelta(days=inv.days)
    body = f"""
<table width='100%'><tr><td><span class=big>{e(inv.seller)}</span><br>{e(inv.street)}, {e(inv.city)}<br>VAT Reg No: {inv.vat}</td>
<td class=r><div class=big>{kind.upper()}</div></td></tr></table><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><table style='float:right'><tr><td>{kind} No.</td><td>{e(number)}</td></tr><tr><td>Tax Point</td><td>{inv.issue.strftime('%d/%m/%Y')}</td></tr>
<tr><td>Account Ref</td><td>{inv.customer}</td></tr></table></td></tr></table><br>
<table class=items width='100%'><tr><th>Details</th><th class=r>Qty</th><th class=r>Unit Price</th><th class=r>Net Amount</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>€{p:,.2f}</td><td class=r>€{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Net Total</td><td class=r>€{inv.net:,.2f}</td></tr>
<tr><td>VAT Total</td><td class=r>€{inv.tax:,.2f}</td></tr>
<tr><td><b>Invoice Total</b></td><td class=r><b>€{inv.total:,.2f}</b></td></tr></table>
<p>Payment due within {inv.days} days of the invoice date.{' Bank: IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic if inv.show_iban else ''}</p>"""
    # No due date printed: none in the ground truth either, as the development e-invoices' XML has it for terms-only invoices.
    inv.due = None
    return number, page(body)


def en_saas(r, inv):
    """A software subscription invoice in English from a payment platform: the amount due as a headline
    ('€1,234.56 due April 4, 2025'), 'Date of issue' and 'Date due' in words, 'Subtotal', 'Total excluding tax',
    'VAT - Germany (19% on €…)' with the base in the label, 'Total', 'Amount due'."""
    number = "".join(r.choice("ABCDEF0123456789") for _ in range(8)) + f"-{r.randint(1, 30):04d}"
    kind = "Credit note" if inv.credit else "Invoice"
    words = lambda d: d.strftime('%B ') + str(d.day) + d.strftime(', %Y')
    m = lambda x: f"€{x:,.2f}"
    body = f"""
<div class=big>{kind}</div><br>
<table><tr><td>{kind} number</td><td>{e(number)}</td></tr><tr><td>Date of issue</td><td>{words(inv.issue)}</td></tr>
<tr><td>Date due</td><td>{words(inv.due)}</td></tr></table><br>
<table width='100%'><tr><td><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Germany<br>DE VAT {inv.vat}</td>
<td><b>Bill to</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Germany</td></tr></table><br>
<div style='font-size:15pt; font-weight:bold'>{m(inv.total)} due {words(inv.due)}</div><br>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Unit price</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{e(d)}<br><span class=small>{words(inv.issue)} – {words(inv.due)}</span></td><td class=r>{q:g}</td><td class=r>{m(p)}</td><td class=r>{m(a)}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Subtotal</td><td class=r>{m(inv.net)}</td></tr>
<tr><td>Total excluding tax</td><td class=r>{m(inv.net)}</td></tr>
<tr><td>VAT - Germany ({inv.rate:g}% on {m(inv.net)})</td><td class=r>{m(inv.tax)}</td></tr>
<tr><td>Total</td><td class=r>{m(inv.total)}</td></tr>
<tr><td><b>Amount due</b></td><td class=r><b>{m(inv.total)}</b></td></tr></table>
{'<p>Pay by bank transfer: IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def de_sap_beleg(r, inv):
    """An ERP print: the seller's name in small type in the return-address line and in large type at the top right, a
    block of 'Belegnummer / Belegdatum / Kundennummer / Ihr Zeichen / Lieferschein … vom …', items with 'Material' and
    'ME', 'Summe Positionen', 'MwSt 19,00 % von 1.234,56 EUR', 'Rechnungsbetrag EUR', and payment terms with a discount
    date and amount before the net due date ('Zahlbar bis … mit 2,00 % Skonto = … EUR, bis … ohne Abzug')."""
    number = f"9{r.randint(10000000, 99999999)}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    skonto_day = inv.issue + dt.timedelta(days=min(10, inv.days - 1))
    skonto = round(inv.total * 0.02, 2)
    delivery = f"8{r.randint(1000000, 9999999)}"
    m = lambda x: money(x, 'de', symbol=False)
    body = f"""
<table width='100%'><tr><td style='width:55%'><span class=small><u>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</u></span><br><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><div style='font-size:16pt; font-weight:bold'>{e(inv.seller)}</div><br>
<table><tr><td>Belegnummer</td><td>{e(number)}</td></tr><tr><td>Belegdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kundennummer</td><td>{inv.customer}</td></tr><tr><td>Ihr Zeichen</td><td>{e(inv.contact)}</td></tr>
<tr><td>Lieferschein</td><td>{delivery} vom {date(inv.delivery, 'de')}</td></tr></table></td></tr></table>
<h2>{kind}</h2>
<table class=items width='100%'><tr><th>Pos</th><th>Material</th><th>Bezeichnung</th><th class=r>Menge</th><th>ME</th><th class=r>Preis je ME</th><th class=r>Betrag EUR</th></tr>
{''.join(f"<tr><td>{(i + 1) * 10}</td><td>{r.randint(100000, 999999)}</td><td>{e(d)}</td><td class=r>{m(q)}</td><td>ST</td><td class=r>{m(p)}</td><td class=r>{m(a)}</td></tr>" for i, (d, q, p, a) in enumerate(inv.lines))}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Summe Positionen</td><td class=r>{m(inv.net)}</td></tr>
<tr><td>MwSt {m(inv.rate)} % von {m(inv.net)} EUR</td><td class=r>{m(inv.tax)}</td></tr>
<tr><td><b>Rechnungsbetrag EUR</b></td><td class=r><b>{m(inv.total)}</b></td></tr></table>
<p>Zahlungsbedingungen: Zahlbar bis {date(skonto_day, 'de')} mit 2,00 % Skonto = {m(skonto)} EUR, bis {date(inv.due, 'de')} ohne Abzug.</p>
{'<p>Bankverbindung: ' + grouped(inv.iban) + ' · ' + inv.bic + '</p>' if inv.show_iban else ''}
<p class=small>Steuernummer {r.randint(10, 99)}/{r.randint(100, 999)}/{r.randint(10000, 99999)} · USt-IdNr. {inv.vat}</p>"""
    # The due date is the first payment term's, the discount's (docs/fields.md, "The due date"): so the ground truth says.
    inv.due = skonto_day
    return number, page(body)


def fr_sage_grid(r, inv):
    """A French accounting-package print with boxed grids: the seller in a box at the top left, the buyer in a box at the
    right, a row of headings ('Pièce | Date | Code client | Échéance | Mode de règlement') over a row of values, a VAT
    table ('Code | Base HT | Taux | Montant TVA') beside a box 'Total HT / Total TVA / Total TTC / Acompte / Net à payer'."""
    number = f"FA{r.randint(100000, 999999)}"
    kind = "AVOIR" if inv.credit else "FACTURE"
    b = "style='border:1px solid #333'"
    m = lambda x: money(x, 'fr', symbol=False)
    body = f"""
<table width='100%'><tr><td {b} style='width:48%'><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tél. 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}</td><td></td>
<td {b}>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<div class=big>{kind}</div>
<table width='100%'><tr><th {b}>Pièce</th><th {b}>Date</th><th {b}>Code client</th><th {b}>Échéance</th><th {b}>Mode de règlement</th></tr>
<tr><td {b}>{e(number)}</td><td {b}>{date(inv.issue, 'fr')}</td><td {b}>C{inv.customer}</td><td {b}>{date(inv.due, 'fr')}</td><td {b}>Virement</td></tr></table><br>
<table class=items width='100%'><tr><th>Désignation</th><th class=r>Quantité</th><th class=r>P.U. HT</th><th class=r>Montant HT</th><th class=r>TVA</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{m(q)}</td><td class=r>{m(p)}</td><td class=r>{m(a)}</td><td class=r>1</td></tr>" for d, q, p, a in inv.lines)}</table><br>
<table width='100%'><tr><td style='width:55%'><table width='100%'><tr><th {b}>Code</th><th {b}>Base HT</th><th {b}>Taux</th><th {b}>Montant TVA</th></tr>
<tr><td {b}>1</td><td {b} class=r>{m(inv.net)}</td><td {b} class=r>{m(inv.rate)}</td><td {b} class=r>{m(inv.tax)}</td></tr></table></td><td></td>
<td><table width='100%'><tr><td {b}>Total HT</td><td {b} class=r>{m(inv.net)}</td></tr><tr><td {b}>Total TVA</td><td {b} class=r>{m(inv.tax)}</td></tr>
<tr><td {b}>Total TTC</td><td {b} class=r>{m(inv.total)}</td></tr><tr><td {b}>Acompte</td><td {b} class=r>0,00</td></tr>
<tr><td {b}><b>Net à payer</b></td><td {b} class=r><b>{m(inv.total)} €</b></td></tr></table></td></tr></table>
<p class=small>{e(inv.seller)} – SIRET {inv.siren}000{r.randint(10, 99)} – APE {r.randint(1000, 9999)}Z – N° TVA {inv.vat}{' – IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</p>"""
    return number, page(body)


def fr_mentions_legales(r, inv):
    """A French services invoice with the legal notices printed in full: 'Période du … au …', 'N° de facture' and
    'Date de facture' in a box at the right, 'Montant total HT / TVA à 20 % / Montant total TTC', then 'Date d'échéance',
    'Escompte pour paiement anticipé : néant', late-payment penalties and the fixed 40 € recovery fee."""
    number = f"{inv.issue.year}{inv.issue.month:02d}-{r.randint(1, 99):03d}"
    kind = "Avoir" if inv.credit else "Facture"
    start = inv.issue.replace(day=1) - dt.timedelta(days=1)
    start = start.replace(day=1)
    end = inv.issue.replace(day=1) - dt.timedelta(days=1)
    body = f"""
<table width='100%'><tr><td><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>SIRET : {inv.siren}000{r.randint(10, 99)}<br>TVA : {inv.vat}</td>
<td class=r><table style='float:right; border:1px solid #333'><tr><td>N° de facture</td><td>{e(number)}</td></tr><tr><td>Date de facture</td><td>{date(inv.issue, 'fr')}</td></tr></table></td></tr></table><br>
<table width='100%'><tr><td></td><td style='width:45%'><b>{e(inv.buyer)}</b><br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>N° TVA client : {inv.buyer_vat}</td></tr></table>
<h2>{kind}</h2>
<p>Prestations réalisées pendant la période du {date(start, 'fr')} au {date(end, 'fr')}.</p>
{items_table(inv, ['Désignation', '>Quantité', '>Prix unitaire HT', '>Total HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Montant total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA à {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td><b>Montant total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Date d'échéance : {date(inv.due, 'fr')}<br>Escompte pour paiement anticipé : néant.<br>
En cas de retard de paiement, des pénalités égales à trois fois le taux d'intérêt légal seront exigibles, ainsi qu'une
indemnité forfaitaire pour frais de recouvrement de 40,00 €.{'<br>Règlement par virement : IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic if inv.show_iban else ''}</p>"""
    return number, page(body)


def de_shop_brutto(r, inv):
    """A web shop's invoice to a consumer: prices with VAT ('Einzelpreis (brutto)'), shipping, 'Gesamtsumme' and then
    'enthaltene MwSt. 19 %' and 'Gesamtsumme netto' under it; the order number in large type above the invoice's own,
    'Bestelldatum' before 'Rechnungsdatum', paid already ('Zahlungsart: PayPal – bereits bezahlt'), so no due date."""
    number = f"RE-{inv.issue.year}-{r.randint(10000, 99999)}"
    order = f"{r.randint(100000, 999999)}"
    rate = inv.rate / 100
    gross = [(d, q, round(p * (1 + rate), 2)) for d, q, p, _ in inv.lines]
    gross = [(d, q, p, round(q * p, 2)) for d, q, p in gross]
    shipping = r.choice([4.90, 5.95, 0.0])
    inv.total = round(sum(a for _, _, _, a in gross) + shipping, 2)
    inv.net = round(inv.total / (1 + rate), 2)
    inv.tax = round(inv.total - inv.net, 2)
    inv.due = None
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller.split()[0]).upper()}</div><span class=small>Ihr Online-Shop</span></td>
<td class=r><div style='font-size:14pt'>Bestellung Nr. {order}</div></td></tr></table><br>
<span class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</span><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><table style='float:right'><tr><td>Bestelldatum</td><td>{date(inv.order_date, 'de')}</td></tr>
<tr><td>Rechnungsnummer</td><td>{e(number)}</td></tr><tr><td>Rechnungsdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kundennummer</td><td>{inv.customer}</td></tr></table></td></tr></table>
<h2>Rechnung</h2>
<table class=items width='100%'><tr><th>Pos.</th><th>Artikel</th><th class=r>Menge</th><th class=r>Einzelpreis (brutto)</th><th class=r>Gesamt (brutto)</th></tr>
{''.join(f"<tr><td>{i + 1}</td><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'de')}</td><td class=r>{money(a, 'de')}</td></tr>" for i, (d, q, p, a) in enumerate(gross))}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Versandkosten</td><td class=r>{money(shipping, 'de')}</td></tr>
<tr><td><b>Gesamtsumme</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr>
<tr><td>enthaltene MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td>Gesamtsumme netto</td><td class=r>{money(inv.net, 'de')}</td></tr></table>
<p>Zahlungsart: PayPal – der Betrag wurde bereits bezahlt. Vielen Dank für Ihren Einkauf!</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_multi_taux(r, inv):
    """A French food wholesaler's invoice at three VAT rates: each line with its rate code, a recap table by rate
    ('Code | Taux | Base HT | Montant TVA') and then only 'Total HT' and 'Total TTC', no line with the VAT's sum."""
    number = f"F{r.randint(100000, 999999)}"
    kind = "AVOIR" if inv.credit else "FACTURE"
    rates = {1: 5.5, 2: 10.0, 3: 20.0}
    food = ["Farine T55 25 kg", "Huile d'olive 5 l", "Café grains 1 kg", "Sucre 10 kg", "Plats préparés", "Jus de fruits 1 l",
            "Produits d'entretien", "Vaisselle jetable", "Vin rouge 75 cl", "Eau minérale 1,5 l"]
    codes = [1, 2, 3] + [r.choice([1, 2, 3]) for _ in range(r.randint(0, 4))]
    lines = []
    for c in codes:
        q = r.choice([1, 2, 3, 5, 6, 10, 12])
        p = round(r.uniform(2, 80), 2)
        lines.append((r.choice(food), q, p, round(q * p, 2), c))
    bases = {c: round(sum(a for _, _, _, a, k in lines if k == c), 2) for c in sorted(set(codes))}
    taxes = {c: round(bases[c] * rates[c] / 100, 2) for c in bases}
    inv.net = round(sum(bases.values()), 2)
    inv.tax = round(sum(taxes.values()), 2)
    inv.total = round(inv.net + inv.tax, 2)
    m = lambda x: money(x, 'fr', symbol=False)
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}<br>N° TVA : {inv.vat}</td>
<td style='width:40%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<b>{kind} N° {e(number)}</b> du {date(inv.issue, 'fr')} – Client {inv.customer} – Échéance {date(inv.due, 'fr')}<br><br>
<table class=items width='100%'><tr><th>Désignation</th><th class=r>Qté</th><th class=r>P.U. HT</th><th class=r>Montant HT</th><th class=r>Code TVA</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q}</td><td class=r>{m(p)}</td><td class=r>{m(a)}</td><td class=r>{c}</td></tr>" for d, q, p, a, c in lines)}</table><br>
<table width='100%'><tr><td style='width:55%'><table><tr><th>Code</th><th class=r>Taux</th><th class=r>Base HT</th><th class=r>Montant TVA</th></tr>
{''.join(f"<tr><td>{c}</td><td class=r>{m(rates[c])} %</td><td class=r>{m(bases[c])}</td><td class=r>{m(taxes[c])}</td></tr>" for c in bases)}</table></td>
<td><table style='margin-left:auto'><tr><td>Total HT</td><td class=r>{m(inv.net)} €</td></tr>
<tr><td><b>Total TTC</b></td><td class=r><b>{m(inv.total)} €</b></td></tr></table></td></tr></table>
{'<p>Règlement par virement : IBAN ' + grouped(inv.iban) + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def en_deposit_balance(r, inv):
    """A German company's English invoice for a project: 'Sub Total', 'VAT @ 19%', 'Total', then 'Less: Deposit Paid'
    in parentheses ('(1,200.00)') and 'Balance Due' under it; 'Invoice No' and 'Due Date' in a box at the right."""
    number = f"{inv.issue.year % 100:02d}{r.randint(100, 999)}"
    kind = "CREDIT NOTE" if inv.credit else "INVOICE"
    deposit = round(inv.total * r.choice([0.2, 0.25, 0.3, 0.5]), 0)
    m = lambda x: f"{x:,.2f}"
    body = f"""
<table width='100%'><tr><td><div class=big>{kind}</div><br><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Germany<br>VAT No: {inv.vat}</td>
<td><table style='float:right; border:1px solid #333'><tr><td>Invoice No</td><td>{e(number)}</td></tr><tr><td>Invoice Date</td><td>{inv.issue.strftime('%d/%m/%Y')}</td></tr>
<tr><td>Due Date</td><td>{inv.due.strftime('%d/%m/%Y')}</td></tr><tr><td>Project</td><td>P-{r.randint(100, 999)}</td></tr></table></td></tr></table><br>
<p><b>Invoice To:</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Rate (EUR)</th><th class=r>Amount (EUR)</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{m(p)}</td><td class=r>{m(a)}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Sub Total</td><td class=r>{m(inv.net)}</td></tr>
<tr><td>VAT @ {inv.rate:g}%</td><td class=r>{m(inv.tax)}</td></tr>
<tr><td><b>Total</b></td><td class=r><b>{m(inv.total)}</b></td></tr>
<tr><td>Less: Deposit Paid</td><td class=r>({m(deposit)})</td></tr>
<tr><td><b>Balance Due (EUR)</b></td><td class=r><b>{m(inv.total - deposit)}</b></td></tr></table>
{'<p>Payment by bank transfer to IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def fr_hotel_note(r, inv):
    """A French hotel's bill: 'Facture N°' with the room and the stay ('Arrivée le … – Départ le …'), nights and
    breakfasts at 10 %, the minibar at 20 %, the tourist tax outside VAT ('Taxe de séjour', 'Hors champ TVA'),
    'Total TTC', then 'dont TVA 10 %', 'dont TVA 20 %', 'Total HT', and 'Réglé par CB le …': no due date."""
    number = f"{r.randint(10000, 99999)}"
    nights = r.randint(1, 6)
    arrival = inv.issue - dt.timedelta(days=nights)
    room = round(r.uniform(60, 220), 2)
    breakfast = round(r.uniform(8, 22), 2)
    minibar = round(r.uniform(3, 40), 2)
    guests = r.choice([1, 2])
    stay_tax = round(r.choice([0.88, 1.65, 2.30, 3.30]) * nights * guests, 2)
    ten = [("Nuitée chambre", nights, room), ("Petit-déjeuner", nights * guests, breakfast)]
    ten = [(d, q, p, round(q * p, 2)) for d, q, p in ten]
    twenty = [("Minibar", 1, minibar, minibar)]
    base10 = round(sum(a for *_, a in ten), 2)
    base20 = minibar
    tax10 = round(base10 * 0.10, 2)
    tax20 = round(base20 * 0.20, 2)
    inv.net = round(base10 + base20 + stay_tax, 2)
    inv.tax = round(tax10 + tax20, 2)
    inv.total = round(inv.net + inv.tax, 2)
    inv.due = None
    m = lambda x: money(x, 'fr')
    def ttc(p, rate):
        return round(p * (1 + rate), 2)
    rows = [(d, q, p, a, 0.10) for d, q, p, a in ten] + [(d, q, p, a, 0.20) for d, q, p, a in twenty]
    body = f"""
<div style='text-align:center'><div class=big>{e(inv.seller)}</div>{e(inv.street)} – {e(inv.city)}<br>Tél. 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}</div><br>
<table width='100%'><tr><td>Facture N° {e(number)}<br>Date : {date(inv.issue, 'fr')}<br>Chambre {r.randint(101, 420)}</td>
<td style='width:45%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table>
<p>Arrivée le {date(arrival, 'fr')} – Départ le {date(inv.issue, 'fr')} – {guests} personne(s)</p>
<table class=items width='100%'><tr><th>Prestation</th><th class=r>Qté</th><th class=r>P.U. TTC</th><th class=r>Montant TTC</th><th class=r>TVA</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q}</td><td class=r>{m(ttc(p, rt))}</td><td class=r>{m(round(a * (1 + rt), 2))}</td><td class=r>{rt * 100:g} %</td></tr>" for d, q, p, a, rt in rows)}
<tr><td>Taxe de séjour</td><td class=r>{nights * guests}</td><td class=r>{m(round(stay_tax / (nights * guests), 2))}</td><td class=r>{m(stay_tax)}</td><td class=r>Hors champ</td></tr></table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td><b>Total TTC</b></td><td class=r><b>{m(inv.total)}</b></td></tr>
<tr><td>dont TVA 10 %</td><td class=r>{m(tax10)}</td></tr>
<tr><td>dont TVA 20 %</td><td class=r>{m(tax20)}</td></tr>
<tr><td>Total HT</td><td class=r>{m(inv.net)}</td></tr></table>
<p>Réglé par carte bancaire le {date(inv.issue, 'fr')}. Merci de votre visite.</p>
<p class=small>{e(inv.seller)} – SIRET {inv.siren}000{r.randint(10, 99)} – TVA {inv.vat}</p>"""
    inv.show_iban = False
    return number, page(body)


def en_marketplace(r, inv):
    """A marketplace seller's English invoice: 'Sold by' over the seller's block, 'Invoice date / Delivery date' in
    words, the total only at the top ('Total payable'), an order number in the marketplace's long form, and a VAT summary
    as a grid ('VAT rate | Item subtotal (excl. VAT) | VAT subtotal' over '19% | … | …' and 'Total | … | …')."""
    number = f"DE{r.randint(1, 9)}-{''.join(r.choice('ABCDEFGHJKLMNPQRSTUVWXYZ') for _ in range(4))}{r.randint(10, 99)}"
    kind = "Credit note" if inv.credit else "Invoice"
    order = f"{r.randint(300, 309)}-{r.randint(1000000, 9999999)}-{r.randint(1000000, 9999999)}"
    words = lambda d: f"{d.day} {d.strftime('%B %Y')}"
    m = lambda x: f"€{x:,.2f}"
    rate = inv.rate / 100
    body = f"""
<table width='100%'><tr><td><div class=big>{kind}</div></td>
<td class=r>{kind} date / Delivery date: {words(inv.issue)}<br>{kind} #: {e(number)}<br><b>Total payable {m(inv.total)}</b></td></tr></table><br>
<table width='100%'><tr><td style='width:34%'><b>Sold by</b><br>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}, DE<br>VAT # {inv.vat}</td>
<td style='width:33%'><b>Billing address</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}, DE</td>
<td><b>Delivery address</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}, DE</td></tr></table><br>
<p><b>Order information</b><br>Order date {words(inv.order_date)}<br>Order # {order}</p>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Unit price (excl. VAT)</th><th class=r>VAT rate</th><th class=r>Unit price (incl. VAT)</th><th class=r>Item subtotal (incl. VAT)</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{m(p)}</td><td class=r>{inv.rate:g}%</td><td class=r>{m(round(p * (1 + rate), 2))}</td><td class=r>{m(round(a * (1 + rate), 2))}</td></tr>" for d, q, p, a in inv.lines)}</table><br>
<p><b>VAT summary</b></p>
<table style='margin-left:auto'><tr><th>VAT rate</th><th class=r>Item subtotal (excl. VAT)</th><th class=r>VAT subtotal</th></tr>
<tr><td>{inv.rate:g}%</td><td class=r>{m(inv.net)}</td><td class=r>{m(inv.tax)}</td></tr>
<tr><td><b>Total</b></td><td class=r><b>{m(inv.net)}</b></td><td class=r><b>{m(inv.tax)}</b></td></tr></table>
{'<p>Payment to: IBAN ' + grouped(inv.iban) + '</p>' if inv.show_iban else ''}"""
    inv.due = None
    return number, page(body)


def fr_majuscules(r, inv):
    """A French craftsman's invoice in capitals: the trade name at the top without its form (the form only in the
    footer's 'SARL au capital de …'), a bordered box of 'RÉF. CLIENT / NUMÉRO / DATE / ÉCHÉANCE / CONDITIONS' with
    the values beside, 'TOTAL H.T. / T.V.A. 20,00 % / TOTAL T.T.C. / NET A PAYER'."""
    number = f"{inv.issue.year % 100:02d}{inv.issue.month:02d}{r.randint(100, 999)}"
    kind = "AVOIR" if inv.credit else "FACTURE"
    brand = inv.seller.rsplit(" ", 1)[0]
    form = inv.seller.rsplit(" ", 1)[1]
    b = "style='border:1px solid #333'"
    body = f"""
<table width='100%'><tr><td><div class=big>{e(brand.upper())}</div>MENUISERIE – AGENCEMENT<br>{e(inv.street.upper())}<br>{e(inv.city.upper())}</td>
<td style='width:45%'><div class=big>{kind}</div><table {b} width='100%'><tr><td {b}>RÉF. CLIENT</td><td {b}>{inv.customer}</td></tr>
<tr><td {b}>NUMÉRO</td><td {b}>{e(number)}</td></tr><tr><td {b}>DATE</td><td {b}>{date(inv.issue, 'fr')}</td></tr>
<tr><td {b}>ÉCHÉANCE</td><td {b}>{date(inv.due, 'fr')}</td></tr><tr><td {b}>CONDITIONS</td><td {b}>{inv.days} JOURS NET</td></tr></table></td></tr></table><br>
<table width='100%'><tr><td></td><td style='width:45%'>{e(inv.buyer.upper())}<br>{e(inv.bstreet.upper())}<br>{e(inv.bcity.upper())}</td></tr></table><br>
<table class=items width='100%'><tr><th>DÉSIGNATION</th><th class=r>QTÉ</th><th class=r>P.U. H.T.</th><th class=r>MONTANT H.T.</th></tr>
{''.join(f"<tr><td>{e(d.upper())}</td><td class=r>{money(q, 'fr', symbol=False)}</td><td class=r>{money(p, 'fr', symbol=False)}</td><td class=r>{money(a, 'fr', symbol=False)}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>TOTAL H.T.</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>T.V.A. {money(inv.rate, 'fr', symbol=False)} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td>TOTAL T.T.C.</td><td class=r>{money(inv.total, 'fr')}</td></tr>
<tr class=grey><td><b>NET A PAYER</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<div class=footer>{e(inv.seller)} – {form} au capital de 8 000 € – RCS {e(inv.city.split(' ', 1)[1])} {inv.siren} – TVA {inv.vat}{' – IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</div>"""
    return number, page(body)


def de_leitweg(r, inv):
    """An invoice to a public authority: the recipient an office without a company form ('Landratsamt …, Amt für
    Hochbau'), its 'Leitweg-ID' and 'Kassenzeichen' printed as references, 'Rechnung Nr. … vom …' in the subject line,
    'Leistungszeitraum', and 'zahlbar innerhalb von 30 Tagen ohne Abzug bis zum …'."""
    number = f"{inv.issue.year}-{r.randint(1000, 9999)}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    leitweg = f"{r.randint(1, 16):02d}{r.randint(100, 999)}-{r.randint(10000, 99999)}-{r.randint(10, 99)}"
    kassen = f"{r.randint(1000000000, 9999999999)}"
    start = inv.issue.replace(day=1) - dt.timedelta(days=1)
    body = f"""
<div style='text-align:right'><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tel. 0{r.randint(100, 999)} {r.randint(10000, 999999)}</div>
<p>Landratsamt {e(inv.bcity.split()[1])}<br>Amt für Hochbau<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table><tr><td>Leitweg-ID:</td><td>{leitweg}</td></tr><tr><td>Kassenzeichen:</td><td>{kassen}</td></tr>
<tr><td>Ihre Bestellung:</td><td>{inv.order} vom {date(inv.order_date, 'de')}</td></tr></table>
<h3>{kind} Nr. {e(number)} vom {date(inv.issue, 'de')}</h3>
<p>Leistungszeitraum: {date(start.replace(day=1), 'de')} – {date(start, 'de')}</p>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>Einzelpreis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Bruttobetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Der Betrag ist zahlbar innerhalb von {inv.days} Tagen ohne Abzug bis zum {date(inv.due, 'de')} unter Angabe des Kassenzeichens.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_druckdatum(r, inv):
    """An ERP print with several dates at the top: 'Druckdatum' (two days after the invoice) and 'Seite 1 von 1' at
    the top right, a header row 'Rechnungs-Nr. | Datum | Kunden-Nr. | Buchungsdatum', 'Warenwert / Versandkosten /
    Nettobetrag / MwSt 19 % / Gesamtbetrag', and 'Fällig am …'."""
    number = f"{r.randint(100000, 999999)}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    printed = inv.issue + dt.timedelta(days=2)
    booked = inv.issue + dt.timedelta(days=1)
    b = "style='border-bottom:1px solid #333; text-align:left'"
    body = f"""
<table width='100%'><tr><td><span class=big>{e(inv.seller)}</span><br>{e(inv.street)} · {e(inv.city)}</td>
<td class=r><span class=small>Druckdatum: {date(printed, 'de')}<br>Seite 1 von 1</span></td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<h2>{kind}</h2>
<table width='100%'><tr><th {b}>Rechnungs-Nr.</th><th {b}>Datum</th><th {b}>Kunden-Nr.</th><th {b}>Buchungsdatum</th></tr>
<tr><td>{e(number)}</td><td>{date(inv.issue, 'de')}</td><td>{inv.customer}</td><td>{date(booked, 'de')}</td></tr></table><br>
{items_table(inv, ['Pos', 'Artikel', '>Menge', '>Preis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Warenwert</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Versandkosten</td><td class=r>{money(0, 'de')}</td></tr>
<tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Gesamtbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Fällig am {date(inv.due, 'de')}.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_bezugszeichen(r, inv):
    """A DIN 5008 business letter: the information row under the address ('Ihr Zeichen | Ihre Nachricht vom | Unser
    Zeichen | Telefon | Datum') with the letter's date last and an earlier date under 'Ihre Nachricht vom', the subject
    'Rechnung 2025-123' in bold without 'Nr.', 'Netto / zzgl. 19 % USt. / Brutto', and 'Zahlbar bis zum …'."""
    number = f"{inv.issue.year}-{r.randint(100, 999)}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    th = "style='text-align:left; font-size:7.5pt; color:#555'"
    body = f"""
<div class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</div><br>
<p>{e(inv.buyer)}<br>z. Hd. {e(inv.contact)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p><br>
<table width='100%'><tr><th {th}>Ihr Zeichen</th><th {th}>Ihre Nachricht vom</th><th {th}>Unser Zeichen</th><th {th}>Telefon</th><th {th}>Datum</th></tr>
<tr><td>{e(inv.contact.split()[1][:2].upper())}-{r.randint(10, 99)}</td><td>{date(inv.order_date, 'de')}</td><td>{r.choice(['kl', 'mb', 'hs'])}/{r.randint(10, 99)}</td>
<td>0{r.randint(100, 999)} {r.randint(1000, 99999)}-{r.randint(10, 99)}</td><td>{date(inv.issue, 'de')}</td></tr></table><br>
<p><b>{kind} {e(number)}</b></p>
<p>Sehr geehrte Damen und Herren,<br>für unsere Leistungen erlauben wir uns, Ihnen Folgendes zu berechnen:</p>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % USt.</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar bis zum {date(inv.due, 'de')} ohne Abzug.</p><p>Mit freundlichen Grüßen<br>{e(inv.seller)}</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_retenue_garantie(r, inv):
    """A French builder's invoice with a 5 % retention ('Retenue de garantie 5 %') taken off the amount with VAT:
    'Total HT / TVA 20 % / Total TTC / Retenue de garantie 5 % / Net à payer', the net to pay less than the total."""
    number = f"FB{inv.issue.year % 100:02d}{r.randint(1000, 9999)}"
    kind = "AVOIR" if inv.credit else "FACTURE"
    retention = round(inv.total * 0.05, 2)
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>Entreprise générale du bâtiment<br>{e(inv.street)}<br>{e(inv.city)}<br>SIRET {inv.siren}000{r.randint(10, 99)} – TVA {inv.vat}</td>
<td style='width:40%'><b>Maître d'ouvrage</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<p><b>{kind} N° {e(number)}</b><br>Date : {date(inv.issue, 'fr')}<br>Chantier : {r.randint(1, 99)} {r.choice(FR_STREETS)}<br>Échéance : {date(inv.due, 'fr')}</p>
{items_table(inv, ['Désignation des travaux', '>Qté', '>P.U. HT', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr>
<tr><td>Retenue de garantie 5 %</td><td class=r>- {money(retention, 'fr')}</td></tr>
<tr class=grey><td><b>Net à payer</b></td><td class=r><b>{money(inv.total - retention, 'fr')}</b></td></tr></table>
{'<p>Règlement par virement – IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def en_meta_row(r, inv):
    """An English invoice whose data stand in one row of six headings over their values ('Invoice Number | Invoice
    Date | Order Number | Order Date | Customer ID | Due Date'), the seller's block at the top left with its VAT number,
    'Subtotal / VAT (19%) / Total Due'."""
    number = f"{r.randint(100000, 999999)}"
    kind = "Credit Note" if inv.credit else "Invoice"
    th = "style='text-align:left; border-bottom:1px solid #333'"
    d = lambda x: x.strftime('%d.%m.%Y')
    body = f"""
<table width='100%'><tr><td><span class=big>{e(inv.seller)}</span><br>{e(inv.street)}<br>{e(inv.city)}<br>Germany<br>VAT ID: {inv.vat}</td>
<td class=r><div class=big>{kind.upper()}</div></td></tr></table><br>
<p><b>Bill To:</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table width='100%'><tr><th {th}>{kind} Number</th><th {th}>{kind} Date</th><th {th}>Order Number</th><th {th}>Order Date</th><th {th}>Customer ID</th><th {th}>Due Date</th></tr>
<tr><td>{e(number)}</td><td>{d(inv.issue)}</td><td>{inv.order}</td><td>{d(inv.order_date)}</td><td>{inv.customer}</td><td>{d(inv.due)}</td></tr></table><br>
<table class=items width='100%'><tr><th>Item</th><th>Description</th><th class=r>Qty</th><th class=r>Unit Price</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{r.randint(1000, 9999)}</td><td>{e(de)}</td><td class=r>{q:g}</td><td class=r>{p:,.2f}</td><td class=r>{a:,.2f}</td></tr>" for de, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Subtotal</td><td class=r>EUR {inv.net:,.2f}</td></tr>
<tr><td>VAT ({inv.rate:g}%)</td><td class=r>EUR {inv.tax:,.2f}</td></tr>
<tr><td><b>Total Due</b></td><td class=r><b>EUR {inv.total:,.2f}</b></td></tr></table>
{'<p>Bank: IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def fr_escompte(r, inv):
    """A French invoice that offers a cash discount: 'Escompte 2 % pour paiement avant le … : … €' printed under the
    totals (a date and an amount that are neither the due date nor a total), 'Date d'échéance', 'Net à payer' equal to
    the total with VAT, the seller's name in the footer too."""
    number = f"{inv.issue.year}{r.randint(10000, 99999)}"
    kind = "Avoir" if inv.credit else "Facture"
    early = inv.issue + dt.timedelta(days=8)
    body = f"""
<table width='100%'><tr><td><b style='font-size:13pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}</td>
<td style='width:45%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<h2>{kind} n° {e(number)}</h2>
<p>Date de facture : {date(inv.issue, 'fr')} – Date d'échéance : {date(inv.due, 'fr')}</p>
{items_table(inv, ['Référence', 'Désignation', '>Qté', '>Prix HT', '>Total HT'], 'fr')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td>Total TTC</td><td class=r>{money(inv.total, 'fr')}</td></tr>
<tr><td><b>Net à payer</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Escompte 2 % pour paiement avant le {date(early, 'fr')} : {money(round(inv.total * 0.02, 2), 'fr')}.</p>"""
    return number, page(body, footer3(inv, "fr"))


def de_sevdesk(r, inv):
    """An online accounting package's German invoice: 'Rechnungs-Nr. / Rechnungsdatum / Lieferdatum / Ihre
    Kundennummer / Ihr Ansprechpartner' at the right, a greeting, 'Gesamtbetrag netto / zzgl. Umsatzsteuer 19% /
    Gesamtbetrag brutto', and the due date in a sentence ('Der Rechnungsbetrag ist bis zum … fällig.')."""
    number = f"RE-{r.randint(1000, 9999)}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    body = f"""
<div class=small>{e(inv.seller)} - {e(inv.street)} - {e(inv.city)}</div><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><table style='float:right'><tr><td>{kind}s-Nr.</td><td>{e(number)}</td></tr><tr><td>{kind}sdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Lieferdatum</td><td>{date(inv.delivery, 'de')}</td></tr><tr><td>Ihre Kundennummer</td><td>{inv.customer}</td></tr>
<tr><td>Ihr Ansprechpartner</td><td>{e(inv.contact)}</td></tr></table></td></tr></table>
<h2>{kind} Nr. {e(number)}</h2>
<p>Sehr geehrte Damen und Herren,<br>vielen Dank für Ihren Auftrag. Vereinbarungsgemäß berechnen wir Ihnen hiermit folgende Leistungen:</p>
<table class=items width='100%'><tr><th>Pos.</th><th>Beschreibung</th><th class=r>Menge</th><th>Einheit</th><th class=r>Einzelpreis</th><th class=r>Gesamtpreis</th></tr>
{''.join(f"<tr><td>{i + 1}.</td><td>{e(d)}</td><td class=r>{money(q, 'de', symbol=False)}</td><td>Stk</td><td class=r>{money(p, 'de')}</td><td class=r>{money(a, 'de')}</td></tr>" for i, (d, q, p, a) in enumerate(inv.lines))}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Gesamtbetrag netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. Umsatzsteuer {inv.rate:g}%</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Gesamtbetrag brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Bitte überweisen Sie den Rechnungsbetrag unter Angabe der Rechnungsnummer auf das unten angegebene Konto.
Der Rechnungsbetrag ist bis zum {date(inv.due, 'de')} fällig.</p><p>Mit freundlichen Grüßen<br>{e(inv.contact)}</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_ebp_horizontal(r, inv):
    """A French accounting package's invoice with its totals in one horizontal row at the bottom: headings
    'Total HT | Total TVA | Total TTC | Acompte | NET À PAYER' over one row of values, a VAT table 'Base HT | Taux |
    Montant TVA' above it, 'FACTURE N° … du …' as the title and 'Échéance' in the payment line."""
    number = f"FA{r.randint(10000, 99999)}"
    kind = "AVOIR" if inv.credit else "FACTURE"
    b = "style='border:1px solid #333'"
    m = lambda x: money(x, 'fr', symbol=False)
    body = f"""
<table width='100%'><tr><td><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tél. 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}</td>
<td style='width:45%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<div class=big>{kind} N° {e(number)} du {date(inv.issue, 'fr')}</div>
<p>Code client : {inv.customer} – Votre commande : {inv.order}</p>
<table class=items width='100%'><tr><th>Code</th><th>Désignation</th><th class=r>Qté</th><th class=r>P.U. HT</th><th class=r>Remise</th><th class=r>Montant HT</th><th class=r>TVA</th></tr>
{''.join(f"<tr><td>A{r.randint(100, 999)}</td><td>{e(d)}</td><td class=r>{m(q)}</td><td class=r>{m(p)}</td><td class=r>0,00 %</td><td class=r>{m(a)}</td><td class=r>{m(inv.rate)}</td></tr>" for d, q, p, a in inv.lines)}</table><br>
<table><tr><th {b}>Base HT</th><th {b}>Taux</th><th {b}>Montant TVA</th></tr><tr><td {b} class=r>{m(inv.net)}</td><td {b} class=r>{m(inv.rate)} %</td><td {b} class=r>{m(inv.tax)}</td></tr></table><br>
<table width='100%'><tr><th {b}>Total HT</th><th {b}>Total TVA</th><th {b}>Total TTC</th><th {b}>Acompte</th><th {b}>NET À PAYER</th></tr>
<tr><td {b} class=r>{m(inv.net)}</td><td {b} class=r>{m(inv.tax)}</td><td {b} class=r>{m(inv.total)}</td><td {b} class=r>0,00</td><td {b} class=r><b>{m(inv.total)} €</b></td></tr></table>
<p>Règlement : virement à réception – Échéance : {date(inv.due, 'fr')}{' – IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</p>
<p class=small>{e(inv.seller)} – SIRET {inv.siren}000{r.randint(10, 99)} – TVA intracommunautaire {inv.vat}</p>"""
    return number, page(body)


def en_odoo(r, inv):
    """An open-source ERP's English invoice: 'Invoice INV/2025/00042' as the title, 'Invoice Date:', 'Due Date:',
    'Source: S00042', 'Untaxed Amount / Tax 19% / Total', 'Please use the following communication for your payment:
    INV/2025/00042', the company's block at the top right with its VAT number."""
    number = f"{'RINV' if inv.credit else 'INV'}/{inv.issue.year}/{r.randint(1, 999):05d}"
    kind = "Credit Note" if inv.credit else "Invoice"
    body = f"""
<table width='100%'><tr><td></td><td class=r><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Germany<br>VAT: {inv.vat}</td></tr></table><br>
<table width='100%'><tr><td></td><td style='width:45%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Germany</td></tr></table>
<h2>{kind} {e(number)}</h2>
<table width='100%'><tr><td><b>Invoice Date:</b><br>{inv.issue.strftime('%m/%d/%Y')}</td><td><b>Due Date:</b><br>{inv.due.strftime('%m/%d/%Y')}</td>
<td><b>Source:</b><br>S{r.randint(10000, 99999)}</td></tr></table><br>
<table class=items width='100%'><tr><th>Description</th><th class=r>Quantity</th><th class=r>Unit Price</th><th class=r>Taxes</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:.2f} Units</td><td class=r>{p:,.2f}</td><td class=r>{inv.rate:g}%</td><td class=r>{a:,.2f} €</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Untaxed Amount</td><td class=r>{inv.net:,.2f} €</td></tr>
<tr><td>Tax {inv.rate:g}%</td><td class=r>{inv.tax:,.2f} €</td></tr>
<tr><td><b>Total</b></td><td class=r><b>{inv.total:,.2f} €</b></td></tr></table>
<p>Please use the following communication for your payment: <b>{e(number)}</b></p>
{'<p>Payment to: ' + grouped(inv.iban) + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def fr_de_a(r, inv):
    """A French neo-bank's invoice: 'De' and 'À' blocks side by side (the seller under 'De'), 'Date d'émission', 'Date
    d'exécution', 'Date d'échéance', 'Montant HT / TVA (20 %) / Montant TTC / Montant à payer', and a 'Coordonnées
    bancaires' block with 'Titulaire du compte', 'IBAN', 'BIC'."""
    number = f"F-{inv.issue.year}-{r.randint(1, 999):04d}"
    kind = "Avoir" if inv.credit else "Facture"
    body = f"""
<div class=big>{kind} n° {e(number)}</div><br>
<table width='100%'><tr><td style='width:50%'><b>De</b><br>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}<br>N° TVA : {inv.vat}</td>
<td><b>À</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<table><tr><td>Date d'émission</td><td>{date(inv.issue, 'fr')}</td></tr><tr><td>Date d'exécution</td><td>{date(inv.delivery, 'fr')}</td></tr>
<tr><td>Date d'échéance</td><td>{date(inv.due, 'fr')}</td></tr></table><br>
{items_table(inv, ['Description', '>Quantité', '>Prix unitaire HT', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Montant HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA ({inv.rate:g} %)</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td>Montant TTC</td><td class=r>{money(inv.total, 'fr')}</td></tr>
<tr><td><b>Montant à payer</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
{'<p><b>Coordonnées bancaires</b><br>Titulaire du compte : ' + e(inv.seller) + '<br>IBAN : ' + grouped(inv.iban) + '<br>BIC : ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def de_gespiegelt(r, inv):
    """A mirrored letter: the seller's letterhead large at the top left, the recipient's window at the right, the
    invoice's data in a block at the left under the letterhead ('Rechnung Nr.', 'vom', 'Kunde'), 'Summe netto /
    MwSt. 19 % / Summe brutto', 'Zahlungsziel: … Tage, fällig am …'."""
    number = f"{r.randint(10, 99)}/{inv.issue.year}"
    kind = "Gutschrift" if inv.credit else "Rechnung"
    body = f"""
<table width='100%'><tr><td style='width:55%'><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}<br>Tel. 0{r.randint(100, 999)} {r.randint(10000, 999999)}<br><br>
<table><tr><td>{kind} Nr.</td><td>{e(number)}</td></tr><tr><td>vom</td><td>{date(inv.issue, 'de')}</td></tr><tr><td>Kunde</td><td>{inv.customer}</td></tr></table></td>
<td><br><br><span class=small>{e(inv.seller)} · {e(inv.city)}</span><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
{items_table(inv, ['Pos.', 'Bezeichnung', '>Menge', '>Preis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Summe brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlungsziel: {inv.days} Tage, fällig am {date(inv.due, 'de')}.</p>"""
    return number, page(body, footer3(inv, "de"))


def en_freelancer(r, inv):
    """A freelancer's English invoice from a word-processor template: the seller a person ('Jane Example – Web Design'),
    'From:' and 'To:' blocks, 'Invoice #0042', 'Date:', 'Payment due: upon receipt' (no due date), 'Subtotal / VAT 19% /
    Total', bank details at the bottom."""
    person = f"{r.choice(FIRST)} {r.choice(LAST)}"
    inv.seller = person
    inv.due = None
    number = f"{r.randint(1, 300):04d}"
    body = f"""
<div class=big>INVOICE #{e(number)}</div><p>Date: {inv.issue.strftime('%d %B %Y')}</p>
<table width='100%'><tr><td style='width:50%'><b>From:</b><br>{e(person)} – Web Design<br>{e(inv.street)}<br>{e(inv.city)}<br>Germany<br>VAT ID: {inv.vat}</td>
<td><b>To:</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Germany</td></tr></table><br>
<table class=items width='100%'><tr><th>Description</th><th class=r>Hours</th><th class=r>Rate</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>€{p:,.2f}</td><td class=r>€{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Subtotal</td><td class=r>€{inv.net:,.2f}</td></tr>
<tr><td>VAT {inv.rate:g}%</td><td class=r>€{inv.tax:,.2f}</td></tr>
<tr><td><b>Total</b></td><td class=r><b>€{inv.total:,.2f}</b></td></tr></table>
<p>Payment due: upon receipt.</p>
{'<p>Bank transfer to ' + e(person) + ', IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def en_quickbooks(r, inv):
    """A small-business accounting package's English invoice in its American layout: the company's block at the top
    left, 'INVOICE' at the right, 'BILL TO' and 'SHIP TO' blocks beside a column 'INVOICE # / DATE / TERMS / DUE DATE'
    with dates written month first, each line with its service date, 'SUBTOTAL / VAT (19%) / TOTAL' and 'BALANCE DUE'
    large."""
    number = str(r.randint(1001, 1999))
    us = lambda d: d.strftime('%m/%d/%Y')
    body = f"""
<table width='100%'><tr><td><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)} Germany<br>billing@example.com<br>VAT Reg. No. {inv.vat}</td>
<td class=r style='color:#2a6'><div class=big>INVOICE</div></td></tr></table><br>
<table width='100%'><tr><td style='width:33%'><b>BILL TO</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td style='width:33%'><b>SHIP TO</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><table><tr><td><b>INVOICE #</b></td><td>{number}</td></tr><tr><td><b>DATE</b></td><td>{us(inv.issue)}</td></tr>
<tr><td><b>TERMS</b></td><td>Net {inv.days}</td></tr><tr><td><b>DUE DATE</b></td><td>{us(inv.due)}</td></tr></table></td></tr></table><br>
<table class=items width='100%'><tr><th>DATE</th><th>ACTIVITY</th><th class=r>QTY</th><th class=r>RATE</th><th class=r>AMOUNT</th></tr>
{''.join(f"<tr><td>{us(inv.delivery)}</td><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{p:,.2f}</td><td class=r>{a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>SUBTOTAL</td><td class=r>{inv.net:,.2f}</td></tr>
<tr><td>VAT ({inv.rate:g}%)</td><td class=r>{inv.tax:,.2f}</td></tr>
<tr><td>TOTAL</td><td class=r>{inv.total:,.2f}</td></tr>
<tr><td><b>BALANCE DUE</b></td><td class=r><span class=big>EUR {inv.total:,.2f}</span></td></tr></table>
{'<p>Please pay by bank transfer: IBAN ' + grouped(inv.iban) + ' (BIC ' + inv.bic + ')</p>' if inv.show_iban else ''}"""
    return number, page(body)


def en_credit_memo(r, inv):
    """An English credit note from a German seller: 'CREDIT NOTE' as the title, 'Credit Note Number', 'Credit Note
    Date', then the invoice it corrects ('Original Invoice No.', 'Original Invoice Date'), 'Reason: returned goods',
    the lines and 'Net Amount / VAT 19% / Total Credit', and 'This amount will be refunded to your account'."""
    inv.credit = True
    number = f"CN-{r.randint(100, 9999):05d}"
    original = f"INV-{r.randint(100, 9999):05d}"
    inv.due = None
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)} · {e(inv.city)} · Germany</td></tr></table><br>
<table width='100%'><tr><td style='width:55%'>{e(inv.buyer)}<br>Accounts Payable<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><table><tr><td>Credit Note Number</td><td>{number}</td></tr><tr><td>Credit Note Date</td><td>{inv.issue.strftime('%d %b %Y')}</td></tr>
<tr><td>Original Invoice No.</td><td>{original}</td></tr><tr><td>Original Invoice Date</td><td>{inv.order_date.strftime('%d %b %Y')}</td></tr>
<tr><td>Customer No.</td><td>{inv.customer}</td></tr></table></td></tr></table>
<h2>CREDIT NOTE</h2><p>Reason: goods returned</p>
<table class=items width='100%'><tr><th>Item</th><th class=r>Qty</th><th class=r>Unit Price</th><th class=r>Amount</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>€ {p:,.2f}</td><td class=r>€ {a:,.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Net Amount</td><td class=r>€ {inv.net:,.2f}</td></tr>
<tr><td>VAT {inv.rate:g}%</td><td class=r>€ {inv.tax:,.2f}</td></tr>
<tr><td><b>Total Credit</b></td><td class=r><b>€ {inv.total:,.2f}</b></td></tr></table>
<p>This amount will be refunded to your account within 14 days.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_schmal_briefkopf(r, inv):
    """A letter whose letterhead stands in a narrow column at the right, the company's long name wrapped over two lines
    in large type ('… GmbH & Co.' over 'KG'), with its address, telephone, tax id and bank under it; at the left the
    window, 'Rechnung', 'Rechnungsnummer / Datum / Kundennummer', a service period 'Leistungszeitraum: 01.03. –
    31.03.2025', 'Nettobetrag / Umsatzsteuer 19 % / Rechnungsbetrag' and 'Bitte überweisen Sie den Betrag bis zum …'."""
    words = [(r.choice(SYL) + r.choice(SYL)).capitalize() for _ in range(2)]
    inv.seller = " ".join(words) + " " + r.choice(["Haustechnik", "Metallbau", "Gebäudeservice", "Elektrotechnik"]) + " GmbH & Co. KG"
    number = f"{inv.issue.year}{r.randint(1, 9999):04d}"
    start = inv.issue.replace(day=1) - dt.timedelta(days=1)
    period = f"{start.replace(day=1).strftime('%d.%m.')} – {start.strftime('%d.%m.%Y')}"
    bank = f"<br><br>Bankverbindung<br>IBAN {grouped(inv.iban)}<br>BIC {inv.bic}" if inv.show_iban else ""
    body = f"""
<table width='100%'><tr><td style='width:68%'><br><br><br><span class=small>{e(inv.seller)}, {e(inv.street)}, {e(inv.city)}</span><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br><br>
<div class=big>Rechnung</div><br>
<table><tr><td>Rechnungsnummer:</td><td>{number}</td></tr><tr><td>Datum:</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kundennummer:</td><td>{inv.customer}</td></tr><tr><td>Leistungszeitraum:</td><td>{period}</td></tr></table></td>
<td style='font-size:8pt'><div style='font-size:15pt; font-weight:bold'>{e(inv.seller)}</div><br>{e(inv.street)}<br>{e(inv.city)}<br>
Telefon 0{r.randint(100, 999)} {r.randint(10000, 999999)}<br><br>USt-IdNr.<br>{inv.vat}{bank}</td></tr></table><br>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Bitte überweisen Sie den Betrag bis zum {date(inv.due, 'de')} auf das angegebene Konto.</p>"""
    return number, page(body)


def de_ersetzt(r, inv):
    """An invoice that replaces a cancelled one: 'Rechnung Nr. RE-… (ersetzt Rechnung Nr. RE-… vom …)', the seller's
    name in a coloured bar at the top, the buyer's VAT id printed under the buyer's address, 'Zwischensumme / zzgl.
    19 % USt. / Endbetrag', 'Zahlbar ohne Abzug bis …', and a two-column footer with the managing director and the
    register court."""
    number = f"RE-{inv.issue.year}-{r.randint(1, 9999):04d}"
    old = f"RE-{inv.issue.year}-{r.randint(1, 9999):04d}"
    footer = f"""<div class=footer><table width='100%'><tr><td>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}<br>Geschäftsführer: {e(inv.contact)} · Amtsgericht {r.choice(DE_CITIES)} HRB {r.randint(1000, 99999)}</td>
<td>USt-IdNr. {inv.vat}{'<br>IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic if inv.show_iban else ''}</td></tr></table></div>"""
    body = f"""
<div style='background:#246; color:white; padding:8px; font-size:14pt'><b>{e(inv.seller)}</b></div><br>
<table width='100%'><tr><td style='width:60%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>USt-IdNr.: {inv.buyer_vat}</td>
<td>Datum: {date(inv.issue, 'de')}<br>Kunden-Nr.: {inv.customer}<br>Bestell-Nr.: {inv.order}</td></tr></table><br>
<h3>Rechnung Nr. {number} (ersetzt Rechnung Nr. {old} vom {date(inv.order_date, 'de')})</h3>
<p>Die Rechnung Nr. {old} wurde storniert. Bitte verwenden Sie nur noch diese Rechnung.</p>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Preis', '>Summe'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Zwischensumme</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % USt.</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Endbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar ohne Abzug bis {date(inv.due, 'de')}.</p>"""
    return number, page(body, footer)


def fr_pennylane(r, inv):
    """A French online-accounting invoice: the seller's block at the top left with 'SIREN' and 'N° TVA', 'Facture' over
    its number, a grid 'Date d'émission | Date d'échéance | Conditions de paiement' over its values, 'Facturé à' over the
    buyer, 'Total HT / TVA 20 % / Total TTC', 'Montant dû' large, and the legal notices on late payment ('indemnité
    forfaitaire pour frais de recouvrement : 40 €', three times the legal interest rate) under the totals."""
    number = f"F-{inv.issue.year}-{r.randint(1, 9999):04d}"
    kind = "Avoir" if inv.credit else "Facture"
    body = f"""
<table width='100%'><tr><td><b style='font-size:12pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>SIREN {inv.siren}<br>N° TVA {inv.vat}</td>
<td class=r><div class=big>{kind}</div>{e(number)}</td></tr></table><br>
<table width='100%' style='border:1px solid #bbb'><tr><th>Date d'émission</th><th>Date d'échéance</th><th>Conditions de paiement</th></tr>
<tr><td>{date(inv.issue, 'fr')}</td><td>{date(inv.due, 'fr')}</td><td>{inv.days} jours</td></tr></table><br>
<p><b>Facturé à</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>N° TVA {inv.buyer_vat}</p>
{items_table(inv, ['Description', '>Quantité', '>Prix unitaire HT', '>Total HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td>Total TTC</td><td class=r>{money(inv.total, 'fr')}</td></tr>
<tr><td><b>Montant dû</b></td><td class=r><span class=big>{money(inv.total, 'fr')}</span></td></tr></table>
<p class=small>En cas de retard de paiement, une pénalité égale à trois fois le taux d'intérêt légal sera exigible, ainsi qu'une
indemnité forfaitaire pour frais de recouvrement : 40,00 €. Pas d'escompte pour paiement anticipé.</p>
{'<p>IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    return number, page(body)


def de_skonto_betrag(r, inv):
    """A German wholesaler's invoice that prints the cash discount as amounts: 'Bei Zahlung bis zum … abzüglich 2 %
    Skonto = … EUR, Zahlbetrag … EUR' (a date and two amounts that are neither the due date nor the total), then
    'Zahlbar bis … rein netto'; header data as a row of headings over values ('Rechnungsnummer | Rechnungsdatum |
    Kundennummer | Seite'), totals 'Warenwert / zzgl. 19 % MwSt. / Rechnungsbetrag'."""
    number = str(r.randint(100000, 999999))
    kind = "Gutschrift" if inv.credit else "Rechnung"
    early = inv.issue + dt.timedelta(days=10)
    discount = round(inv.total * 0.02, 2)
    body = f"""
<table width='100%'><tr><td style='width:60%'><span class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</span><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><div style='font-size:15pt; font-weight:bold'>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}<br>USt-IdNr. {inv.vat}</td></tr></table><br>
<div class=big>{kind}</div>
<table width='100%'><tr><th style='text-align:left'>{kind}snummer</th><th style='text-align:left'>{kind}sdatum</th><th style='text-align:left'>Kundennummer</th><th style='text-align:left'>Seite</th></tr>
<tr><td>{number}</td><td>{date(inv.issue, 'de')}</td><td>{inv.customer}</td><td>1 von 1</td></tr></table><br>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Einzelpreis', '>Gesamtpreis'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Warenwert</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % MwSt.</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Bei Zahlung bis zum {date(early, 'de')} abzüglich 2 % Skonto = {money(discount, 'de')}, Zahlbetrag {money(round(inv.total - discount, 2), 'de')}.<br>
Zahlbar bis {date(inv.due, 'de')} rein netto.</p>"""
    return number, page(body, footer3(inv, "de"))


def nl_exact(r, inv):
    """A Dutch online-accounting invoice: the seller's logo text and block at the top right with 'KvK-nummer',
    'Btw-nummer', 'IBAN'; 'Factuur' over 'Factuurnummer / Factuurdatum / Vervaldatum / Uw referentie' at the left;
    amounts with the euro sign after a space; 'Totaal excl. btw / Btw 21% over € … / Totaal incl. btw / Te betalen'."""
    inv.vat, inv.buyer_vat, inv.iban = nl_vat(r), nl_vat(r), iban(r, "NL")
    inv.seller = name(r, ["B.V.", "BV"])
    inv.rate = 21.0
    inv.tax = round(inv.net * 0.21, 2)
    inv.total = round(inv.net + inv.tax, 2)
    number = f"{r.randint(10000, 99999)}"
    nl = lambda x: money(x, "de").replace(" €", "")
    body = f"""
<table width='100%'><tr><td style='width:55%'><br><br>{e(inv.buyer)}<br>{r.choice(['Kerkstraat', 'Dorpsweg', 'Stationsplein'])} {r.randint(1, 99)}<br>{r.randint(1000, 9999)} {r.choice(['AB', 'CD', 'KL'])} {r.choice(['Utrecht', 'Zwolle', 'Delft'])}</td>
<td class=small style='font-size:8pt'><div style='font-size:14pt; font-weight:bold'>{e(inv.seller)}</div>{r.choice(['Havenweg', 'Marktplein', 'Industrieweg'])} {r.randint(1, 99)}<br>{r.randint(1000, 9999)} {r.choice(['XY', 'PQ'])} {r.choice(['Amersfoort', 'Leiden', 'Breda'])}<br>
KvK-nummer {r.randint(10000000, 99999999)}<br>Btw-nummer {inv.vat}{'<br>IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</td></tr></table><br>
<div class=big>Factuur</div>
<table><tr><td>Factuurnummer</td><td>{number}</td></tr><tr><td>Factuurdatum</td><td>{inv.issue.strftime('%d-%m-%Y')}</td></tr>
<tr><td>Vervaldatum</td><td>{inv.due.strftime('%d-%m-%Y')}</td></tr><tr><td>Uw referentie</td><td>{inv.order}</td></tr></table><br>
<table class=items width='100%'><tr><th>Omschrijving</th><th class=r>Aantal</th><th class=r>Stukprijs</th><th class=r>Bedrag</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{nl(p)} €</td><td class=r>{nl(a)} €</td></tr>" for d, q, p, a in inv.lines)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Totaal excl. btw</td><td class=r>{nl(inv.net)} €</td></tr>
<tr><td>Btw 21% over {nl(inv.net)} €</td><td class=r>{nl(inv.tax)} €</td></tr><tr><td>Totaal incl. btw</td><td class=r>{nl(inv.total)} €</td></tr>
<tr><td><b>Te betalen</b></td><td class=r><b>{nl(inv.total)} €</b></td></tr></table>
<p>Gelieve het bedrag voor {inv.due.strftime('%d-%m-%Y')} over te maken onder vermelding van factuurnummer {number}.</p>"""
    return number, page(body)


def de_kanzlei(r, inv):
    """A professional's fee note ('Honorarrechnung' of a consultancy partnership, 'Partnerschaftsgesellschaft mbB'): the
    firm's name in the letterhead with the partners' names in a narrow column at the right, 'Unser Zeichen', 'Datum',
    'Rechnungs-Nr.' in a row under the window, fees 'Honorar netto', expenses 'Auslagenpauschale', 'Zwischensumme',
    'Umsatzsteuer 19 %', 'Rechnungsbetrag', and 'Zahlbar innerhalb von 14 Tagen' without a date."""
    words = [(r.choice(SYL) + r.choice(SYL)).capitalize() for _ in range(2)]
    inv.seller = f"{words[0]} & {words[1]} Partnerschaftsgesellschaft mbB"
    inv.due = None
    number = f"{inv.issue.year % 100:02d}/{r.randint(100, 9999)}"
    partners = "<br>".join(f"{r.choice(FIRST)} {w}" for w in words)
    body = f"""
<table width='100%'><tr><td style='width:70%'><div style='font-size:15pt; font-weight:bold'>{words[0]} &amp; {words[1]}</div>Partnerschaftsgesellschaft mbB<br>
Steuerberater · Wirtschaftsprüfer<br><br><span class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</span><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=small>Partner<br>{partners}<br><br>{e(inv.street)}<br>{e(inv.city)}<br><br>USt-IdNr.<br>{inv.vat}</td></tr></table><br>
<table width='100%'><tr><td>Unser Zeichen: {r.choice(['AB', 'KL', 'MR'])}/{r.randint(10, 99)}</td><td>Datum: {date(inv.issue, 'de')}</td><td>Rechnungs-Nr.: {number}</td></tr></table>
<h3>Honorarrechnung</h3>
{items_table(inv, ['Pos.', 'Leistung', '>Stunden', '>Satz', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Honorar netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar innerhalb von 14 Tagen ohne Abzug{' auf das Konto IBAN ' + grouped(inv.iban) if inv.show_iban else ''}.</p>"""
    return number, page(body)


def en_stripe(r, inv):
    """A payment platform's English invoice for a subscription: 'Invoice' at the top left and the seller's name at the
    right, a key/value list 'Invoice number | Date of issue | Date due', the seller's and the 'Bill to' blocks side by
    side, a large line '€1,234.56 due April 4, 2026', a service period under each item ('Mar 5 – Apr 4, 2026'),
    'Subtotal / Total excluding tax / VAT - Germany (19% on €…) / Total / Amount due', and a footer repeating the
    number, the amount and the due date beside 'Page 1 of 1'."""
    number = "".join(r.choice("ABCDEF0123456789") for _ in range(8)) + f"-{r.randint(1, 40):04d}"
    en = lambda d: d.strftime("%B %d, %Y").replace(" 0", " ")
    short = lambda d: d.strftime("%b %d").replace(" 0", " ")
    eur = lambda x: f"€{x:,.2f}"
    end = inv.issue + dt.timedelta(days=30)
    mail = inv.seller.split()[0].lower()
    rows = "".join(f"<tr><td>{e(d)}<br><span class=small>{short(inv.issue)} – {short(end)}, {end.year}</span></td><td class=r>{q:g}</td>"
                   f"<td class=r>{eur(p)}</td><td class=r>{eur(a)}</td></tr>" for d, q, p, a in inv.lines)
    buyer_vat = f"<br>DE VAT {inv.buyer_vat}" if r.random() < 0.5 else ""
    body = f"""
<table width='100%'><tr><td><div class=big>Invoice</div></td><td class=r><b style='font-size:13pt'>{e(inv.seller)}</b></td></tr></table><br>
<table><tr><td>Invoice number</td><td><b>{e(number)}</b></td></tr><tr><td>Date of issue</td><td>{en(inv.issue)}</td></tr>
<tr><td>Date due</td><td>{en(inv.due)}</td></tr></table><br>
<table width='100%'><tr><td style='width:50%'><b>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Germany<br>billing@{e(mail)}.example<br>EU VAT {inv.vat}</td>
<td><b>Bill to</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Germany<br>accounts@{e(inv.buyer.split()[0].lower())}.example{buyer_vat}</td></tr></table><br>
<div style='font-size:15pt; font-weight:bold'>{eur(inv.total)} due {en(inv.due)}</div>
<p><u>Pay online</u></p>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Unit price</th><th class=r>Amount</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Subtotal</td><td class=r>{eur(inv.net)}</td></tr>
<tr><td>Total excluding tax</td><td class=r>{eur(inv.net)}</td></tr>
<tr><td>VAT - Germany ({inv.rate:g}% on {eur(inv.net)})</td><td class=r>{eur(inv.tax)}</td></tr>
<tr><td>Total</td><td class=r>{eur(inv.total)}</td></tr><tr><td><b>Amount due</b></td><td class=r><b>{eur(inv.total)}</b></td></tr></table>
{'<p>Pay by bank transfer: IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic + '</p>' if inv.show_iban else ''}"""
    foot = (f"<div class=footer><table width='100%'><tr><td style='width:80%'>{e(number)} · {eur(inv.total)} due {en(inv.due)}</td>"
            f"<td class=r>Page 1 of 1</td></tr></table></div>")
    return number, page(body, foot)


def de_kfz_werkstatt(r, inv):
    """A car workshop's invoice: numbers that are none of the fields in a vehicle block ('Amtl. Kennzeichen',
    'Fahrgestell-Nr.' with a 17-character VIN, 'Erstzulassung' years back, 'km-Stand' with a thousands point,
    'Auftrags-Nr.' as long as the invoice number, 'Annahme' and 'Fertigstellung' dates), the items in two groups
    'Arbeitslohn' and 'Ersatzteile' each closed by its own 'Summe', then 'Nettobetrag / MwSt. … % / Rechnungsbetrag'."""
    word = (r.choice(SYL) + r.choice(SYL)).capitalize()
    inv.seller = f"Autohaus {word} {r.choice(['GmbH', 'GmbH & Co. KG', 'e.K.'])}"
    number = str(r.randint(100000, 999999))
    order = str(r.randint(100000, 999999))
    vin = "W" + "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(16))
    plate = f"{r.choice(['M', 'B', 'HH', 'K', 'S', 'F'])}-{r.choice(['AB', 'XY', 'KL', 'RT'])} {r.randint(1, 9999)}"
    first = dt.date(r.randint(2008, 2021), r.randint(1, 12), r.randint(1, 28))
    km = f"{r.randint(5000, 250000):,}".replace(",", ".")
    intake = inv.issue - dt.timedelta(days=r.randint(1, 6))
    half = max(1, len(inv.lines) // 2)
    groups = [("Arbeitslohn", inv.lines[:half]), ("Ersatzteile", inv.lines[half:])]
    rows = ""
    pos = 0
    for title, lines in groups:
        if not lines:
            continue
        rows += f"<tr><td colspan=5><b>{title}</b></td></tr>"
        for d, q, p, a in lines:
            pos += 1
            rows += f"<tr><td>{pos}</td><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'de')}</td><td class=r>{money(a, 'de')}</td></tr>"
        rows += f"<tr><td></td><td>Summe {title}</td><td></td><td></td><td class=r>{money(round(sum(l[3] for l in lines), 2), 'de')}</td></tr>"
    body = f"""
<table width='100%'><tr><td><div style='font-size:16pt; font-weight:bold'>{e(inv.seller)}</div>Meisterwerkstatt · {e(inv.street)} · {e(inv.city)}<br>Tel. 0{r.randint(100, 999)} {r.randint(10000, 99999)}</td></tr></table><br>
<table width='100%'><tr><td style='width:55%'><span class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</span><br>{e(r.choice(FIRST))} {e(r.choice(LAST))}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><table><tr><td>Rechnungs-Nr.</td><td>{number}</td></tr><tr><td>Rechnungsdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Auftrags-Nr.</td><td>{order}</td></tr><tr><td>Kunden-Nr.</td><td>{inv.customer}</td></tr></table></td></tr></table><br>
<div class=big>Rechnung</div>
<table width='100%' style='border:1px solid #999'><tr><th style='text-align:left'>Amtl. Kennzeichen</th><th style='text-align:left'>Fahrgestell-Nr.</th><th style='text-align:left'>Erstzulassung</th><th style='text-align:left'>km-Stand</th><th style='text-align:left'>Annahme</th><th style='text-align:left'>Fertigstellung</th></tr>
<tr><td>{plate}</td><td>{vin}</td><td>{date(first, 'de')}</td><td>{km}</td><td>{date(intake, 'de')}</td><td>{date(inv.delivery, 'de')}</td></tr></table><br>
<table class=items width='100%'><tr><th>Pos.</th><th>Bezeichnung</th><th class=r>Menge / AW</th><th class=r>Einzelpreis</th><th class=r>Betrag</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar bis {date(inv.due, 'de')} ohne Abzug. Das Fahrzeug wurde nach Durchsicht übergeben.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_querformat(r, inv):
    """An ERP print in landscape: the seller at the left, 'RECHNUNG' in the middle and 'Beleg-Nr. / Belegdatum /
    Kunden-Nr. / Fälligkeit / Seite' at the right of one band; the invoice and delivery addresses and a dispatch block
    ('Lieferschein-Nr. … vom …') in three columns; a wide items table with article numbers and a discount column; the
    totals in one row of headings over values ('Warenwert | Fracht | Nettobetrag | MwSt. … % | Endbetrag EUR')."""
    number = f"{inv.issue.year % 100:02d}{r.randint(10000, 99999)}"
    kind = "GUTSCHRIFT" if inv.credit else "RECHNUNG"
    delivery_note = f"LS{r.randint(100000, 999999)}"
    rows = "".join(f"<tr><td>{i + 1}</td><td>{r.randint(10, 99)}-{r.randint(1000, 9999)}-{r.randint(10, 99)}</td><td>{e(d)}</td><td class=r>{q:g}</td><td>Stk</td>"
                   f"<td class=r>{money(p, 'de', symbol=False)}</td><td class=r>0,00</td><td class=r>{money(a, 'de', symbol=False)}</td></tr>"
                   for i, (d, q, p, a) in enumerate(inv.lines))
    heads = ["Warenwert", "Fracht", "Nettobetrag", f"MwSt. {inv.rate:g} %", "Endbetrag EUR"]
    values = [inv.net, 0.0, inv.net, inv.tax, inv.total]
    body = f"""<style>@page {{ size: A4 landscape; margin: 12mm 15mm 18mm 15mm; }}</style>
<table width='100%'><tr><td style='width:35%'><b style='font-size:13pt'>{e(inv.seller)}</b><br>{e(inv.street)} · {e(inv.city)}<br>USt-IdNr. {inv.vat}</td>
<td style='width:30%; text-align:center'><div class=big>{kind}</div></td>
<td><table style='float:right'><tr><td>Beleg-Nr.</td><td>{number}</td></tr><tr><td>Belegdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kunden-Nr.</td><td>{inv.customer}</td></tr><tr><td>Fälligkeit</td><td>{date(inv.due, 'de')}</td></tr><tr><td>Seite</td><td>1 / 1</td></tr></table></td></tr></table><br>
<table width='100%'><tr><td style='width:33%'><b>Rechnungsanschrift</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td style='width:33%'><b>Lieferanschrift</b><br>{e(inv.buyer)}<br>Lager {r.randint(1, 9)}<br>{e(r.choice(DE_STREETS))} {r.randint(1, 99)}<br>{e(inv.bcity)}</td>
<td>Lieferschein-Nr. {delivery_note} vom {date(inv.delivery, 'de')}<br>Versandart: Spedition<br>Zahlungsbedingung: {inv.days} Tage netto<br>Ihre Bestellung {inv.order} vom {date(inv.order_date, 'de')}</td></tr></table><br>
<table class=items width='100%'><tr><th>Pos</th><th>Artikel-Nr.</th><th>Bezeichnung</th><th class=r>Menge</th><th>ME</th><th class=r>Preis/ME</th><th class=r>Rabatt %</th><th class=r>Betrag</th></tr>{rows}</table><br>
<table width='100%' style='border:1px solid #999'><tr>{''.join(f"<th class=r>{e(h)}</th>" for h in heads)}</tr>
<tr>{''.join(f"<td class=r>{money(v, 'de', symbol=False)}</td>" for v in values)}</tr></table>"""
    foot = (f"<div class=footer>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)} · Geschäftsführer {e(inv.contact)} · USt-IdNr. {inv.vat}"
            + (f" · IBAN {grouped(inv.iban)} · BIC {inv.bic}" if inv.show_iban else "") + "</div>")
    return number, page(body, foot)


FR_UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize", "quatorze",
            "quinze", "seize"]
FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def fr_words(n):
    """A whole number under a million in French words, as a cheque or a French invoice's 'arrêtée à la somme de' writes it."""
    if n < 17:
        return FR_UNITS[n]
    if n < 20:
        return "dix-" + FR_UNITS[n - 10]
    if n < 100:
        t, u = divmod(n, 10)
        if t in (7, 9):
            base = "soixante" if t == 7 else "quatre-vingt"
            rest = fr_words(10 + u)
            return base + (" et " if n == 71 else "-") + rest
        base = "quatre-vingt" if t == 8 else FR_TENS[t]
        if u == 0:
            return base + ("s" if t == 8 else "")
        return base + (" et un" if u == 1 and t != 8 else "-" + FR_UNITS[u])
    if n < 1000:
        h, rest = divmod(n, 100)
        head = "cent" if h == 1 else FR_UNITS[h] + " cent" + ("s" if rest == 0 else "")
        return head + ("" if rest == 0 else " " + fr_words(rest))
    k, rest = divmod(n, 1000)
    head = "mille" if k == 1 else fr_words(k).removesuffix("s" if k % 100 in (0, 80) else "") + " mille"  # "deux cent mille", "quatre-vingt mille"
    return head + ("" if rest == 0 else " " + fr_words(rest))


def fr_arretee(r, inv):
    """A traditional French invoice: 'FACTURE N° …/2026' centred, the place and date at the right ('Clairval, le 5 mars
    2026'), the buyer in a box under 'Doit :', 'Désignation | Qté | P.U. HT | Montant HT', 'Montant HT / TVA 20 % /
    Montant TTC / Net à payer', the total written out in words ('Arrêtée la présente facture à la somme de : mille deux
    cent trente-quatre euros et cinquante-six centimes'), 'Mode de règlement' and 'Échéance', and a stamp box."""
    number = f"{r.randint(1, 999):03d}/{inv.issue.year}"
    euros, cents = divmod(round(inv.total * 100), 100)
    words = fr_words(euros) + (" euro" if euros == 1 else " euros") + (f" et {fr_words(cents)} centime{'s' if cents > 1 else ''}" if cents else "")
    city = inv.city.split(" ", 1)[1]
    body = f"""
<table width='100%'><tr><td><b style='font-size:13pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tél. 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}<br>SIRET {inv.siren} {r.randint(10000, 99999)}<br>TVA {inv.vat}</td>
<td class=r>{e(city)}, le {date(inv.issue, 'fr_long')}</td></tr></table><br>
<div class=big style='text-align:center'>FACTURE N° {e(number)}</div><br>
<table style='margin-left:auto; border:1px solid #333; width:45%'><tr><td><b>Doit :</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
{items_table(inv, ['Désignation', '>Qté', '>P.U. HT', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Montant HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td>Montant TTC</td><td class=r>{money(inv.total, 'fr')}</td></tr>
<tr><td><b>Net à payer</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Arrêtée la présente facture à la somme de : <b>{e(words)}</b> TTC.</p>
<p>Mode de règlement : virement bancaire{' (IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic + ')' if inv.show_iban else ''}<br>Échéance : {date(inv.due, 'fr')}</p>
<table style='margin-left:auto; border:1px solid #999; width:35%; height:60px'><tr><td class=small>Cachet et signature</td></tr></table>"""
    return number, page(body)


def de_zwei_banken(r, inv):
    """A German letter whose footer gives two bank accounts ('Sparkasse … IBAN … BIC …' and 'Volksbank … IBAN …'), as
    many letterheads do. Half of them name the account to pay into in the payment terms ('… auf unser Konto bei der
    Volksbank, IBAN …'): that one is the invoice's; where the terms name none, the first account is."""
    number = f"{inv.issue.year}{r.randint(1000, 9999)}"
    other = iban(r, "DE")
    banks = [(r.choice(["Sparkasse", "Kreissparkasse", "Stadtsparkasse"]) + " " + inv.city.split()[1], inv.iban),
             (r.choice(["Volksbank", "Raiffeisenbank", "Commerzbank"]) + " " + r.choice(DE_CITIES), other)]
    named = r.random() < 0.5
    if named:
        inv.iban = other
    terms = (f"Bitte überweisen Sie den Rechnungsbetrag bis zum {date(inv.due, 'de')} auf unser Konto bei der {banks[1][0]}, IBAN {grouped(other)}."
             if named else f"Zahlbar bis zum {date(inv.due, 'de')} ohne Abzug.")
    inv.show_iban = True
    body = f"""
<div style='text-align:right'><b style='font-size:15pt'>{e(inv.seller)}</b><br>{e(inv.street)} · {e(inv.city)}</div><br>
<span class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</span><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r><table style='float:right'><tr><td>Rechnungs-Nr.</td><td>{number}</td></tr><tr><td>Datum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kunden-Nr.</td><td>{inv.customer}</td></tr></table></td></tr></table><br>
<div class=big>Rechnung</div>
{items_table(inv, ['Pos.', 'Bezeichnung', '>Menge', '>Einzelpreis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Gesamtbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>{e(terms)}</p>"""
    foot = (f"<div class=footer><table width='100%'><tr><td style='width:25%'>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}</td>"
            + "".join(f"<td style='width:25%'>{e(b)}<br>IBAN {grouped(i)}<br>BIC {''.join(r.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ') for _ in range(4))}DE{r.randint(10, 99)}</td>" for b, i in banks)
            + f"<td>Amtsgericht {e(inv.city.split()[1])} HRB {r.randint(1000, 99999)}<br>USt-IdNr. {inv.vat}<br>Geschäftsführer {e(inv.contact)}</td></tr></table></div>")
    return number, page(body, foot)


def fr_telecom(r, inv):
    """A French telecom operator's monthly invoice: a box at the top 'Montant à payer : … € TTC, prélevé le …' (the
    debit date is the due date), 'Facture n° … du …', 'Référence client', an account statement of amounts that are
    no totals of this invoice ('Solde de la facture précédente … €', 'Paiement reçu le … : -… €', 'Solde : 0,00 €'), then
    'Abonnements et forfaits', 'Consommations hors forfait', 'Total HT / TVA 20 % / Total TTC'."""
    number = f"F{r.randint(100000000, 999999999)}"
    before = round(r.uniform(20, 90), 2)
    paid_on = inv.issue - dt.timedelta(days=r.randint(10, 25))
    plan = round(inv.net * r.uniform(0.6, 0.9), 2)
    extra = round(inv.net - plan, 2)
    inv.lines = [("Forfait mobile", 1, plan, plan), ("Consommations hors forfait", 1, extra, extra)]
    inv.seller = name(r, ["SA", "SAS"])
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller.rsplit(' ', 1)[0])}</div>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}</td>
<td style='border:2px solid #333; padding:10px; width:40%'><b>Montant à payer</b><br><span class=big>{money(inv.total, 'fr')}</span> TTC<br>prélevé le {date(inv.due, 'fr')}</td></tr></table><br>
<table width='100%'><tr><td>Facture n° {e(number)} du {date(inv.issue, 'fr')}<br>Référence client : {inv.customer}<br>Ligne : 06 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}</td>
<td>{e(r.choice(FIRST))} {e(r.choice(LAST))}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<h3>Votre compte</h3>
<table><tr><td>Solde de la facture précédente</td><td class=r>{money(before, 'fr')}</td></tr>
<tr><td>Paiement reçu le {date(paid_on, 'fr')}</td><td class=r>-{money(before, 'fr')}</td></tr>
<tr><td>Solde</td><td class=r>{money(0, 'fr')}</td></tr></table>
<h3>Détail de votre facture</h3>
<table class=items width='100%'><tr><th>Rubrique</th><th class=r>Montant HT</th></tr>
<tr><td>Abonnements et forfaits (du {date(inv.issue, 'fr')} au {date(inv.issue + dt.timedelta(days=30), 'fr')})</td><td class=r>{money(plan, 'fr')}</td></tr>
<tr><td>Consommations hors forfait</td><td class=r>{money(extra, 'fr')}</td></tr></table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA 20 %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p class=small>{e(inv.seller)} – capital de {r.randint(1, 900)} 000 000 € – RCS {e(inv.city.split(' ', 1)[1])} {inv.siren} – TVA {inv.vat}{' – IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</p>"""
    return number, page(body)


def de_stromrechnung(r, inv):
    """A German electricity bill: 'Jahresabrechnung' with 'Zählernummer', a reading period, consumption in kWh with a
    thousands point ('3.456 kWh'), prices per kWh with four decimals ('0,3215 €/kWh'), a 'Grundpreis' per month, then
    'Summe netto / Umsatzsteuer 19 % / Rechnungsbetrag brutto', 'abzüglich geleisteter Abschläge' and a 'Restbetrag'
    (or 'Guthaben') that is what remains to pay, not the invoice's total."""
    inv.seller = r.choice(["Stadtwerke", "Energieversorgung"]) + " " + r.choice(DE_CITIES) + " " + r.choice(["GmbH", "AG"])
    kwh = r.randint(1200, 6000)
    price = round(r.uniform(0.25, 0.42), 4)
    base = round(r.uniform(8, 16), 2)
    energy = round(kwh * price, 2)
    basic = round(base * 12, 2)
    inv.lines = [("Arbeitspreis", kwh, price, energy), ("Grundpreis", 12, base, basic)]
    inv.rate = 19.0
    inv.net = round(energy + basic, 2)
    inv.tax = round(inv.net * 0.19, 2)
    inv.total = round(inv.net + inv.tax, 2)
    paid = round(inv.total * r.uniform(0.85, 1.1), 2)
    rest = round(inv.total - paid, 2)
    number = f"{r.randint(100, 999)} {r.randint(100000, 999999)}"
    start = inv.issue - dt.timedelta(days=r.randint(370, 380))
    end = start + dt.timedelta(days=364)
    de4 = lambda x: f"{x:.4f}".replace(".", ",")
    thousands = lambda n: f"{n:,}".replace(",", ".")
    body = f"""
<table width='100%'><tr><td style='width:55%'><span class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</span><br>{e(r.choice(FIRST))} {e(r.choice(LAST))}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td><b style='font-size:14pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br><br>Rechnungsnummer {number}<br>Rechnungsdatum {date(inv.issue, 'de')}<br>Vertragskonto {r.randint(100000000, 999999999)}</td></tr></table><br>
<div class=big>Jahresabrechnung Strom</div>
<p>Zählernummer {r.randint(1, 9)}EMH{r.randint(10000000, 99999999)} · Abrechnungszeitraum {date(start, 'de')} – {date(end, 'de')}<br>
Zählerstand alt {thousands(r.randint(10000, 40000))} kWh · Verbrauch {thousands(kwh)} kWh</p>
<table class=items width='100%'><tr><th>Position</th><th class=r>Menge</th><th class=r>Preis</th><th class=r>Betrag netto</th></tr>
<tr><td>Arbeitspreis</td><td class=r>{thousands(kwh)} kWh</td><td class=r>{de4(price)} €/kWh</td><td class=r>{money(energy, 'de')}</td></tr>
<tr><td>Grundpreis</td><td class=r>12 Monate</td><td class=r>{money(base, 'de')}/Monat</td><td class=r>{money(basic, 'de')}</td></tr></table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer 19 %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Rechnungsbetrag brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr>
<tr><td>abzüglich geleisteter Abschläge</td><td class=r>-{money(paid, 'de')}</td></tr>
<tr><td><b>{'Restbetrag' if rest >= 0 else 'Guthaben'}</b></td><td class=r><b>{money(abs(rest), 'de')}</b></td></tr></table>
<p>{'Den Restbetrag buchen wir am ' + date(inv.due, 'de') + ' von Ihrem Konto ab.' if rest >= 0 else 'Das Guthaben erstatten wir bis zum ' + date(inv.due, 'de') + '.'} Ihr neuer monatlicher Abschlag beträgt {money(round(inv.total / 12, 0), 'de')}.</p>"""
    foot = (f"<div class=footer>{e(inv.seller)} · Sitz {e(inv.city.split()[1])} · USt-IdNr. {inv.vat}"
            + (f" · IBAN {grouped(inv.iban)} · BIC {inv.bic}" if inv.show_iban else "") + "</div>")
    return number, page(body, foot)


def en_peppol_view(r, inv):
    """An English rendering of a Peppol e-invoice as a viewer shows it: the EN 16931 terms as labels ('Invoice number',
    'Invoice issue date', 'Payment due date', 'Seller', 'Buyer', 'Seller VAT identifier'), line items, then 'Sum of
    Invoice line net amount / Invoice total amount without VAT / Invoice total VAT amount / Invoice total amount with VAT
    / Amount due for payment', and 'Payment account identifier' for the IBAN; ISO dates."""
    number = f"INV-{r.randint(10000, 99999)}"
    def kv(rows):
        return "<table>" + "".join(f"<tr><td style='width:250px; color:#555'>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in rows) + "</table>"
    body = f"""
<div class=big>Invoice</div>
{kv([('Invoice number', number), ('Invoice issue date', date(inv.issue, 'iso')), ('Payment due date', date(inv.due, 'iso')),
     ('Invoice type code', '380 (Commercial invoice)'), ('Invoice currency code', 'EUR'), ('Buyer reference', inv.order)])}
<table width='100%'><tr><td style='width:50%'><h3>Seller</h3>{kv([('Seller name', inv.seller), ('Seller address', inv.street + ', ' + inv.city), ('Seller VAT identifier', inv.vat)])}</td>
<td><h3>Buyer</h3>{kv([('Buyer name', inv.buyer), ('Buyer address', inv.bstreet + ', ' + inv.bcity), ('Buyer VAT identifier', inv.buyer_vat)])}</td></tr></table>
<h3>Invoice lines</h3>
<table class=items width='100%'><tr><th>Item name</th><th class=r>Invoiced quantity</th><th class=r>Item net price</th><th class=r>Invoice line net amount</th></tr>
{''.join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{p:.2f}</td><td class=r>{a:.2f}</td></tr>" for d, q, p, a in inv.lines)}</table>
<h3>Document totals</h3>
{kv([('Sum of Invoice line net amount', f'{inv.net:.2f}'), ('Invoice total amount without VAT', f'{inv.net:.2f}'),
     ('Invoice total VAT amount', f'{inv.tax:.2f}'), ('Invoice total amount with VAT', f'{inv.total:.2f}'), ('Amount due for payment', f'{inv.total:.2f}')])}
<h3>VAT breakdown</h3>
{kv([('VAT category code', 'S (Standard rate)'), ('VAT category rate', f'{inv.rate:g} %'), ('VAT category taxable amount', f'{inv.net:.2f}'), ('VAT category tax amount', f'{inv.tax:.2f}')])}
<h3>Payment instructions</h3>
{kv(([('Payment means type code', '58 (SEPA credit transfer)'), ('Payment account identifier', inv.iban)] if inv.show_iban else [('Payment means type code', '30 (Credit transfer)')]) + [('Payment terms', f'{inv.days} days net')])}"""
    return number, page(body)


def de_kopie(r, inv):
    """A copy of an invoice printed again from the ERP: a large light grey 'KOPIE' diagonally across the page behind the
    text (a watermark whose letters are in the PDF's text and under every scanned word), 'Duplikat' beside the title,
    the info block at the right with 'Beleg-Nr.', 'Belegdatum' and 'Fälligkeit', totals 'Warenwert / MwSt / Endbetrag'."""
    number = f"{r.choice(['VR', 'AR', 'RG'])}{r.randint(100000, 999999)}"
    reprint = inv.issue + dt.timedelta(days=r.randint(3, 60))
    body = f"""
<div style='position:fixed; top:38%; left:8%; font-size:120pt; font-weight:bold; color:#e2e2e2; transform:rotate(-35deg); z-index:-1'>KOPIE</div>
<div class=small><u>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</u></div>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r><table style='float:right'><tr><td>Beleg-Nr.</td><td>{e(number)}</td></tr><tr><td>Belegdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Fälligkeit</td><td>{date(inv.due, 'de')}</td></tr><tr><td>Kunden-Nr.</td><td>{inv.customer}</td></tr>
<tr><td>Druckdatum</td><td>{date(reprint, 'de')}</td></tr></table></td></tr></table><br>
<div class=big>Rechnung <span style='font-size:10pt; color:#777'>(Duplikat)</span></div><br>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Preis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Warenwert</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Endbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar bis {date(inv.due, 'de')} ohne Abzug.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_randvermerk(r, inv):
    """A DIN 5008 letter with what such letters carry in the left margin: fold and punch marks (short rules at the page's
    edge) and a line of small print turned by 90° up the margin naming the software and a document id ('Erstellt mit …
    · Dok-ID 7731-… · gedruckt am …'); the invoice itself has 'Rechnung Nr.' and 'vom' in the title line."""
    number = f"{inv.issue.year}-{r.randint(100, 9999)}"
    printed = inv.issue + dt.timedelta(days=r.randint(0, 2))
    body = f"""
<style>@page {{ margin-left: 0 }} body {{ padding-left: 22mm }} .footer {{ left: 22mm }}</style>
<div style='position:fixed; left:2mm; top:87mm; width:6mm; border-top:1px solid #555'></div>
<div style='position:fixed; left:2mm; top:130mm; width:9mm; border-top:1px solid #555'></div>
<div style='position:fixed; left:2mm; top:192mm; width:6mm; border-top:1px solid #555'></div>
<div style='position:fixed; left:-62mm; top:140mm; width:140mm; font-size:6.5pt; color:#666; transform:rotate(-90deg)'>Erstellt mit {r.choice(['Fakturo', 'Rechnix', 'BüroPro'])} {r.randint(2, 9)}.{r.randint(0, 9)} · Dok-ID {r.randint(1000, 9999)}-{r.randint(100000, 999999)} · gedruckt am {date(printed, 'de')}</div>
<div style='text-align:right'><b style='font-size:14pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}</div>
<span class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</span><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p><br>
<p style='text-align:right'>Kundennummer {inv.customer}</p>
<h3>Rechnung Nr. {e(number)} vom {date(inv.issue, 'de')}</h3>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % USt.</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Bitte zahlen Sie innerhalb von {inv.days} Tagen, spätestens am {date(inv.due, 'de')}.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_strich(r, inv):
    """A craftsman's invoice priced in whole euros, written the German way with a dash for no cents ('850,– €',
    '1.200,-'): the line items and the net are whole, the VAT and the total have cents; 'Summe', 'zzgl. 19 % MwSt.',
    'Endsumme'; the number as 'Rechnungs-Nr.' in a line with the date ('Rechnungs-Nr. 0815 · Datum 03.04.2025')."""
    number = f"{r.randint(1, 999):03d}/{inv.issue.year % 100:02d}"
    inv.lines = []
    for _ in range(r.randint(1, 5)):
        q = r.choice([1, 1, 2, 3, 4, 8])
        p = float(r.choice([25, 45, 60, 85, 120, 150, 250, 480, 850, 1200]))
        inv.lines.append((r.choice(DE_ITEMS), q, p, q * p))
    inv.net = float(sum(l[3] for l in inv.lines))
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    dash = r.choice(["–", "-"])
    def whole(x):
        if x == int(x):
            return f"{int(x):,}".replace(",", ".") + "," + dash + " €"
        return money(x, "de")
    rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{q}</td><td class=r>{whole(p)}</td><td class=r>{whole(a)}</td></tr>" for d, q, p, a in inv.lines)
    body = f"""
<div class=big>{e(inv.seller)}</div><div>{e(inv.street)} · {e(inv.city)} · Tel. 0{r.randint(100, 999)} {r.randint(10000, 99999)}</div><br><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p><br>
<p>Rechnungs-Nr. {e(number)} · Datum {date(inv.issue, 'de')} · Kunde {inv.customer}</p>
<h3>Rechnung</h3>
<table class=items width='100%'><tr><th>Leistung</th><th class=r>Anzahl</th><th class=r>Einzelpreis</th><th class=r>Gesamt</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'>
<tr><td>Summe</td><td class=r>{whole(inv.net)}</td></tr>
<tr><td>zzgl. {inv.rate:g} % MwSt.</td><td class=r>{whole(inv.tax)}</td></tr>
<tr><td><b>Endsumme</b></td><td class=r><b>{whole(inv.total)}</b></td></tr></table>
<p>Zahlbar bis {date(inv.due, 'de')} rein netto.{' Bankverbindung: IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic if inv.show_iban else ''}</p>
<p class=small>USt-IdNr. {inv.vat}</p>"""
    return number, page(body)


def till_prices(inv, divisor, count):
    """A shop's prices for a till receipt (the first `count` lines, `divisor` times cheaper), the totals they give, and
    each line's price with VAT as the roll prints it (the last one taking the rounding); no due date, no bank."""
    inv.lines = [(d, q, round(p / divisor, 2), round(q * round(p / divisor, 2), 2)) for d, q, p, _ in inv.lines[:count]]
    inv.net = round(sum(l[3] for l in inv.lines), 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    gross = [round(a * (1 + inv.rate / 100), 2) for _, _, _, a in inv.lines]
    gross[-1] = round(inv.total - sum(gross[:-1]), 2)
    inv.due = None
    inv.show_iban = False
    return gross


def gross_split(items, rate):
    """Items priced with VAT at one rate (name, gross price): their gross sum, its net and its tax, as a till's tax table
    prints them."""
    gross = round(sum(p for _, p in items), 2)
    net = round(gross / (1 + rate / 100), 2)
    return gross, net, round(gross - net, 2)


def till_css(length_mm):
    """80 mm thermal paper in a monospace font."""
    return (f"@page {{ size: 80mm {length_mm}mm; margin: 4mm; }} body {{ font-family: 'DejaVu Sans Mono', monospace; font-size: 8pt; color: #000; }}"
            " table { width: 100%; border-collapse: collapse; } td { padding: 0 2px; } .r { text-align: right; } .c { text-align: center; }")


def de_kassenbon(r, inv):
    """A till receipt that is the invoice (a 'Kleinbetragsrechnung' on 80 mm thermal paper, printed here as a narrow PDF
    in a monospace font): the shop centred at the top, items with a tax letter ('A'), 'SUMME EUR', 'Gegeben BAR' and
    'Rückgeld', a tax table 'MwSt% Netto MwSt Brutto', then 'Bon-Nr.', 'Kasse', the date and time; no due date, no bank."""
    number = str(r.randint(1000, 99999))
    gross = till_prices(inv, 20, 4)
    given = float((int(inv.total) // 20 + 1) * 20)
    m = lambda x: money(x, "de", symbol=False)
    items = "".join(f"<tr><td>{e(d[:22])}</td><td class=r>{m(g)} A</td></tr>" for (d, _, _, _), g in zip(inv.lines, gross))
    css = till_css(260)
    doc = f"""<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>
<div class=c><b style='font-size:10pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tel. 0{r.randint(100, 999)} {r.randint(100000, 999999)}<br>USt-IdNr. {inv.vat}</div><br>
<table>{items}
<tr><td colspan=2>--------------------------------</td></tr>
<tr><td><b>SUMME EUR</b></td><td class=r><b>{m(inv.total)}</b></td></tr>
<tr><td>Gegeben BAR</td><td class=r>{m(given)}</td></tr><tr><td>Rückgeld</td><td class=r>{m(round(given - inv.total, 2))}</td></tr></table><br>
<table><tr><td>MwSt%</td><td class=r>Netto</td><td class=r>MwSt</td><td class=r>Brutto</td></tr>
<tr><td>A {inv.rate:g}%</td><td class=r>{m(inv.net)}</td><td class=r>{m(inv.tax)}</td><td class=r>{m(inv.total)}</td></tr></table><br>
<table><tr><td>Bon-Nr. {number}</td><td class=r>Kasse {r.randint(1, 6)}</td></tr>
<tr><td>{date(inv.issue, 'de')} {r.randint(8, 19):02d}:{r.randint(0, 59):02d}</td><td class=r>Bed. {r.randint(1, 30):02d}</td></tr></table><br>
<div class=c>Vielen Dank für Ihren Einkauf!<br>Dieser Beleg gilt als Rechnung.</div></body></html>"""
    return number, doc


def fr_acquittee(r, inv):
    """A French invoice that was paid at the counter: a red stamp turned across the totals, 'ACQUITTÉE le …' with
    'par CB' (the payment's date, which is neither the issue date nor the due date), 'Date d'échéance' in the info block,
    'Total HT / TVA (20 %) / Total TTC', and 'Reste à payer : 0,00 €' under them."""
    number = f"{inv.issue.year % 100:02d}{r.randint(1, 12):02d}-{r.randint(100, 999)}"
    paid = inv.issue + dt.timedelta(days=r.randint(0, 5))
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(inv.city)}<br>SIRET {inv.siren}{r.randint(10000, 99999)}</td>
<td class=r><b>FACTURE</b><br>N° {e(number)}<br>Date : {date(inv.issue, 'fr')}<br>Date d'échéance : {date(inv.due, 'fr')}</td></tr></table><br>
<p style='margin-left:55%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p><br>
{items_table(inv, ['Réf.', 'Désignation', '>Qté', '>P.U. HT', '>Montant HT'], 'fr')}
<div style='position:relative'>
<div style='position:absolute; left:12%; top:6px; border:3px solid #c33; color:#c33; padding:4px 10px; font-size:15pt; font-weight:bold; transform:rotate(-12deg)'>ACQUITTÉE<br><span style='font-size:10pt'>le {date(paid, 'fr')} par CB</span></div>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA ({inv.rate:g} %)</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr>
<tr><td>Reste à payer</td><td class=r>{money(0, 'fr')}</td></tr></table></div>
<p class=small>TVA intracommunautaire : {inv.vat}{' – IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic if inv.show_iban else ''}</p>"""
    return number, page(body)


def fr_ticket(r, inv):
    """A French till receipt that is the invoice ('ticket de caisse' on 80 mm paper, a monospace font): the shop and its
    SIRET centred at the top, items with a VAT code, 'TOTAL TTC', 'CB EUR' and 'RENDU', a VAT table 'Taux HT TVA TTC',
    'Ticket n°' and the date and time at the bottom; no due date, no bank."""
    number = f"{r.randint(1, 9):d}{r.randint(100000, 999999)}"
    gross = till_prices(inv, 25, 5)
    m = lambda x: money(x, "fr", symbol=False)
    items = "".join(f"<tr><td>{e(d[:22].upper())}</td><td class=r>{m(g)} 1</td></tr>" for (d, _, _, _), g in zip(inv.lines, gross))
    css = till_css(250)
    doc = f"""<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>
<div class=c><b style='font-size:10pt'>{e(inv.seller.upper())}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tél. 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}<br>SIRET {inv.siren}{r.randint(10000, 99999)} – TVA {inv.vat}</div><br>
<table>{items}
<tr><td colspan=2>================================</td></tr>
<tr><td><b>TOTAL TTC</b></td><td class=r><b>{m(inv.total)} EUR</b></td></tr>
<tr><td>CB EUR</td><td class=r>{m(inv.total)}</td></tr><tr><td>RENDU</td><td class=r>{m(0)}</td></tr></table><br>
<table><tr><td>Taux</td><td class=r>HT</td><td class=r>TVA</td><td class=r>TTC</td></tr>
<tr><td>1 {inv.rate:g}%</td><td class=r>{m(inv.net)}</td><td class=r>{m(inv.tax)}</td><td class=r>{m(inv.total)}</td></tr></table><br>
<table><tr><td>Ticket n° {number}</td><td class=r>Caisse {r.randint(1, 9)}</td></tr>
<tr><td>{date(inv.issue, 'fr')} {r.randint(8, 19):02d}:{r.randint(0, 59):02d}</td><td class=r>Vendeur {r.randint(1, 30):02d}</td></tr></table><br>
<div class=c>MERCI DE VOTRE VISITE<br>A BIENTOT</div></body></html>"""
    return number, doc


def de_einzelnachweis(r, inv):
    """A fleet or telecom invoice whose first page is a summary ('Rechnungsübersicht': 'Summe netto', 'zzgl. USt',
    'Rechnungsbetrag' in a box beside the number and date) and whose second page is 'Anlage – Einzelnachweis': the
    items grouped by cost centre, each group closed by 'Summe Kostenstelle …' (subtotals that are not the net)."""
    number = f"{r.randint(10, 99)}{r.randint(10000000, 99999999)}"
    centres = [r.randint(100, 999) for _ in range(r.randint(2, 3))]
    groups = {c: [] for c in centres}
    for l in inv.lines:
        groups[r.choice(centres)].append(l)
    body = f"""
<table width='100%'><tr><td><span class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</span><br>{e(inv.buyer)}<br>Abt. Fuhrpark<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r><b style='font-size:13pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}</td></tr></table><br>
<div class=big>Rechnung</div>
<table width='100%'><tr><td style='width:55%'><table><tr><td>Rechnungsnummer</td><td>{number}</td></tr><tr><td>Rechnungsdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kundennummer</td><td>{inv.customer}</td></tr><tr><td>Abrechnungsmonat</td><td>{inv.issue.month:02d}/{inv.issue.year}</td></tr></table></td>
<td style='border:1px solid #333; padding:8px'><b>Rechnungsübersicht</b><table width='100%'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. USt {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table></td></tr></table>
<p>Der Rechnungsbetrag wird am {date(inv.due, 'de')} von Ihrem Konto abgebucht{' (IBAN ' + grouped(inv.iban) + ')' if inv.show_iban else ''}. Die Einzelpositionen finden Sie in der Anlage.</p>
<div style='page-break-before:always'></div>
<h3>Anlage – Einzelnachweis zur Rechnung {number}</h3>"""
    for c in centres:
        if not groups[c]:
            continue
        rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{f'{q:g}'.replace('.', ',')}</td><td class=r>{money(p, 'de')}</td><td class=r>{money(a, 'de')}</td></tr>" for d, q, p, a in groups[c])
        sub = round(sum(a for *_, a in groups[c]), 2)
        body += (f"<p><b>Kostenstelle {c}</b></p><table class=items width='100%'><tr><th>Leistung</th><th class=r>Menge</th><th class=r>Preis</th><th class=r>Betrag</th></tr>{rows}"
                 f"<tr><td colspan=3><b>Summe Kostenstelle {c}</b></td><td class=r><b>{money(sub, 'de')}</b></td></tr></table>")
    return number, page(body, footer3(inv, "de"))


def ch_eur_gegenwert(r, inv):
    """A Swiss seller's invoice in euros to a customer in Germany: amounts as 1'234.50 with 'EUR', no Swiss VAT on an
    export ('MWST 0 % – Ausfuhr' is printed, or the German 19 % where the seller is registered there), and under the
    totals their 'Gegenwert in CHF' at a stated rate ('Kurs 0.9412'), amounts in the other currency that are no fields."""
    inv.seller = name(r, ["AG", "GmbH"])
    inv.iban = iban(r, "CH")
    city = f"{r.randint(1000, 9999)} {r.choice(DE_CITIES)}"
    number = f"R{inv.issue.year % 100:02d}-{r.randint(1000, 9999)}"
    rate = round(r.uniform(0.90, 0.98), 4)
    eur = lambda x: f"{x:,.2f}".replace(",", "'")
    rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{eur(p)}</td><td class=r>{eur(a)}</td></tr>" for d, q, p, a in inv.lines)
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{city}<br>Schweiz<br>USt-IdNr. {inv.vat}</td>
<td class=r>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Deutschland</td></tr></table><br>
<h3>Rechnung Nr. {e(number)}</h3>
<p>Datum: {date(inv.issue, 'de')} · Zahlbar bis: {date(inv.due, 'de')} · Ihre Referenz: {inv.order}</p>
<table class=items width='100%'><tr><th>Bezeichnung</th><th class=r>Menge</th><th class=r>Preis EUR</th><th class=r>Total EUR</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total netto</td><td class=r>EUR {eur(inv.net)}</td></tr>
<tr><td>USt {inv.rate:g} %</td><td class=r>EUR {eur(inv.tax)}</td></tr><tr><td><b>Total brutto</b></td><td class=r><b>EUR {eur(inv.total)}</b></td></tr></table>
<p class=small style='text-align:right'>Gegenwert in CHF zum Kurs {rate}: netto CHF {eur(round(inv.net * rate, 2))}, USt CHF {eur(round(inv.tax * rate, 2))}, brutto CHF {eur(round(inv.total * rate, 2))}</p>
<p>{'Bitte überweisen Sie auf unser EUR-Konto: IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic + '.' if inv.show_iban else 'Zahlung per Kreditkarte.'}</p>"""
    return number, page(body)


def de_kleingedruckt(r, inv):
    """An ERP print in very small type (6.5 pt throughout, the title 9 pt): the info block as 'Rechnung Nr. / vom /
    Kunden-Nr. / Lieferschein' in a right column, the totals 'Warenwert netto / + USt 19 % / Rechnungsendbetrag'."""
    number = f"{r.randint(100000, 999999)}"
    body = f"""<div style='font-size:6.5pt'>
<table width='100%'><tr><td><span style='font-size:9pt; font-weight:bold'>{e(inv.seller)}</span><br>{e(inv.street)} · {e(inv.city)}<br><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r><table style='float:right'><tr><td>Rechnung Nr.</td><td>{number}</td></tr><tr><td>vom</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kunden-Nr.</td><td>{inv.customer}</td></tr><tr><td>Lieferschein</td><td>{r.randint(100000, 999999)} vom {date(inv.delivery, 'de')}</td></tr></table></td></tr></table><br>
<b style='font-size:9pt'>RECHNUNG</b><br><br>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Preis', '>Wert'], 'de')}
<table style='margin-left:auto; margin-top:6px'><tr><td>Warenwert netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>+ USt {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsendbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlungsbedingung: {inv.days} Tage netto, fällig am {date(inv.due, 'de')}.{' IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic if inv.show_iban else ''} · USt-IdNr. {inv.vat}</p></div>"""
    return number, page(body)


def fr_zebra(r, inv):
    """A SaaS invoicing tool's French invoice: the table's rows striped in light grey, the totals in a grey box, the
    seller's name in the footer and a brand at the top; 'Facture n°', 'Émise le', 'Échéance', 'Sous-total HT', 'TVA 20 %',
    'Total TTC' and under the box 'Montant dû' with the same amount."""
    number = f"{inv.issue.year}-{r.randint(100, 999):03d}"
    brand = inv.seller.split()[0].upper()
    rows = "".join(f"<tr style='background:{'#f0f0f0' if i % 2 == 0 else '#fff'}'><td>{e(d)}</td><td class=r>{f'{q:g}'.replace('.', ',')}</td><td class=r>{money(p, 'fr')}</td><td class=r>{money(a, 'fr')}</td></tr>"
                   for i, (d, q, p, a) in enumerate(inv.lines))
    body = f"""
<div style='font-size:20pt; font-weight:bold; letter-spacing:2px; color:#446'>{e(brand)}</div><br>
<table width='100%'><tr><td><b>Facture n° {e(number)}</b><br>Émise le {date(inv.issue, 'fr')}<br>Échéance {date(inv.due, 'fr')}</td>
<td><b>Facturé à</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<table width='100%'><tr style='background:#dde'><th style='text-align:left'>Description</th><th class=r>Qté</th><th class=r>Prix unitaire HT</th><th class=r>Total HT</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px; background:#e4e4e4; padding:6px'><tr><td>Sous-total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p style='text-align:right'>Montant dû : <b>{money(inv.total, 'fr')}</b></p>
<p>{'Paiement par virement : IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic if inv.show_iban else 'Paiement par carte bancaire.'}</p>"""
    foot = f"<div class=footer>{e(inv.seller)} – {e(inv.street)}, {e(inv.city)} – SIREN {inv.siren} – TVA {inv.vat}</div>"
    return number, page(body, foot)


def de_umbruch(r, inv):
    """A long invoice whose totals block is cut by the page break: 'Zwischensumme netto' and 'zzgl. USt' at the foot of
    page 1 with 'Übertrag', the 'Gesamtbetrag' at the top of page 2 under a repeated header ('Rechnung … Seite 2')."""
    number = f"RG-{inv.issue.year}-{r.randint(1000, 9999)}"
    half = len(inv.lines)
    body = f"""
<div class=small><u>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</u></div>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r><table style='float:right'><tr><td>Rechnungsnummer</td><td>{number}</td></tr><tr><td>Datum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kundennummer</td><td>{inv.customer}</td></tr></table></td></tr></table><br>
<div class=big>Rechnung</div>
{items_table(inv, ['Pos.', 'Bezeichnung', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<div style='height:{max(40, 420 - 22 * half)}px'></div>
<table style='margin-left:auto'><tr><td>Zwischensumme netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. USt {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><i>Übertrag auf Seite 2</i></td><td></td></tr></table>
<div style='page-break-before:always'></div>
<p class=small>Rechnung {number} vom {date(inv.issue, 'de')} · Seite 2</p>
<table style='margin-left:auto'><tr><td><b>Gesamtbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar bis {date(inv.due, 'de')} ohne Abzug.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_nadeldrucker(r, inv):
    """An old ERP printing on A4 in a fixed-width font, everything upper case and aligned with spaces: 'RECHNUNGS-NR.',
    'DATUM', 'KD-NR.', the items as columns of a line printer, 'NETTO-BETRAG', 'MWST 19,00 %', 'RECHNUNGSBETRAG EUR',
    'ZAHLBAR BIS … OHNE ABZUG'; the seller in capitals at the top."""
    number = f"{r.randint(10, 99)}/{r.randint(10000, 99999)}"
    m = lambda x: money(x, "de", symbol=False).rjust(14)
    lines = "\n".join(f"{i + 1:>3}  {d.upper()[:28]:<28} {f'{q:g}'.replace('.', ','):>6} {m(p)} {m(a)}" for i, (d, q, p, a) in enumerate(inv.lines))
    pre = f"""{e(inv.seller.upper())}
{e(inv.street.upper())}, {e(inv.city.upper())}


{e(inv.buyer.upper())}
{e(inv.bstreet.upper())}
{e(inv.bcity.upper())}


RECHNUNGS-NR.: {number:<14} DATUM: {date(inv.issue, 'de')}     KD-NR.: {inv.customer}

POS  BEZEICHNUNG                   MENGE          PREIS           WERT
{'-' * 72}
{e(lines)}
{'-' * 72}
                                         NETTO-BETRAG    {m(inv.net)}
                                         MWST {f'{inv.rate:.2f}'.replace('.', ',')} %     {m(inv.tax)}
                                         RECHNUNGSBETRAG EUR{m(inv.total)}

ZAHLBAR BIS {date(inv.due, 'de')} OHNE ABZUG.
{('BANK: IBAN ' + inv.iban + '  BIC ' + inv.bic) if inv.show_iban else ''}
UST-IDNR. {inv.vat}"""
    body = f"<pre style='font-family:\"DejaVu Sans Mono\", monospace; font-size:9pt'>{pre}</pre>"
    return number, page(body)


def de_eingangsstempel(r, inv):
    """An invoice as the recipient's accounts department scans it: their receiving stamp pressed at an angle over the
    top right ('EINGEGANGEN' over a later date in a blue box, with 'Kst.' and 'gebucht' written in), the seller's info
    block under it with 'Rechnungs-Nr.', 'Rechnungsdatum' and 'Leistungsdatum', totals 'Nettobetrag / USt. / Bruttobetrag'."""
    number = f"{inv.issue.year}{r.randint(1000, 9999)}"
    received = inv.issue + dt.timedelta(days=r.randint(2, 9))
    months = ["JAN", "FEB", "MRZ", "APR", "MAI", "JUN", "JUL", "AUG", "SEP", "OKT", "NOV", "DEZ"]
    stamp = (f"<div style='position:absolute; top:0; right:30px; transform:rotate(-7deg); border:3px double #2747a8; color:#2747a8; "
             f"padding:4px 14px; text-align:center; font-weight:bold; font-size:11pt; background:rgba(255,255,255,0.3)'>EINGEGANGEN<br>"
             f"<span style='font-size:14pt'>{received.day:02d}. {months[received.month - 1]} {received.year}</span><br>"
             f"<span style='font-family:\"DejaVu Serif\"; font-style:italic; font-weight:normal; font-size:10pt'>Kst. {r.randint(100, 999)} · gebucht</span></div>")
    body = f"""<div style='position:relative'>{stamp}
<div class=big style='font-size:15pt'>{e(inv.seller)}</div><div class=small>{e(inv.street)} · {e(inv.city)}</div><br><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>z. Hd. Buchhaltung<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r><table style='float:right; margin-top:40px'><tr><td>Rechnungs-Nr.</td><td>{number}</td></tr><tr><td>Rechnungsdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Leistungsdatum</td><td>{date(inv.delivery, 'de')}</td></tr><tr><td>Kunden-Nr.</td><td>{inv.customer}</td></tr></table></td></tr></table></div><br>
<div class=big>Rechnung</div><br>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>Einzelpreis', '>Gesamtpreis'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>USt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Bruttobetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Bitte überweisen Sie den Betrag bis zum {date(inv.due, 'de')}.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_fax(r, inv):
    """An invoice that came by fax: the sending machine's line across the top of the page in small type (date and time
    of sending, the sender's fax number and name, 'S. 1/1'), then a plain letter with 'Rechnung Nr.' and 'Datum' in a
    block at the right, 'Summe netto / zzgl. 19 % MwSt. / Rechnungsbetrag', 'Telefax' among the contact lines."""
    number = f"{r.randint(1, 9)}-{r.randint(10000, 99999)}"
    sent = inv.issue + dt.timedelta(days=r.randint(0, 3))
    fax = f"+49 {r.randint(20, 999)} {r.randint(100000, 9999999)}"
    head = (f"<div style='font-family:\"DejaVu Sans Mono\", monospace; font-size:7.5pt; border-bottom:1px solid #000; margin-bottom:14px'>"
            f"{sent.strftime('%d.%m.%Y')} {r.randint(7, 18):02d}:{r.randint(0, 59):02d} &nbsp; FAX {fax} &nbsp; {e(inv.seller.upper())} &nbsp;&nbsp; S. 01/01</div>")
    body = f"""{head}
<table width='100%'><tr><td><b style='font-size:13pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Telefon +49 {r.randint(20, 999)} {r.randint(100000, 999999)}<br>Telefax {fax}</td>
<td class=r>Rechnung Nr. {number}<br>Datum: {date(inv.issue, 'de')}<br>Kunden-Nr.: {inv.customer}</td></tr></table><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<b>Rechnung</b><br><br>
{items_table(inv, ['Pos.', 'Bezeichnung', '>Menge', '>Preis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % MwSt.</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar bis zum {date(inv.due, 'de')} ohne Abzug.{' Bankverbindung: IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic + '.' if inv.show_iban else ''}<br>USt-IdNr. {inv.vat}</p>"""
    return number, page(body)


def en_remittance(r, inv):
    """A UK-style English invoice with a tear-off remittance advice at the foot: above a dashed cut line the invoice
    ('Invoice No.', 'Invoice Date', 'Due Date', 'Subtotal / VAT 19% / Total EUR'); below it 'REMITTANCE ADVICE' with the
    customer, the invoice number again, 'Amount Due' and an empty 'Amount Enclosed' line."""
    number = f"INV-{r.randint(10000, 99999)}"
    en = lambda d: f"{d.day} {d.strftime('%B')} {d.year}"
    m = lambda x: f"{x:,.2f}"
    rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{m(p)}</td><td class=r>{m(a)}</td></tr>" for d, q, p, a in inv.lines)
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Germany<br>VAT No. {inv.vat}</td>
<td class=r><div class=big>INVOICE</div>Invoice No.: {number}<br>Invoice Date: {en(inv.issue)}<br>Due Date: {en(inv.due)}<br>Account No.: {inv.customer}</td></tr></table><br>
<b>Invoice to:</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Unit Price</th><th class=r>Amount EUR</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Subtotal</td><td class=r>{m(inv.net)}</td></tr>
<tr><td>VAT {inv.rate:g}%</td><td class=r>{m(inv.tax)}</td></tr><tr><td><b>Total EUR</b></td><td class=r><b>{m(inv.total)}</b></td></tr></table>
<p>{'Payment by bank transfer to IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic + ', quoting the invoice number.' if inv.show_iban else 'Payment by card on our website.'}</p>
<div style='margin-top:40px; border-top:2px dashed #555; padding-top:6px'><span style='font-size:8pt'>&#9986; please detach and return with your payment</span><br>
<b>REMITTANCE ADVICE</b><br>
<table width='100%'><tr><td>Customer: {e(inv.buyer)}<br>Account No.: {inv.customer}<br>Invoice No.: {number}</td>
<td>Amount Due: EUR {m(inv.total)}<br>Amount Enclosed: ____________<br>Payable to: {e(inv.seller)}</td></tr></table></div>"""
    return number, page(body)


def fr_cachet(r, inv):
    """A French craftsman's invoice signed and stamped: at the foot, the company's rubber stamp (a tilted blue box with
    the name, address, 'SIRET' and 'N° TVA') beside 'Bon pour acquit' and a signature line; 'Facture N°' and 'Date' in a
    box at the top right, 'Montant HT / TVA 20 % / Montant TTC' and 'Conditions de règlement : à réception'."""
    number = f"{r.randint(100, 999)}-{inv.issue.year % 100:02d}"
    siret = inv.siren + f"{r.randint(10, 99)}0{r.randint(10, 99)}"[:5]
    stamp = (f"<div style='display:inline-block; transform:rotate(-4deg); border:2px solid #2140a0; color:#2140a0; padding:4px 10px; "
             f"text-align:center; font-size:8.5pt'><b>{e(inv.seller.upper())}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>SIRET {siret}<br>N° TVA {inv.vat}</div>")
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tél. 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}</td>
<td class=r><table style='float:right; border:1px solid #444'><tr><td>Facture N°</td><td><b>{number}</b></td></tr><tr><td>Date</td><td>{date(inv.issue, 'fr')}</td></tr></table></td></tr></table><br>
<table width='100%'><tr><td></td><td style='width:45%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
{items_table(inv, ['Désignation', '>Qté', '>P.U. HT', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Montant HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA 20 %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Montant TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Conditions de règlement : à réception, au plus tard le {date(inv.due, 'fr')}.{' Règlement par virement : IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic + '.' if inv.show_iban else ' Règlement par chèque.'}</p>
<table width='100%' style='margin-top:30px'><tr><td>Bon pour acquit,<br>le {date(inv.issue, 'fr')}<br><br><span style='font-family:"DejaVu Serif"; font-style:italic; font-size:14pt'>{e(inv.contact)}</span></td>
<td class=r>{stamp}</td></tr></table>"""
    return number, page(body)


def de_quittung(r, inv):
    """A receipt form from a pad, filled in by a craftsman for a cash payment ('Quittung'): 'Nr.' at the top right,
    'EUR' with the gross amount in a box, 'inkl. 19 % MwSt.' with the tax and 'Netto' with the net, the amount in words,
    'von' the payer, 'für' what, 'dankend erhalten', 'Ort / Datum' as 'Musterstadt, den …', the seller's stamp line."""
    number = f"{r.randint(1, 999):03d}"
    ones = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
    words = "-".join(ones[int(c)] for c in str(int(inv.total))) + f" {int(round(inv.total * 100)) % 100:02d}/100"
    town = inv.city.split(" ", 1)[1]
    body = f"""
<table width='100%' style='border:2px solid #333; padding:8px'><tr><td><span class=big>Quittung</span></td>
<td class=r>Nr. <b>{number}</b></td></tr>
<tr><td colspan=2><table style='margin-left:auto; border:1px solid #333'><tr><td>EUR</td><td class=r style='font-size:13pt'><b>{money(inv.total, 'de', symbol=False)}</b></td></tr>
<tr><td>Netto EUR</td><td class=r>{money(inv.net, 'de', symbol=False)}</td></tr>
<tr><td>+ {inv.rate:g} % MwSt. EUR</td><td class=r>{money(inv.tax, 'de', symbol=False)}</td></tr></table></td></tr>
<tr><td colspan=2>Euro in Worten: <i>{words}</i></td></tr>
<tr><td colspan=2>von {e(inv.buyer)}, {e(inv.bstreet)}, {e(inv.bcity)}</td></tr>
<tr><td colspan=2>für {e(inv.lines[0][0])}{' u. a.' if len(inv.lines) > 1 else ''}</td></tr>
<tr><td colspan=2>richtig und dankend erhalten.</td></tr>
<tr><td>{e(town)}, den {date(inv.issue, 'de')}<br><span class=small>Ort / Datum</span></td>
<td class=r>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}<br>USt-IdNr. {inv.vat}<br><span class=small>Stempel / Unterschrift des Empfängers</span></td></tr></table>"""
    inv.due = None
    inv.show_iban = False
    return number, page(body)


def de_positionen_mehrzeilig(r, inv):
    """An installer's invoice whose items run over several lines each, with their own dates and amounts in the
    descriptions ('Leistungszeitraum 01.03.–31.03.', 'inkl. 25,00 € Pfand', 'lt. Angebot vom …'), the invoice's data
    in a line under the title ('Rechnungsnummer … · Rechnungsdatum … · Kundennummer …'), 'Summe netto / USt 19 % / Summe brutto'."""
    number = f"R{inv.issue.year % 100:02d}-{r.randint(1000, 9999)}"
    offer = inv.issue - dt.timedelta(days=r.randint(20, 60))
    start = inv.issue.replace(day=1) - dt.timedelta(days=28)
    rows = "".join(
        f"<tr><td>{i + 1}</td><td><b>{e(d)}</b><br><span class=small>Leistungszeitraum {start.strftime('%d.%m.')}–{(start + dt.timedelta(days=27)).strftime('%d.%m.%Y')}"
        f"<br>lt. Angebot {r.randint(100, 999)} vom {date(offer, 'de')}{'; inkl. 25,00 € Pfand' if i == 0 else ''}</span></td>"
        f"<td class=r>{f'{q:g}'.replace('.', ',')}</td><td class=r>{money(p, 'de')}</td><td class=r>{money(a, 'de')}</td></tr>"
        for i, (d, q, p, a) in enumerate(inv.lines))
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}</td>
<td class=r>Tel. 0{r.randint(200, 999)} {r.randint(10000, 99999)}<br>USt-IdNr. {inv.vat}</td></tr></table><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<div class=big>Rechnung</div>
<p>Rechnungsnummer {number} · Rechnungsdatum {date(inv.issue, 'de')} · Kundennummer {inv.customer}</p>
<table class=items width='100%'><tr><th>Pos.</th><th>Leistung</th><th class=r>Menge</th><th class=r>Einzelpreis</th><th class=r>Gesamt</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>USt {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Summe brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlungsziel: {date(inv.due, 'de')}.{' IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic if inv.show_iban else ''}</p>"""
    return number, page(body)


def fr_cgv(r, inv):
    """A French invoice with its terms of sale printed under the totals as the law asks: late-payment penalties ('trois
    fois le taux d'intérêt légal'), the fixed recovery indemnity ('indemnité forfaitaire pour frais de recouvrement de
    40 €'), 'Escompte pour paiement anticipé : néant', the legal references with their numbers and dates
    ('article L. 441-10', 'loi n° 2012-387 du 22 mars 2012'); 'Facture n°', 'Date de facture', 'Date d'échéance'."""
    number = f"F{inv.issue.year}{r.randint(100, 999)}"
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>SIRET {inv.siren}{r.randint(10000, 99999)}</td>
<td class=r><div class=big>FACTURE</div>Facture n° {number}<br>Date de facture : {date(inv.issue, 'fr')}<br>Date d'échéance : {date(inv.due, 'fr')}</td></tr></table><br>
<table width='100%'><tr><td></td><td style='width:45%'><b>Client</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
{items_table(inv, ['Désignation', '>Qté', '>Prix unitaire HT', '>Total HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA 20 %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p class=small style='margin-top:20px'>Conditions de paiement : {inv.days} jours à compter de la date de facture. Escompte pour paiement anticipé : néant.
En cas de retard de paiement, des pénalités égales à trois fois le taux d'intérêt légal seront exigibles (article L. 441-10 du Code de commerce),
ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40,00 € (décret n° 2012-1115 du 2 octobre 2012, loi n° 2012-387 du 22 mars 2012).
{'Règlement par virement : IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic + '.' if inv.show_iban else 'Règlement par chèque à l’ordre de ' + e(inv.seller) + '.'}</p>"""
    foot = f"<div class=footer>{e(inv.seller)} – {e(inv.street)}, {e(inv.city)} – RCS {e(inv.city.split(' ', 1)[1])} {inv.siren} – N° TVA intracommunautaire {inv.vat}</div>"
    return number, page(body, foot)


def de_vorkasse(r, inv):
    """A prepayment invoice ('Vorkasserechnung') sent before delivery: the offer and order it follows with their own
    numbers and dates ('Angebot AN-… vom …', 'Auftrag AB-… vom …') above the invoice's, 'Bitte überweisen Sie den
    Rechnungsbetrag von … bis zum … vorab', 'Die Lieferung erfolgt nach Zahlungseingang'; totals 'Netto / MwSt. / Brutto'."""
    number = f"VK-{r.randint(10000, 99999)}"
    offer = inv.issue - dt.timedelta(days=r.randint(10, 30))
    order = offer + dt.timedelta(days=r.randint(2, 8))
    body = f"""
<div class=small><u>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</u></div>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<table style='margin-left:auto'><tr><td>Angebot</td><td>AN-{r.randint(1000, 9999)} vom {date(offer, 'de')}</td></tr>
<tr><td>Auftrag</td><td>AB-{r.randint(1000, 9999)} vom {date(order, 'de')}</td></tr>
<tr><td>Rechnung</td><td>{number} vom {date(inv.issue, 'de')}</td></tr></table><br>
<div class=big>Vorkasserechnung</div><br>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Preis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Bitte überweisen Sie den Rechnungsbetrag von {money(inv.total, 'de')} bis zum {date(inv.due, 'de')} vorab. Die Lieferung erfolgt nach Zahlungseingang.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_zahlschein(r, inv):
    """A German invoice with a pre-filled SEPA transfer form at its foot ('SEPA-Überweisung/Zahlschein'), as insurers,
    clubs and utilities send: the form's fields are rows of boxes with one character in each (the payee's name in
    capitals, cut at 27 characters, their IBAN and BIC, 'Betrag: Euro, Cent', the reference), the payer's name and an empty
    IBAN row that has only 'DE' printed; above it 'Bitte verwenden Sie den anhängenden Überweisungsträger'. The bank details
    are only in the form."""
    number = f"{inv.issue.year}-{r.randint(100000, 999999)}"

    def boxes(text, n):
        cells = "".join(f"<td style='border:1px solid #c33; width:4.2mm; height:5mm; text-align:center; font-family:monospace'>{e(c)}</td>"
                        for c in (text[:n] + " " * max(0, n - len(text))))
        return f"<table style='border-collapse:collapse'><tr>{cells}</tr></table>"

    def field(label, content):
        return f"<div style='font-size:6pt; color:#c33'>{label}</div>{content}"
    amount = money(inv.total, 'de', symbol=False).replace(".", "")
    form = f"""
<div style='margin-top:14px; border-top:1px dashed #777; padding-top:6px'>
<div style='border:1px solid #c33; background:#fff6f0; padding:6px'><b style='color:#c33'>SEPA-Überweisung/Zahlschein</b>
{field('Angaben zum Zahlungsempfänger: Name, Vorname/Firma (max. 27 Stellen)', boxes(inv.seller.upper(), 27))}
{field('IBAN', boxes(inv.iban if inv.show_iban else '', 22))}
{field('BIC des Kreditinstituts/Zahlungsdienstleisters (8 oder 11 Stellen)', boxes(inv.bic if inv.show_iban else '', 11))}
<table><tr><td>{field('Betrag: Euro, Cent', boxes(amount.rjust(12), 12))}</td></tr></table>
{field('Kunden-Referenznummer - Verwendungszweck, ggf. Name und Anschrift des Zahlers', boxes('RE ' + number, 27))}
{field('Angaben zum Kontoinhaber/Zahler: Name, Vorname/Firma, Ort (max. 27 Stellen, keine Straßen- oder Postfachangaben)', boxes(inv.buyer.upper(), 27))}
{field('IBAN', boxes('DE', 22))}
</div></div>"""
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br><span class=small>{e(inv.street)} · {e(inv.city)} · USt-IdNr. {inv.vat}</span></td></tr></table><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<table style='margin-left:auto'><tr><td>Rechnungsnummer</td><td>{number}</td></tr><tr><td>Rechnungsdatum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kundennummer</td><td>{inv.customer}</td></tr></table>
<div class=big>Rechnung</div><br>
{items_table(inv, ['Pos.', 'Bezeichnung', '>Menge', '>Einzelpreis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % USt.</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Bitte zahlen Sie bis zum {date(inv.due, 'de')}. Bitte verwenden Sie den anhängenden Überweisungsträger und geben Sie die Rechnungsnummer an.</p>
{form}"""
    return number, page(body)


def de_arztrechnung(r, inv):
    """A private doctor's invoice under the German fee schedule (GOÄ): the practice as letterhead ('Dr. med. …,
    Fachärztin für …'), the patient with their birth date ('geb. …'), a diagnosis, a table of treatment dates, fee
    numbers, factors ('2,3') and amounts, 'Rechnungsbetrag'; no VAT (medical care is exempt, § 4 Nr. 14 UStG), a tax
    number instead of a VAT id; 'zahlbar bis …'."""
    number = f"{inv.issue.year % 100:02d}{r.randint(1000, 9999)}"
    doctor = f"Dr. med. {r.choice(FIRST)} {r.choice(LAST)}"
    inv.exempt_from_vat(doctor)
    field = r.choice(["Allgemeinmedizin", "Innere Medizin", "Orthopädie", "Dermatologie", "Augenheilkunde"])
    born = dt.date(r.randint(1940, 2005), r.randint(1, 12), r.randint(1, 28))
    patient = f"{r.choice(FIRST)} {r.choice(LAST)}"
    rows, net = "", 0.0
    visits = sorted({inv.issue - dt.timedelta(days=r.randint(5, 60)) for _ in range(r.randint(1, 3))})
    fees = [("1", "Beratung", 4.66), ("5", "Symptombezogene Untersuchung", 4.66), ("250", "Blutentnahme", 2.33),
            ("3511", "Untersuchung eines Materials", 3.50), ("410", "Ultraschalluntersuchung", 11.66), ("75", "Ausführlicher Bericht", 7.58)]
    for v in visits:
        for nr, what, base in r.sample(fees, r.randint(2, 4)):
            factor = r.choice([1.0, 1.15, 1.8, 2.3, 2.3])
            amount = round(base * factor, 2)
            net += amount
            rows += (f"<tr><td>{date(v, 'de')}</td><td>{nr}</td><td>{e(what)}</td><td class=r>{f'{factor:.2f}'.replace('.', ',')}</td>"
                     f"<td class=r>{money(amount, 'de', symbol=False)}</td></tr>")
    inv.lines = [("GOÄ", 1, round(net, 2), round(net, 2))]
    inv.net = inv.total = round(net, 2)
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(doctor)}</b><br>Fachärztin/Facharzt für {field}<br>{e(inv.street)} · {e(inv.city)}</td>
<td class=r>Tel. 0{r.randint(200, 999)} {r.randint(10000, 99999)}<br>Sprechzeiten Mo–Fr 8–12 Uhr</td></tr></table><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<table style='margin-left:auto'><tr><td>Rechnungsnummer:</td><td>{number}</td></tr><tr><td>Rechnungsdatum:</td><td>{date(inv.issue, 'de')}</td></tr></table>
<div class=big>Privatliquidation</div>
<p>Patient/in: {e(patient)}, geb. {date(born, 'de')}<br>Diagnose: {r.choice(['Lumbago', 'Hypertonie', 'Kontaktdermatitis', 'Konjunktivitis'])}</p>
<table class=items width='100%'><tr><th>Datum</th><th>GOÄ-Nr.</th><th>Leistung</th><th class=r>Faktor</th><th class=r>Betrag EUR</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Ärztliche Leistungen sind gemäß § 4 Nr. 14 UStG von der Umsatzsteuer befreit.</p>
<p>Bitte überweisen Sie den Rechnungsbetrag bis zum {date(inv.due, 'de')} unter Angabe der Rechnungsnummer{' auf IBAN ' + grouped(inv.iban) + ', BIC ' + inv.bic if inv.show_iban else ''}.</p>
<p class=small>Steuernummer {r.randint(10, 99)}/{r.randint(100, 999)}/{r.randint(10000, 99999)}</p>"""
    return number, page(body)


def fr_autoliquidation(r, inv):
    """A French building subcontractor's invoice under reverse charge ('Autoliquidation de la TVA – article 283-2
    nonies du CGI'): the site ('Chantier : …') with its own address and order number, the client's VAT number under
    the client, 'Total HT', 'TVA : autoliquidation', 'Net à payer' equal to the net; the seller's VAT number in the footer."""
    number = f"FA{inv.issue.year % 100:02d}{r.randint(1000, 9999)}"
    inv.tax, inv.total = 0.0, inv.net
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Tél. 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}</td>
<td style='width:45%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><span class=small>N° TVA client : {inv.buyer_vat}</span></td></tr></table><br>
<div class=big>FACTURE N° {number}</div>
<p>Date : {date(inv.issue, 'fr')} — Échéance : {date(inv.due, 'fr')}<br>
Chantier : {r.randint(1, 120)} {r.choice(FR_STREETS)}, {r.randint(10000, 99999)} {r.choice(FR_CITIES)} — Commande n° {inv.order} du {date(inv.order_date, 'fr')}</p>
{items_table(inv, ['Désignation', '>Qté', '>P.U. HT', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA</td><td class=r>autoliquidation</td></tr><tr><td><b>Net à payer</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p><b>Autoliquidation de la TVA</b> – article 283-2 nonies du CGI : TVA due par le preneur assujetti (sous-traitance dans le secteur du bâtiment).</p>
<p>{'Règlement par virement : IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic if inv.show_iban else 'Règlement par chèque.'}</p>"""
    foot = f"<div class=footer>{e(inv.seller)} – SIRET {inv.siren}{r.randint(10000, 99999)} – N° TVA intracommunautaire {inv.vat} – Assurance décennale n° {r.randint(100000, 999999)}</div>"
    return number, page(body, foot)


def de_agb_rueckseite(r, inv):
    """A German invoice with its terms and conditions printed on a second page in small type ('Allgemeine
    Geschäftsbedingungen', 'Stand: …' with its own date, numbered paragraphs with periods, percentages, a fee in euros,
    the court and register numbers); the invoice itself on page one with 'Beleg-Nr.', 'Datum', 'Fällig am'."""
    number = f"{r.randint(200000, 299999)}"
    version = dt.date(inv.issue.year - r.randint(1, 4), r.choice([1, 4, 7, 10]), 1)
    terms = [
        f"§ 1 Geltungsbereich. Diese Bedingungen gelten für alle Lieferungen und Leistungen der {e(inv.seller)} an Unternehmer.",
        f"§ 2 Preise. Alle Preise verstehen sich zuzüglich der gesetzlichen Umsatzsteuer von derzeit {inv.rate:g} %. Mindermengenzuschlag 15,00 EUR bei Bestellungen unter 100,00 EUR.",
        f"§ 3 Zahlung. Rechnungen sind innerhalb von {inv.days} Tagen ohne Abzug zahlbar. Bei Zahlung innerhalb von 8 Tagen gewähren wir 2 % Skonto, nicht auf Fracht.",
        "§ 4 Verzug. Bei Zahlungsverzug berechnen wir Zinsen von 9 Prozentpunkten über dem Basiszinssatz sowie eine Pauschale von 40,00 EUR (§ 288 Abs. 5 BGB).",
        "§ 5 Eigentumsvorbehalt. Die Ware bleibt bis zur vollständigen Bezahlung unser Eigentum.",
        f"§ 6 Gerichtsstand ist {e(inv.city.split(' ', 1)[1])}. Amtsgericht {e(inv.city.split(' ', 1)[1])} HRB {r.randint(1000, 99999)}.",
    ]
    body = f"""
<div class=small><u>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</u></div><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r><table style='margin-left:auto'><tr><td>Beleg-Nr.</td><td>{number}</td></tr><tr><td>Datum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kunden-Nr.</td><td>{inv.customer}</td></tr><tr><td>Fällig am</td><td>{date(inv.due, 'de')}</td></tr></table></td></tr></table><br>
<div class=big>Rechnung</div><br>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Preis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Warenwert netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Endbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Es gelten unsere Allgemeinen Geschäftsbedingungen (Rückseite).</p>
<div style='page-break-before:always'></div>
<div style='font-size:6.5pt; column-count:2'><b>Allgemeine Geschäftsbedingungen der {e(inv.seller)}</b> – Stand: {date(version, 'de')}<br>
{'<br>'.join(terms)}</div>"""
    return number, page(body, footer3(inv, "de"))


def fr_note_honoraires(r, inv):
    """A French lawyer's fee note ('Note d'honoraires'): 'Maître …, Avocat au Barreau de …' as letterhead with the
    bar's number ('Toque'), the case ('Affaire : … c/ …', 'Dossier n° …'), time spent, 'Honoraires HT', 'Frais et
    débours', 'TVA 20 %', 'Total TTC', then a retainer already paid ('Provision reçue le …') and 'Reste dû'."""
    number = f"NH{inv.issue.year}-{r.randint(100, 999)}"
    lawyer = f"Maître {r.choice(FIRST)} {r.choice(LAST)}"
    inv.seller = lawyer
    hours = r.choice([3, 4.5, 6, 8, 12.5])
    rate = r.choice([180, 220, 250, 300])
    fees = round(hours * rate, 2)
    costs = round(r.uniform(20, 150), 2)
    inv.lines = [("Honoraires", hours, rate, fees), ("Frais et débours", 1, costs, costs)]
    inv.net = round(fees + costs, 2)
    inv.tax = round(inv.net * 0.2, 2)
    inv.total = round(inv.net + inv.tax, 2)
    retainer = round(min(inv.total * 0.5, r.choice([500, 1000, 1500])), 2)
    paid_on = inv.issue - dt.timedelta(days=r.randint(30, 120))
    case = f"{e(inv.buyer)} c/ {e(name(r, FR_FORMS))}"
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(lawyer)}</b><br>Avocat au Barreau de {e(inv.city.split(' ', 1)[1])}<br>Toque {r.choice('ABCDEP')}{r.randint(100, 999)}<br>{e(inv.street)}<br>{e(inv.city)}</td>
<td style='width:42%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<p style='text-align:right'>{e(inv.city.split(' ', 1)[1])}, le {date(inv.issue, 'fr')}</p>
<div class=big>NOTE D'HONORAIRES N° {number}</div>
<p>Affaire : {case}<br>Dossier n° {inv.issue.year % 100:02d}/{r.randint(1000, 9999)}</p>
<table class=items width='100%'><tr><th>Désignation</th><th class=r>Montant HT</th></tr>
<tr><td>Honoraires : {f'{hours:g}'.replace('.', ',')} heures à {money(rate, 'fr')} HT (consultations, rédaction d'actes, audience du {date(paid_on + dt.timedelta(days=20), 'fr')})</td><td class=r>{money(fees, 'fr')}</td></tr>
<tr><td>Frais et débours (déplacements, copies, timbres)</td><td class=r>{money(costs, 'fr')}</td></tr></table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA 20 %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr>
<tr><td>Provision reçue le {date(paid_on, 'fr')}</td><td class=r>- {money(retainer, 'fr')}</td></tr>
<tr><td><b>Reste dû</b></td><td class=r><b>{money(round(inv.total - retainer, 2), 'fr')}</b></td></tr></table>
<p>Payable à réception{', au plus tard le ' + date(inv.due, 'fr') if inv.due else ''}. {'Virement : IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic if inv.show_iban else 'Règlement par chèque à l’ordre de ' + e(lawyer) + '.'}</p>"""
    foot = f"<div class=footer>{e(lawyer)} – SIRET {inv.siren}{r.randint(10000, 99999)} – N° TVA intracommunautaire {inv.vat} – Membre d'une association de gestion agréée</div>"
    return number, page(body, foot)


def fr_doit(r, inv):
    """An old-style French craftsman's invoice: the shop's name and trade at the top, 'FACTURE N° …' and on its own line
    'DOIT :' followed by the client's name and address (the client owes), 'Travaux réalisés le …' with the work's dates,
    then 'Montant HT', 'TVA 10 %' (renovation work) and 'Montant TTC', 'Arrêtée la présente facture à la somme de …' in words."""
    number = f"{inv.issue.year}/{r.randint(10, 999):03d}"
    inv.rate = 10.0
    inv.tax = round(inv.net * 0.1, 2)
    inv.total = round(inv.net + inv.tax, 2)
    trade = r.choice(["Plomberie – Chauffage", "Menuiserie – Agencement", "Peinture – Décoration", "Électricité générale"])
    work = inv.issue - dt.timedelta(days=r.randint(3, 20))
    body = f"""
<div style='text-align:center'><b style='font-size:15pt'>{e(inv.seller)}</b><br>{trade}<br>{e(inv.street)} – {e(inv.city)} – Tél. 0{r.randint(1, 5)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}</div><br>
<table width='100%'><tr><td><b>FACTURE N° {number}</b><br>du {date(inv.issue, 'fr')}</td>
<td style='width:48%'><b>DOIT :</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<p>Travaux réalisés le {date(work, 'fr')} et le {date(work + dt.timedelta(days=1), 'fr')} à l'adresse ci-dessus.</p>
{items_table(inv, ['Désignation', '>Qté', '>P.U. HT', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Montant HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA 10 %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Montant TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Arrêtée la présente facture à la somme de {money(inv.total, 'fr')} TTC.<br>TVA au taux réduit de 10 % (travaux d'amélioration de locaux d'habitation de plus de deux ans).</p>
<p>Échéance : {date(inv.due, 'fr')}. {'IBAN ' + grouped(inv.iban) + ' – BIC ' + inv.bic if inv.show_iban else 'Règlement par chèque.'}</p>"""
    foot = f"<div class=footer>{e(inv.seller)} – SIRET {inv.siren}{r.randint(10000, 99999)} – RM {r.randint(100, 999)} {r.randint(100, 999)} {r.randint(100, 999)} – TVA {inv.vat}</div>"
    return number, page(body, foot)


def de_35a(r, inv):
    """A craftsman's invoice to a private household: the labour and material in separate sections with subtotals
    ('Summe Lohn', 'Summe Material'), the totals, then the tax note a household needs ('Der Anteil der Arbeitskosten gemäß
    § 35a EStG beträgt … € inkl. … € MwSt.'), and 'Leistungsdatum'; 'Rechnung Nr.' and 'Datum' in the reference line."""
    number = f"{r.randint(1000, 9999)}"
    labour = [("Arbeitszeit Geselle", r.choice([2, 3.5, 6, 8]), r.choice([58.0, 62.0, 65.5])), ("Arbeitszeit Meister", r.choice([1, 1.5, 2]), r.choice([72.0, 78.0])),
              ("Anfahrt pauschal", 1, r.choice([35.0, 45.0]))]
    material = [(d, q, p) for d, q, p, _ in inv.lines[:r.randint(1, 3)]]
    lab = [(d, q, p, round(q * p, 2)) for d, q, p in labour]
    mat = [(d, q, p, round(q * p, 2)) for d, q, p in material]
    inv.lines = lab + mat
    lab_sum = round(sum(a for *_, a in lab), 2)
    mat_sum = round(sum(a for *_, a in mat), 2)
    inv.net = round(lab_sum + mat_sum, 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    lab_gross = round(lab_sum * (1 + inv.rate / 100), 2)

    def rows(items):
        return "".join(f"<tr><td>{e(d)}</td><td class=r>{f'{q:g}'.replace('.', ',')}</td><td class=r>{money(p, 'de')}</td><td class=r>{money(a, 'de')}</td></tr>" for d, q, p, a in items)
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(inv.seller)}</b><br>Sanitär · Heizung · Klima<br>{e(inv.street)}, {e(inv.city)}</td>
<td class=r>USt-IdNr. {inv.vat}</td></tr></table><br>
Familie {e(r.choice(LAST))}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<p><b>Rechnung Nr. {number}</b> · Datum {date(inv.issue, 'de')} · Leistungsdatum {date(inv.delivery, 'de')}</p>
<table class=items width='100%'><tr><th>Lohn</th><th class=r>Std.</th><th class=r>Satz</th><th class=r>Betrag</th></tr>{rows(lab)}
<tr><td colspan=3><b>Summe Lohn</b></td><td class=r><b>{money(lab_sum, 'de')}</b></td></tr></table><br>
<table class=items width='100%'><tr><th>Material</th><th class=r>Menge</th><th class=r>Preis</th><th class=r>Betrag</th></tr>{rows(mat)}
<tr><td colspan=3><b>Summe Material</b></td><td class=r><b>{money(mat_sum, 'de')}</b></td></tr></table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>{inv.rate:g} % MwSt.</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Der Anteil der Arbeitskosten gemäß § 35a EStG beträgt {money(lab_gross, 'de')} inkl. {money(round(lab_gross - lab_sum, 2), 'de')} MwSt.</p>
<p>Zahlbar bis {date(inv.due, 'de')} ohne Abzug.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_spedition(r, inv):
    """A haulier's freight invoice: the shipment's own numbers ('Sendungs-Nr.', 'Frachtbrief-Nr.', 'Auftrag') and dates
    (loading, delivery), weights in kg, loading metres, kilometres, surcharges as percentages ('Dieselzuschlag 12,5 %',
    'Maut'), then 'Zwischensumme', 'MwSt.', 'Gesamtbetrag'; the invoice's number as 'Rg.-Nr.' in a box at the top right."""
    number = f"{r.randint(70, 79)}{r.randint(100000, 999999)}"
    freight = round(r.uniform(300, 2500), 2)
    diesel_rate = r.choice([8.5, 12.5, 14.0])
    diesel = round(freight * diesel_rate / 100, 2)
    toll = round(r.uniform(20, 180), 2)
    extra = round(r.choice([0, 0, 25.0, 45.0]), 2)
    inv.lines = [("Fracht", 1, freight, freight), ("Dieselzuschlag", 1, diesel, diesel), ("Maut", 1, toll, toll)] + ([("Avis", 1, extra, extra)] if extra else [])
    inv.net = round(sum(a for *_, a in inv.lines), 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    load = inv.issue - dt.timedelta(days=r.randint(3, 14))
    kg = r.randint(120, 24000)
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>Spedition · Logistik · Lagerung<br>{e(inv.street)} · {e(inv.city)}</td>
<td class=r><table style='margin-left:auto; border:1px solid #333'><tr><td>Rg.-Nr.</td><td><b>{number}</b></td></tr><tr><td>Rg.-Datum</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Kunden-Nr.</td><td>{inv.customer}</td></tr></table></td></tr></table><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<div class=big>Frachtrechnung</div>
<table width='100%' class=small><tr><td>Sendungs-Nr.: {r.randint(10**9, 10**10 - 1)}</td><td>Frachtbrief-Nr.: {r.randint(100000, 999999)}</td><td>Ihr Auftrag: {inv.order} vom {date(inv.order_date, 'de')}</td></tr>
<tr><td>Beladung: {date(load, 'de')}, {e(inv.city.split(' ', 1)[1])}</td><td>Zustellung: {date(load + dt.timedelta(days=1), 'de')}, {e(inv.bcity.split(' ', 1)[1])}</td>
<td>{kg:,} kg · {r.choice([1.2, 2.4, 4.8, 13.6])} ldm · {r.randint(80, 900)} km</td></tr></table><br>
<table class=items width='100%'><tr><th>Leistung</th><th class=r>Betrag</th></tr>
<tr><td>Fracht {e(inv.city.split(' ', 1)[1])} – {e(inv.bcity.split(' ', 1)[1])}, {r.randint(1, 33)} Paletten</td><td class=r>{money(freight, 'de')}</td></tr>
<tr><td>Dieselzuschlag {str(diesel_rate).replace('.', ',')} %</td><td class=r>{money(diesel, 'de')}</td></tr>
<tr><td>Maut</td><td class=r>{money(toll, 'de')}</td></tr>{f"<tr><td>Avisierung</td><td class=r>{money(extra, 'de')}</td></tr>" if extra else ''}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Zwischensumme</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Gesamtbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p class=small>Wir arbeiten ausschließlich auf Grundlage der ADSp 2017. Zahlbar bis {date(inv.due, 'de')} netto.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_tankbeleg(r, inv):
    """A filling station's receipt that is the invoice (80 mm thermal paper, monospace): the brand's station name in large
    type with the operator's company under it ('Betreiber: …'), the fuel line as litres times a price per litre with three
    decimals ('43,27 l x 1,789 EUR/l'), a car-wash or shop item, 'GESAMTBETRAG EUR', the card payment's slip ('Terminal-ID',
    'Trace-Nr.', 'Genehmigungs-Nr.', the amount again), the tax table, 'Beleg-Nr.' with the date and time; no due date, no bank."""
    number = str(r.randint(10000, 999999))
    brand = r.choice(["Stern", "Blitz", "Nord", "Falke", "Adler"]) + " " + r.choice(["Tankstelle", "Station", "Tankcenter"])
    litres = round(r.uniform(18, 65), 2)
    per_litre = round(r.uniform(1.559, 1.999), 3)
    fuel = round(litres * per_litre, 2)
    extras = r.sample([("Autowäsche Premium", 14.99), ("Scheibenreiniger 3 l", 6.49), ("Motoröl 1 l", 17.90), ("Kaffee groß", 3.20)], r.randint(0, 2))
    inv.rate = 19.0
    gross = [fuel] + [a for _, a in extras]
    inv.total = round(sum(gross), 2)
    inv.net = round(inv.total / 1.19, 2)
    inv.tax = round(inv.total - inv.net, 2)
    inv.lines = [("Super E10", litres, per_litre, fuel)] + [(d, 1, a, a) for d, a in extras]
    inv.due = None
    inv.show_iban = False
    m = lambda x: money(x, "de", symbol=False)
    pump = r.randint(1, 12)
    per_litre_text = f"{per_litre:.3f}".replace(".", ",")
    items = (f"<tr><td>Säule {pump:02d} Super E10</td><td class=r>{m(fuel)} A</td></tr>"
             f"<tr><td>&nbsp; {m(litres)} l x {per_litre_text} EUR/l</td><td></td></tr>"
             + "".join(f"<tr><td>{e(d)}</td><td class=r>{m(a)} A</td></tr>" for d, a in extras))
    when = f"{date(inv.issue, 'de')} {r.randint(6, 22):02d}:{r.randint(0, 59):02d}"
    doc = f"""<!doctype html><html><head><meta charset='utf-8'><style>{till_css(300)}</style></head><body>
<div class=c><b style='font-size:13pt'>{e(brand)}</b><br>Betreiber: {e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}<br>Tel. 0{r.randint(100, 999)} {r.randint(100000, 999999)}<br>St.-Nr. {r.randint(10, 99)}/{r.randint(100, 999)}/{r.randint(10000, 99999)} · USt-IdNr. {inv.vat}</div><br>
<table>{items}
<tr><td colspan=2>================================</td></tr>
<tr><td><b>GESAMTBETRAG EUR</b></td><td class=r><b>{m(inv.total)}</b></td></tr>
<tr><td>Girocard</td><td class=r>{m(inv.total)}</td></tr></table><br>
<table><tr><td>MwSt</td><td class=r>Netto</td><td class=r>Steuer</td><td class=r>Brutto</td></tr>
<tr><td>A {f'{inv.rate:.2f}'.replace('.', ',')}%</td><td class=r>{m(inv.net)}</td><td class=r>{m(inv.tax)}</td><td class=r>{m(inv.total)}</td></tr></table><br>
<div class=c>*** Kundenbeleg ***</div>
<table><tr><td>Terminal-ID</td><td class=r>{r.randint(50000000, 59999999)}</td></tr><tr><td>Trace-Nr.</td><td class=r>{r.randint(1000, 999999):06d}</td></tr>
<tr><td>Genehmigungs-Nr.</td><td class=r>{r.randint(100000, 999999)}</td></tr><tr><td>Betrag EUR</td><td class=r>{m(inv.total)}</td></tr>
<tr><td colspan=2 class=c>Zahlung erfolgt</td></tr></table><br>
<table><tr><td>Beleg-Nr. {number}</td><td class=r>Kasse {r.randint(1, 4)}</td></tr><tr><td>{when}</td><td class=r>Bed. {r.randint(1, 20):02d}</td></tr></table><br>
<div class=c>Vielen Dank und gute Fahrt!<br>Beleg gilt als Rechnung i.S.d. UStG.</div></body></html>"""
    return number, doc


def fr_rectificative(r, inv):
    """A French corrective invoice ('FACTURE RECTIFICATIVE N° …') that cancels and replaces an earlier one: 'Annule et
    remplace la facture n° … du …' under the title with the earlier invoice's number and date, 'Motif : …', the info block
    'Date : … / Échéance : … / Réf. client : …', 'Total HT / TVA 20 % / Net à payer', and the seller's details in the footer."""
    number = f"FR{inv.issue.year % 100}-{r.randint(100, 9999):04d}"
    old = f"F{inv.issue.year % 100}-{r.randint(100, 9999):04d}"
    old_date = inv.issue - dt.timedelta(days=r.randint(5, 40))
    reason = r.choice(["erreur de quantité", "erreur de prix unitaire", "adresse de facturation erronée", "remise non appliquée"])
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>SIRET {inv.siren} {r.randint(10000, 99999)}</td>
<td class=r>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<div class=big>FACTURE RECTIFICATIVE N° {number}</div>
<p><b>Annule et remplace la facture n° {old} du {date(old_date, 'fr')}</b><br>Motif : {reason}</p>
<table><tr><td>Date :</td><td>{date(inv.issue, 'fr')}</td></tr><tr><td>Échéance :</td><td>{date(inv.due, 'fr')}</td></tr><tr><td>Réf. client :</td><td>{inv.customer}</td></tr></table><br>
{items_table(inv, ['Désignation', '>Qté', '>P.U. HT', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Net à payer</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p class=small>Le montant réglé au titre de la facture n° {old} sera déduit ou remboursé. Pénalités de retard : trois fois le taux d'intérêt légal.</p>"""
    return number, page(body, footer3(inv, "fr"))


def fr_livraison_intracom(r, inv):
    """A French seller's goods delivered to a company in Germany: the client's block with its German address and 'N° TVA
    client : DE…', the seller's 'N° TVA : FR…' under its letterhead, 'TVA 0 %' and the exemption as the law words it
    ('Exonération de TVA, article 262 ter I du CGI – livraison intracommunautaire'), 'Total HT' equal to 'Total TTC'."""
    number = f"{inv.issue.year}{r.randint(1, 12):02d}-{r.randint(1, 999):03d}"
    inv.buyer = name(r, DE_FORMS)
    inv.bstreet = f"{r.choice(DE_STREETS)} {r.randint(1, 120)}"
    inv.bcity = f"D-{r.randint(10000, 99999)} {r.choice(DE_CITIES)}"
    inv.buyer_vat = de_vat(r)
    inv.tax = 0.0
    inv.total = inv.net
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)} – France<br>N° TVA : {inv.vat}</td>
<td style='border:1px solid #999; padding:6px'>Client :<br><b>{e(inv.buyer)}</b><br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Allemagne<br>N° TVA client : {inv.buyer_vat}</td></tr></table><br>
<div class=big>Facture n° {number}</div>
<p>Date de facture : {date(inv.issue, 'fr')} · Date de livraison : {date(inv.delivery, 'fr')} · Échéance : {date(inv.due, 'fr')}</p>
{items_table(inv, ['Réf.', 'Désignation', '>Qté', '>P.U. HT', '>Total HT'], 'fr')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA 0 %</td><td class=r>{money(0, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Exonération de TVA, article 262 ter I du CGI – livraison intracommunautaire.</p>"""
    return number, page(body, footer3(inv, "fr"))


def de_email_druck(r, inv):
    """An invoice sent as an e-mail's text and printed from the mail program: the header lines 'Von:' (the accounts
    department's display name and address), 'Gesendet:' (a weekday and a long date one or two days after the invoice's
    date, with the time), 'An:', 'Betreff: Rechnung … vom …', then the letter: the invoice's number, date and total in
    sentences, a plain items table, the totals, the payment date, and the signature with the company's details."""
    number = f"{r.randint(2024000, 2026999)}"
    sent = inv.issue + dt.timedelta(days=r.randint(1, 2))
    weekdays = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
    domain = "".join(ch for ch in inv.seller.split()[0].lower() if ch.isalpha()) + ".de"
    body = f"""
<table class=small style='font-size:9pt; color:#000'><tr><td><b>Von:</b></td><td>Buchhaltung {e(inv.seller)} &lt;rechnung@{domain}&gt;</td></tr>
<tr><td><b>Gesendet:</b></td><td>{weekdays[sent.weekday()]}, {date(sent, 'de_long')} {r.randint(7, 18):02d}:{r.randint(0, 59):02d}</td></tr>
<tr><td><b>An:</b></td><td>{e(r.choice(FIRST))} {e(r.choice(LAST))} &lt;einkauf@{"".join(ch for ch in inv.buyer.split()[0].lower() if ch.isalpha())}.de&gt;</td></tr>
<tr><td><b>Betreff:</b></td><td>Rechnung {number} vom {date(inv.issue, 'de')}</td></tr></table>
<hr><p>Sehr geehrte Damen und Herren,</p>
<p>für unsere Lieferung vom {date(inv.delivery, 'de')} (Ihre Bestellung {inv.order}) berechnen wir Ihnen mit Rechnung Nr. {number} vom {date(inv.issue, 'de')}:</p>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<table style='margin-top:8px'><tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Bitte überweisen Sie den Rechnungsbetrag bis zum {date(inv.due, 'de')}{(' auf unser Konto IBAN ' + grouped(inv.iban) + ' (BIC ' + inv.bic + ')') if inv.show_iban else ''}.</p>
<p>Mit freundlichen Grüßen<br>{e(inv.contact)}<br>Buchhaltung</p>
<p class=small>--<br>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}<br>Geschäftsführung: {e(r.choice(FIRST))} {e(r.choice(LAST))} · Amtsgericht {r.choice(DE_CITIES)} HRB {r.randint(1000, 99999)} · USt-IdNr. {inv.vat}</p>"""
    return number, page(body)


def de_miete(r, inv):
    """A landlord's invoice for commercial premises ('Mietrechnung', a company leasing out an office): the rental period
    ('Mietzeitraum 01.06.2026 – 30.06.2026'), the object ('Büroeinheit 2. OG, … m²'), 'Nettokaltmiete', 'Betriebskosten-
    vorauszahlung', 'Stellplatz', 'Summe netto', 'zzgl. 19 % USt', 'Gesamtmiete', payment due on the third working day
    written as a date ('zahlbar bis zum 03.06.2026'), the lease's own number and date ('Mietvertrag Nr. … vom …')."""
    number = f"MR-{inv.issue.year}-{r.randint(1000, 9999)}"
    start = inv.issue.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    inv.due = start + dt.timedelta(days=2)
    inv.issue = start - dt.timedelta(days=r.randint(3, 10))
    inv.rate = 19.0
    rent = round(r.uniform(800, 6000), 2)
    costs = round(rent * r.uniform(0.15, 0.3), 2)
    parking = r.choice([0, 60.0, 120.0])
    inv.lines = [("Nettokaltmiete", 1, rent, rent), ("Betriebskostenvorauszahlung", 1, costs, costs)] + ([("Stellplatz", 1, parking, parking)] if parking else [])
    inv.net = round(sum(a for *_, a in inv.lines), 2)
    inv.tax = round(inv.net * 0.19, 2)
    inv.total = round(inv.net + inv.tax, 2)
    lease_date = inv.issue - dt.timedelta(days=r.randint(200, 1500))
    rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{money(a, 'de')}</td></tr>" for d, _, _, a in inv.lines)
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(inv.seller)}</b><br>Immobilienverwaltung<br>{e(inv.street)} · {e(inv.city)}</td>
<td class=r>Tel. 0{r.randint(100, 999)} {r.randint(10000, 99999)}<br>USt-IdNr. {inv.vat}</td></tr></table><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<table><tr><td>Rechnungs-Nr.:</td><td>{number}</td></tr><tr><td>Datum:</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Mietvertrag Nr.:</td><td>MV-{r.randint(100, 999)} vom {date(lease_date, 'de')}</td></tr></table>
<div class=big>Mietrechnung</div>
<p>Mietzeitraum: {date(start, 'de')} – {date(end, 'de')}<br>Mietobjekt: Büroeinheit {r.randint(1, 5)}. OG, {r.randint(60, 480)} m², {e(inv.bstreet)}</p>
<table class=items width='100%'><tr><th>Position</th><th class=r>Betrag</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. 19 % USt</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Gesamtmiete</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Die Miete ist im Voraus, spätestens am dritten Werktag des Monats, zahlbar bis zum {date(inv.due, 'de')}.</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_export_usd(r, inv):
    """A French exporter's invoice in US dollars to a customer outside the EU: amounts as '$ 12,345.67' in the items and
    'USD' in the totals, 'Exonération de TVA, article 262 I du CGI (exportation)', 'Total HT' equal to 'Total TTC', the
    euro equivalent below at a stated rate ('Contre-valeur en EUR'), which is no total of this invoice; Incoterm, HS codes."""
    inv.currency = "USD"
    inv.rate = 0.0
    inv.tax = 0.0
    inv.total = inv.net
    number = f"EXP{inv.issue.year % 100}{r.randint(1000, 9999)}"
    fx = round(r.uniform(1.03, 1.17), 4)
    rows = "".join(f"<tr><td>{e(d)}</td><td>{r.randint(8400, 8599)}.{r.randint(10, 99)}</td><td class=r>{q:g}</td><td class=r>$ {p:,.2f}</td><td class=r>$ {a:,.2f}</td></tr>"
                   for d, q, p, a in inv.lines)
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)} – France<br>N° TVA : {inv.vat} · EORI FR{inv.siren}00012</td>
<td class=r><div class=big>FACTURE</div>N° {number}<br>Date : {date(inv.issue, 'fr')}<br>Échéance : {date(inv.due, 'fr')}</td></tr></table><br>
<table width='100%'><tr><td>Client :<br><b>{e(r.choice(LAST))} Trading Corp.</b><br>{r.randint(10, 999)} Harbor Drive<br>Boston, MA 021{r.randint(10, 99)}<br>USA</td>
<td>Incoterm : FCA Le Havre<br>Votre commande : {inv.order}</td></tr></table><br>
<table class=items width='100%'><tr><th>Désignation</th><th>Code SH</th><th class=r>Qté</th><th class=r>P.U.</th><th class=r>Montant</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>USD {inv.net:,.2f}</td></tr>
<tr><td>TVA</td><td class=r>USD 0.00</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>USD {inv.total:,.2f}</b></td></tr></table>
<p>Exonération de TVA, article 262 I du CGI (exportation hors UE).</p>
<p class=small>Contre-valeur en EUR au taux de 1 EUR = {str(fx).replace('.', ',')} USD : {money(inv.total / fx, 'fr')}</p>"""
    return number, page(body, footer3(inv, "fr"))


def de_onlineshop_retoure(r, inv):
    """An online shop's invoice that came in the parcel: 'Rechnung' with 'Rechnungsnummer', 'Bestellnummer' (a long
    number with letters), 'Kundennummer', 'Bestelldatum' and 'Rechnungsdatum = Lieferdatum', items with article numbers,
    prices with VAT ('inkl. MwSt.'), 'Versandkosten', 'Gesamtbetrag', 'enthaltene MwSt. 19 %', 'Bezahlt per PayPal am …',
    and a return slip under a dashed line ('Retourenschein', the order number again, reason codes, its own number)."""
    number = f"{r.randint(10, 99)}{r.randint(100000, 999999)}"
    order_no = f"{r.choice(['A', 'B', 'W'])}{r.randint(100, 999)}-{r.randint(1000000, 9999999)}"
    inv.rate = 19.0
    inv.lines = [(d, q, round(p / 6, 2), round(q * round(p / 6, 2), 2)) for d, q, p, _ in inv.lines[:4]]
    ship = r.choice([0.0, 4.95, 5.90])
    gross = [round(a * 1.19, 2) for *_, a in inv.lines]
    inv.total = round(sum(gross) + ship, 2)
    inv.net = round(inv.total / 1.19, 2)
    inv.tax = round(inv.total - inv.net, 2)
    inv.due = None
    inv.show_iban = False
    paid = inv.order_date + dt.timedelta(days=r.randint(0, 1))
    rows = "".join(f"<tr><td>{r.randint(100000, 999999)}</td><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(g, 'de')}</td></tr>"
                   for (d, q, _, _), g in zip(inv.lines, gross))
    body = f"""
<table width='100%'><tr><td><b style='font-size:16pt'>{e(inv.seller.split()[0])}shop</b><br><span class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</span></td>
<td class=r>Kundenservice: service@{e(inv.seller.split()[0].lower())}shop.example</td></tr></table><br>
{e(r.choice(FIRST))} {e(r.choice(LAST))}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<div class=big>Rechnung</div>
<table><tr><td>Rechnungsnummer</td><td>{number}</td><td style='padding-left:30px'>Bestellnummer</td><td>{order_no}</td></tr>
<tr><td>Rechnungsdatum = Lieferdatum</td><td>{date(inv.issue, 'de')}</td><td style='padding-left:30px'>Bestelldatum</td><td>{date(inv.order_date, 'de')}</td></tr>
<tr><td>Kundennummer</td><td>{inv.customer}</td><td></td><td></td></tr></table><br>
<table class=items width='100%'><tr><th>Art.-Nr.</th><th>Artikel</th><th class=r>Menge</th><th class=r>Preis inkl. MwSt.</th></tr>{rows}
<tr><td></td><td>Versandkosten</td><td></td><td class=r>{money(ship, 'de')}</td></tr></table>
<table style='margin-left:auto; margin-top:8px'><tr><td><b>Gesamtbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr>
<tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr><tr><td>enthaltene MwSt. 19 %</td><td class=r>{money(inv.tax, 'de')}</td></tr></table>
<p>Bezahlt per PayPal am {date(paid, 'de')}. USt-IdNr. {inv.vat}</p>
<div style='border-top:2px dashed #777; margin-top:30px; padding-top:8px'><b>Retourenschein</b> Nr. R{r.randint(1000000, 9999999)} · Bestellnummer {order_no}<br>
<span class=small>Rücksendegrund: 1 = gefällt nicht · 2 = zu groß · 3 = zu klein · 4 = defekt · 5 = falscher Artikel</span>
<table class=small width='100%'><tr><td>Art.-Nr.</td><td>Menge</td><td>Grund</td></tr><tr><td>______</td><td>___</td><td>___</td></tr></table></div>"""
    return number, page(body)


def de_taxiquittung(r, inv):
    """A taxi company's receipt for a ride ('Quittung / Rechnung'): the company with its concession number, 'Taxi-Nr.',
    start and destination, date and time of the ride, kilometres, 'Fahrpreis' with VAT included at 7 % ('darin 7 %
    MwSt.'), 'Gesamt'; the tax number ('St.-Nr.') instead of a VAT id; a receipt number; no due date, no bank."""
    number = f"{r.randint(100000, 999999)}"
    inv.rate = 7.0
    fare = round(r.uniform(12, 95), 2)
    inv.net = round(fare / 1.07, 2)
    inv.tax = round(fare - inv.net, 2)
    inv.total = fare
    inv.vat = ""
    inv.due = None
    inv.show_iban = False
    body = f"""
<div style='width:95mm; border:1px solid #333; padding:8px'>
<b style='font-size:14pt'>{e(inv.seller)}</b><br>Taxi · Krankenfahrten · Kurierdienst<br>{e(inv.street)} · {e(inv.city)}<br>Konz.-Nr. {r.randint(100, 999)} · St.-Nr. {r.randint(10, 99)}/{r.randint(100, 999)}/{r.randint(10000, 99999)}<br><br>
<b>Quittung / Rechnung</b> Nr. {number}<br>
Taxi-Nr. {r.randint(1, 250)} · Fahrer-Nr. {r.randint(10, 99)}<br>
Fahrt am {date(inv.issue, 'de')} um {r.randint(0, 23):02d}:{r.randint(0, 59):02d} Uhr<br>
von: {e(inv.street)}, {e(inv.city.split(' ', 1)[1])}<br>nach: {e(inv.bstreet)}, {e(inv.bcity.split(' ', 1)[1])}<br>{r.randint(3, 60)} km<br><br>
<table width='100%'><tr><td>Fahrpreis</td><td class=r>{money(fare, 'de')}</td></tr>
<tr><td>darin 7 % MwSt.</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Gesamt</b></td><td class=r><b>{money(fare, 'de')}</b></td></tr></table><br>
Betrag dankend erhalten.<br><br>Unterschrift: ______________</div>"""
    return number, page(body)


def gb_vat(r):
    """A UK VAT registration number: seven digits weighted 8…2 and two check digits that make the sum a multiple of 97."""
    digits = [r.randint(1, 9)] + [r.randint(0, 9) for _ in range(6)]
    total = sum(d * w for d, w in zip(digits, [8, 7, 6, 5, 4, 3, 2]))
    return "GB" + "".join(map(str, digits)) + "%02d" % ((-total) % 97)


def en_gb_vat(r, inv):
    """A UK limited company's VAT invoice in pounds: 'VAT Reg. No. GB 123 4567 89' and 'Company No.' under the letterhead,
    'Invoice No.', 'Invoice Date' and a 'Tax Point' that is the delivery's date, 'Payment Due', 'Subtotal', 'VAT @ 20%',
    'Total GBP', and the bank as sort code and account number, with the IBAN under them where printed."""
    inv.seller = name(r, ["Ltd", "Limited", "Ltd."])
    inv.vat = gb_vat(r)
    inv.currency = "GBP"
    inv.rate = 20.0
    inv.tax = round(inv.net * 0.2, 2)
    inv.total = round(inv.net + inv.tax, 2)
    bban = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + "".join(str(r.randint(0, 9)) for _ in range(14))
    inv.iban = iban_bban(r, "GB", bban)
    number = f"INV-{r.randint(10000, 99999)}"
    gbp = lambda x: f"£{x:,.2f}"
    vat_spaced = f"{inv.vat[:2]} {inv.vat[2:5]} {inv.vat[5:9]} {inv.vat[9:]}"
    rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{gbp(p)}</td><td class=r>{gbp(a)}</td></tr>" for d, q, p, a in inv.lines)
    body = f"""
<table width='100%'><tr><td><b style='font-size:16pt'>{e(inv.seller)}</b><br>{r.randint(1, 200)} {r.choice(['High Street', 'Station Road', 'Church Lane', 'Mill Road'])}<br>{r.choice(['Reading', 'Leeds', 'Bristol', 'Norwich'])} {r.choice(['RG1', 'LS2', 'BS1', 'NR3'])} {r.randint(1, 9)}{r.choice('ABDEFGHJ')}{r.choice('LNPQRSTU')}<br>VAT Reg. No. {vat_spaced}<br>Company No. {r.randint(1000000, 9999999):08d}</td>
<td class=r><div class=big>VAT INVOICE</div></td></tr></table><br>
<table width='100%'><tr><td>Invoice to:<br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Germany</td>
<td><table style='margin-left:auto'><tr><td>Invoice No.</td><td>{number}</td></tr><tr><td>Invoice Date</td><td>{inv.issue.strftime('%d/%m/%Y')}</td></tr>
<tr><td>Tax Point</td><td>{inv.delivery.strftime('%d/%m/%Y')}</td></tr><tr><td>Payment Due</td><td>{inv.due.strftime('%d/%m/%Y')}</td></tr>
<tr><td>Your Ref.</td><td>{inv.order}</td></tr></table></td></tr></table><br>
<table class=items width='100%'><tr><th>Description</th><th class=r>Qty</th><th class=r>Unit Price</th><th class=r>Net</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Subtotal</td><td class=r>{gbp(inv.net)}</td></tr>
<tr><td>VAT @ 20%</td><td class=r>{gbp(inv.tax)}</td></tr><tr><td><b>Total GBP</b></td><td class=r><b>{gbp(inv.total)}</b></td></tr></table>
<p>Please pay by bank transfer: Sort code {r.randint(10, 99)}-{r.randint(10, 99)}-{r.randint(10, 99)} · Account {r.randint(10000000, 99999999)}{('<br>IBAN ' + grouped(inv.iban) + ' · BIC ' + inv.bic) if inv.show_iban else ''}</p>"""
    return number, page(body)


def fr_cheque(r, inv):
    """A small French business's invoice paid by cheque: no bank details, 'Règlement par chèque à l'ordre de …' with
    the seller's name in capitals, 'Conditions de paiement : 30 jours date de facture', 'Date d'échéance', 'Pas
    d'escompte pour paiement anticipé', the SIRET and 'TVA intracommunautaire' in the letterhead block."""
    inv.show_iban = False
    number = f"{inv.issue.year}-{r.randint(1, 999):03d}"
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>SIRET : {inv.siren} {r.randint(10000, 99999)}<br>TVA intracommunautaire : {inv.vat}</td>
<td style='padding-top:50px'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<div class=big>Facture {number}</div>
<p>Date de facture : {date(inv.issue, 'fr_long')}<br>Date d'échéance : {date(inv.due, 'fr_long')}</p>
{items_table(inv, ['Désignation', '>Quantité', '>Prix unitaire HT', '>Total HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA ({inv.rate:g} %)</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Conditions de paiement : {inv.days} jours date de facture.<br>Règlement par chèque à l'ordre de {e(inv.seller.upper())}.<br>Pas d'escompte pour paiement anticipé.</p>"""
    return number, page(body)


def de_sicherheitseinbehalt(r, inv):
    """A building contractor's invoice with a retention: 'Rechnungsbetrag brutto', 'abzüglich 5 % Sicherheitseinbehalt',
    'Auszahlungsbetrag' (what is paid now, not the invoice's total), the exemption certificate for construction
    withholding tax mentioned ('Freistellungsbescheinigung nach § 48b EStG liegt vor'), the building project and its
    order ('Bauvorhaben', 'Auftrag vom …')."""
    number = f"{inv.issue.year % 100}{r.randint(1000, 9999)}"
    keep = r.choice([5, 5, 10])
    retention = round(inv.total * keep / 100, 2)
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>Hoch- und Tiefbau<br>{e(inv.street)} · {e(inv.city)}</td>
<td class=r>Rechnung Nr. {number}<br>Datum: {date(inv.issue, 'de')}<br>Kunden-Nr.: {inv.customer}</td></tr></table><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<p><b>Bauvorhaben:</b> Neubau Lagerhalle, {e(inv.bstreet)}, {e(inv.bcity)}<br>Ihr Auftrag vom {date(inv.order_date, 'de')}, Leistungszeitraum bis {date(inv.delivery, 'de')}</p>
<div class=big>Rechnung</div>
{items_table(inv, ['Pos.', 'Leistung', '>Menge', '>EP', '>GP'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Rechnungsbetrag netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % MwSt.</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr>
<tr><td>abzüglich {keep} % Sicherheitseinbehalt</td><td class=r>-{money(retention, 'de')}</td></tr>
<tr><td><b>Auszahlungsbetrag</b></td><td class=r><b>{money(round(inv.total - retention, 2), 'de')}</b></td></tr></table>
<p>Zahlbar bis {date(inv.due, 'de')} ohne Abzug. Eine Freistellungsbescheinigung nach § 48b EStG liegt vor.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_zwei_steuersaetze_bon(r, inv):
    """A supermarket's till receipt that is the invoice, with food at 7 % (tax letter B) and other goods at 19 % (A):
    each line with its letter, 'SUMME EUR', 'Geg. EC-Karte', the tax table with a row per rate ('A 19,0 %', 'B 7,0 %')
    and a 'Gesamt' row under them; the date, time, 'Bon-Nr.', 'Markt-Nr.'; no due date, no bank."""
    number = str(r.randint(1000, 9999))
    food = [("Milch 1,5 %", 1.19), ("Vollkornbrot", 2.49), ("Äpfel lose", 3.12), ("Käse Gouda", 3.79), ("Kaffee 500 g", 6.99), ("Nudeln", 1.29)]
    other = [("Spülmittel", 1.95), ("Batterien AA", 4.99), ("Küchenrolle", 2.79), ("Blumen", 5.99)]
    b_items = r.sample(food, r.randint(2, 4))
    a_items = r.sample(other, r.randint(1, 2))
    gross_b, net_b, tax_b = gross_split(b_items, 7)
    gross_a, net_a, tax_a = gross_split(a_items, 19)
    inv.total = round(gross_a + gross_b, 2)
    inv.net = round(net_a + net_b, 2)
    inv.tax = round(tax_a + tax_b, 2)
    inv.rate = 19.0
    inv.due = None
    inv.show_iban = False
    m = lambda x: money(x, "de", symbol=False)
    items = "".join(f"<tr><td>{e(d)}</td><td class=r>{m(p)} B</td></tr>" for d, p in b_items) + "".join(f"<tr><td>{e(d)}</td><td class=r>{m(p)} A</td></tr>" for d, p in a_items)
    doc = f"""<!doctype html><html><head><meta charset='utf-8'><style>{till_css(280)}</style></head><body>
<div class=c><b style='font-size:11pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>USt-IdNr. {inv.vat}</div><br>
<table>{items}
<tr><td colspan=2>--------------------------------</td></tr>
<tr><td><b>SUMME EUR</b></td><td class=r><b>{m(inv.total)}</b></td></tr>
<tr><td>Geg. EC-Karte</td><td class=r>{m(inv.total)}</td></tr></table><br>
<table><tr><td>Steuer</td><td class=r>%</td><td class=r>Netto</td><td class=r>Steuer</td><td class=r>Brutto</td></tr>
<tr><td>A</td><td class=r>19,0</td><td class=r>{m(net_a)}</td><td class=r>{m(tax_a)}</td><td class=r>{m(gross_a)}</td></tr>
<tr><td>B</td><td class=r>7,0</td><td class=r>{m(net_b)}</td><td class=r>{m(tax_b)}</td><td class=r>{m(gross_b)}</td></tr>
<tr><td>Gesamt</td><td></td><td class=r>{m(inv.net)}</td><td class=r>{m(inv.tax)}</td><td class=r>{m(inv.total)}</td></tr></table><br>
<table><tr><td>{date(inv.issue, 'de')} {r.randint(8, 20):02d}:{r.randint(0, 59):02d}</td><td class=r>Bon-Nr. {number}</td></tr>
<tr><td>Markt-Nr. {r.randint(1000, 9999)}</td><td class=r>Kasse {r.randint(1, 9)}</td></tr></table><br>
<div class=c>Vielen Dank für Ihren Einkauf!</div></body></html>"""
    return number, doc


def de_gutschriftverfahren(r, inv):
    """A self-billed invoice (§ 14 Abs. 2 UStG, type 389): the customer writes it for its supplier, so the letterhead,
    the sender line and the footer (register, own 'USt-IdNr.', own bank) are the buyer's, and the seller stands in the
    address window. Titled 'Gutschrift' with 'Gutschrift-Nr.', 'Abrechnung im Gutschriftsverfahren', the seller's id
    printed as 'Ihre USt-IdNr.', 'Lieferanten-Nr.', and the amount 'überweisen wir auf Ihr Konto IBAN …' (the seller's)."""
    inv.type_code = "389"
    number = f"GS{inv.issue.year}-{r.randint(100, 9999):04d}"
    own_iban = iban(r, "DE")
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
    period = inv.delivery.replace(day=1) - dt.timedelta(days=1)
    bank = f"Ihre Bankverbindung: IBAN {grouped(inv.iban)}" if inv.show_iban else "Bitte teilen Sie uns Ihre Bankverbindung mit."
    pay = (f"Den Gutschriftsbetrag überweisen wir bis zum {date(inv.due, 'de')} auf Ihr Konto IBAN {grouped(inv.iban)}."
           if inv.show_iban else f"Den Gutschriftsbetrag zahlen wir bis zum {date(inv.due, 'de')} aus.")
    body = f"""
<table width='100%'><tr><td><div style='font-size:17pt; font-weight:bold'>{e(inv.buyer)}</div><span class=small>Einkauf · Lieferantenabrechnung</span></td>
<td class=r class=small>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Tel. 0{r.randint(200, 999)} {r.randint(100000, 999999)}</td></tr></table><br><br>
<table width='100%'><tr><td><span class=small>{e(inv.buyer)} · {e(inv.bstreet)} · {e(inv.bcity)}</span><br>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}</td>
<td class=r>Gutschrift-Nr.: {number}<br>Datum: {date(inv.issue, 'de')}<br>Lieferanten-Nr.: {inv.customer}<br>Ihre USt-IdNr.: {inv.vat}</td></tr></table><br>
<div class=big>Gutschrift</div>
<p>Abrechnung im Gutschriftsverfahren (§ 14 Abs. 2 Satz 2 UStG) über Ihre Lieferungen im {months[period.month - 1]} {period.year}:</p>
{items_table(inv, ['Pos.', 'Artikel', '>Menge', '>Preis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % USt.</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Gutschriftsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>{pay}<br>Bitte prüfen Sie diese Gutschrift; widersprechen Sie nicht innerhalb von 14 Tagen, gilt sie als anerkannt.</p>
<p class=small>{bank}</p>
<div class=footer><table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td>Commerzbank<br>IBAN: {grouped(own_iban)}</td><td>Amtsgericht {e(inv.bcity.split()[1])} HRB {r.randint(1000, 99999)}<br>USt-IdNr.: {inv.buyer_vat}</td></tr></table></div>"""
    return number, page(body)


def fr_devise_tva_eur(r, inv):
    """A French seller's invoice in US dollars to a customer in France, so VAT is due: every amount in USD, and under
    the totals the VAT converted to euros as the law asks ('TVA en euros (taux BCE du …) : … €'), which is no total of
    this invoice; 'Devise : USD', 'N° de facture', 'Date d'émission', 'Date d'exigibilité du paiement'."""
    inv.currency = "USD"
    number = f"F-{inv.issue.year}{inv.issue.month:02d}-{r.randint(10, 999):03d}"
    fx = round(r.uniform(1.03, 1.17), 4)
    us = lambda x: f"{x:,.2f}".replace(",", " ").replace(".", ",")
    rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{us(p)}</td><td class=r>{us(a)}</td></tr>" for d, q, p, a in inv.lines)
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>TVA : {inv.vat}</td>
<td style='padding-top:40px'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>TVA : {inv.buyer_vat}</td></tr></table><br>
<div class=big>Facture</div>
<table><tr><td>N° de facture</td><td>{number}</td></tr><tr><td>Date d'émission</td><td>{date(inv.issue, 'fr')}</td></tr>
<tr><td>Date d'exigibilité du paiement</td><td>{date(inv.due, 'fr')}</td></tr><tr><td>Devise</td><td>USD (dollar des États-Unis)</td></tr></table><br>
<table class=items width='100%'><tr><th>Désignation</th><th class=r>Qté</th><th class=r>P.U. HT (USD)</th><th class=r>Montant HT (USD)</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{us(inv.net)} USD</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{us(inv.tax)} USD</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{us(inv.total)} USD</b></td></tr></table>
<p class=small>TVA en euros (taux BCE du {date(inv.issue, 'fr')} : 1 EUR = {str(fx).replace('.', ',')} USD) : {money(inv.tax / fx, 'fr')}<br>
Montant total en euros pour information : {money(inv.total / fx, 'fr')}</p>
<p>Paiement par virement en USD. Pénalités de retard : trois fois le taux d'intérêt légal ; indemnité forfaitaire pour frais de recouvrement : 40 €.</p>"""
    return number, page(body, footer3(inv, "fr"))


def ch_rundung(r, inv):
    """A Swiss invoice in francs whose amount to pay is rounded to 5 centimes: 'Total exkl. MWST', 'MWST 8,1 %',
    'Total inkl. MWST' (the invoice's total), then 'Rundungsdifferenz' and 'Zu bezahlen CHF' (the rounded amount,
    which is what the payment slip repeats), 'UID' with 'MWST' as the VAT number, 'Rechnung Nr.', 'Fällig am'."""
    inv.currency = "CHF"
    inv.seller = name(r, ["AG", "GmbH"])
    inv.vat = ch_vat(r)
    inv.iban = iban(r, "CH")
    inv.rate = 8.1
    while True:
        inv.tax = round(inv.net * inv.rate / 100, 2)
        inv.total = round(inv.net + inv.tax, 2)
        if round(inv.total * 20) / 20 != inv.total:
            break
        inv.net = round(inv.net + 0.01, 2)
        inv.lines[-1] = inv.lines[-1][:3] + (round(inv.lines[-1][3] + 0.01, 2),)
    pay = round(inv.total * 20) / 20
    city = f"{r.randint(1000, 9999)} {r.choice(DE_CITIES)}"
    bcity = f"{r.randint(1000, 9999)} {r.choice(DE_CITIES)}"
    number = f"{r.randint(10000, 99999)}"
    rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{chf(a)}</td></tr>" for d, q, p, a in inv.lines)
    bank = f"<p>Bankverbindung: {e(inv.seller)}, IBAN {grouped(inv.iban)}</p>" if inv.show_iban else ""
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>{e(inv.street)}<br>{e(city)}<br>UID {inv.vat} MWST</td>
<td style='padding-top:40px'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(bcity)}</td></tr></table><br>
<h3>Rechnung Nr. {number}</h3>
<p>Datum: {date(inv.issue, 'de')} &nbsp;&nbsp; Fällig am: {date(inv.due, 'de')} &nbsp;&nbsp; Kunden-Nr.: {inv.customer}</p>
<table class=items width='100%'><tr><th>Bezeichnung</th><th class=r>Menge</th><th class=r>Betrag CHF</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total exkl. MWST</td><td class=r>{chf(inv.net)}</td></tr>
<tr><td>MWST {str(inv.rate).replace('.', ',')} %</td><td class=r>{chf(inv.tax)}</td></tr><tr><td>Total inkl. MWST</td><td class=r>{chf(inv.total)}</td></tr>
<tr><td>Rundungsdifferenz</td><td class=r>{chf(round(pay - inv.total, 2))}</td></tr>
<tr><td><b>Zu bezahlen CHF</b></td><td class=r><b>{chf(pay)}</b></td></tr></table>
{bank}<p>Zahlbar innert {inv.days} Tagen rein netto.</p>"""
    return number, page(body)


def fr_lcr(r, inv):
    """A French wholesaler's invoice paid by 'LCR directe' (bill of exchange drawn on the customer): no bank of the
    seller's, and at the foot the bill's slip with the drawee's ('tiré') bank details — the customer's IBAN and bank,
    'Domiciliation', 'Montant pour contrôle', 'Échéance', 'Réf. tiré' — under 'LETTRE DE CHANGE-RELEVÉ'."""
    inv.show_iban = False
    number = f"FC{r.randint(100000, 999999)}"
    drawee = iban(r, "FR")
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>Négoce en gros<br>{e(inv.street)}<br>{e(inv.city)}</td>
<td style='padding-top:30px'>Facturé à :<br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<table width='100%' style='border:1px solid #333'><tr><td>Facture n°</td><td>Date</td><td>Code client</td><td>Mode de règlement</td><td>Échéance</td></tr>
<tr><td>{number}</td><td>{date(inv.issue, 'fr')}</td><td>{inv.customer}</td><td>LCR directe</td><td>{date(inv.due, 'fr')}</td></tr></table><br>
{items_table(inv, ['Désignation', '>Qté', '>P.U. HT', '>Montant HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Net à payer</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<table width='100%' style='margin-top:18px; border-top:1px dashed #333'><tr><td colspan=4><b>LETTRE DE CHANGE-RELEVÉ</b> &nbsp; à l'ordre de {e(inv.seller)}</td></tr>
<tr><td>Montant pour contrôle</td><td>Date de création</td><td>Échéance</td><td>Réf. tiré</td></tr>
<tr><td>{money(inv.total, 'fr')}</td><td>{date(inv.issue, 'fr')}</td><td>{date(inv.due, 'fr')}</td><td>{inv.customer}</td></tr>
<tr><td colspan=2>Nom et adresse du tiré :<br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td colspan=2>Domiciliation du tiré : Crédit {e(r.choice(FR_CITIES))}<br>IBAN du tiré : {grouped(drawee)}</td></tr></table>"""
    return number, page(body, footer3(inv, "fr"))


def de_ratenzahlung(r, inv):
    """An invoice paid in instalments: the total, then 'Zahlbar in 3 Raten' with each instalment's amount and date
    ('1. Rate … fällig am …'); the first instalment's date is the due date an e-invoice gives (its first payment term),
    and no instalment is a total. 'Rechnungs-Nr.', 'Rechnungsdatum', 'Kunden-Nr.' in a block at the right."""
    number = f"R{inv.issue.year % 100}-{r.randint(1000, 9999)}"
    n = r.choice([2, 3, 4])
    part = round(inv.total / n, 2)
    parts = [part] * (n - 1) + [round(inv.total - part * (n - 1), 2)]
    first = inv.issue + dt.timedelta(days=r.choice([14, 30]))
    inv.due = first
    dates = [first]
    for _ in range(n - 1):
        d = dates[-1]
        dates.append((d.replace(day=1) + dt.timedelta(days=32)).replace(day=min(d.day, 28)))
    plan = "".join(f"<tr><td>{i + 1}. Rate</td><td class=r>{money(p, 'de')}</td><td>fällig am {date(d, 'de')}</td></tr>" for i, (p, d) in enumerate(zip(parts, dates)))
    body = f"""
<div class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</div><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Rechnungs-Nr.: {number}<br>Rechnungsdatum: {date(inv.issue, 'de')}<br>Kunden-Nr.: {inv.customer}</td></tr></table><br>
<div class=big>Rechnung</div><br>
{items_table(inv, ['Pos.', 'Bezeichnung', '>Menge', '>Einzelpreis', '>Gesamt'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>USt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Rechnungsbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Wie vereinbart ist der Rechnungsbetrag in {n} Raten zahlbar:</p>
<table>{plan}</table>"""
    return number, page(body, footer3(inv, "de"))


def de_englisches_zahlenformat(r, inv):
    """A German subsidiary's invoice from an international ERP set to English number and date formats: German labels,
    amounts as 'EUR 1,234.56' (a comma for thousands, a point for cents), dates as '2026-03-17', 'Rechnungsnummer',
    'Fälligkeitsdatum', a totals block 'Nettobetrag / MwSt. 19% / Bruttobetrag'."""
    number = f"{r.randint(90000000, 99999999)}"
    en = lambda x: f"EUR {x:,.2f}"
    rows = "".join(f"<tr><td>{i + 1:03d}0</td><td>{e(d)}</td><td class=r>{q:.3f}</td><td class=r>{p:,.2f}</td><td class=r>{a:,.2f}</td></tr>" for i, (d, q, p, a) in enumerate(inv.lines))
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}</td>
<td class=r>Rechnungsnummer: {number}<br>Rechnungsdatum: {inv.issue.isoformat()}<br>Fälligkeitsdatum: {inv.due.isoformat()}<br>Kundennummer: {inv.customer}</td></tr></table><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<div class=big>Rechnung</div>
<table class=items width='100%'><tr><th>Pos.</th><th>Material / Beschreibung</th><th class=r>Menge</th><th class=r>Preis</th><th class=r>Betrag</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Nettobetrag</td><td class=r>{en(inv.net)}</td></tr>
<tr><td>MwSt. {inv.rate:g}%</td><td class=r>{en(inv.tax)}</td></tr><tr><td><b>Bruttobetrag</b></td><td class=r><b>{en(inv.total)}</b></td></tr></table>
<p>Zahlungsbedingungen: {inv.days} Tage netto</p>"""
    return number, page(body, footer3(inv, "de"))


def de_stundennachweis(r, inv):
    """A consultant's invoice with its timesheet attached on page 2 ('Anlage: Stundennachweis'): days with their dates,
    hours like '7,50', what was done, and a 'Summe' row of hours ('37,50 Std.') and 'Gesamt' of the days' amounts at the
    hourly rate, which is the net; page 1 has the invoice with 'Leistungszeitraum' and the totals."""
    number = f"{inv.issue.year}-{r.randint(100, 999)}"
    rate = r.choice([85.0, 95.0, 110.0, 120.0])
    days = r.randint(4, 9)
    start = inv.issue - dt.timedelta(days=days + 20)
    hours = [r.choice([4.0, 5.5, 6.0, 7.5, 8.0, 8.5]) for _ in range(days)]
    inv.lines = [("Beratungsleistung lt. Stundennachweis", sum(hours), rate, round(sum(hours) * rate, 2))]
    inv.net = inv.lines[0][3]
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    tasks = ["Workshop Anforderungen", "Konzeption", "Abstimmung Fachbereich", "Dokumentation", "Review", "Umsetzung Prototyp"]
    sheet = "".join(f"<tr><td>{date(start + dt.timedelta(days=i), 'de')}</td><td>{r.choice(tasks)}</td><td class=r>{str(h).replace('.', ',')}0</td><td class=r>{money(h * rate, 'de')}</td></tr>"
                    for i, h in enumerate(hours))
    hsum = f"{sum(hours):.2f}".replace(".", ",")
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(inv.seller)}</b><br>IT-Beratung<br>{e(inv.street)} · {e(inv.city)}</td>
<td class=r>Rechnung {number}<br>Datum: {date(inv.issue, 'de')}</td></tr></table><br>
{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br><br>
<p>Leistungszeitraum: {date(start, 'de')} bis {date(start + dt.timedelta(days=days - 1), 'de')}</p>
<table class=items width='100%'><tr><th>Leistung</th><th class=r>Stunden</th><th class=r>Stundensatz</th><th class=r>Betrag</th></tr>
<tr><td>{inv.lines[0][0]}</td><td class=r>{hsum}</td><td class=r>{money(rate, 'de')}</td><td class=r>{money(inv.net, 'de')}</td></tr></table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. {inv.rate:g} % USt.</td><td class=r>{money(inv.tax, 'de')}</td></tr><tr><td><b>Gesamtbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Bitte überweisen Sie den Betrag bis zum {date(inv.due, 'de')}.<br>Anlage: Stundennachweis</p>
<div style='page-break-after:always'></div>
<h3>Stundennachweis zu Rechnung {number}</h3>
<p>Projekt: Einführung {r.choice(['CRM', 'ERP', 'DMS'])} · Berater: {e(inv.contact)}</p>
<table class=items width='100%'><tr><th>Datum</th><th>Tätigkeit</th><th class=r>Stunden</th><th class=r>Betrag</th></tr>{sheet}
<tr><td><b>Summe</b></td><td></td><td class=r><b>{hsum} Std.</b></td><td class=r><b>{money(inv.net, 'de')}</b></td></tr></table>
<p>Bestätigt: ____________________ Datum: ____________</p>"""
    return number, page(body, footer3(inv, "de"))


def de_bewirtungsbeleg(r, inv):
    """A restaurant's bill that is the invoice, with the tax office's entertainment form printed under it ('Angaben zum
    Nachweis der Höhe und der betrieblichen Veranlassung von Bewirtungsaufwendungen'): 'Tag der Bewirtung', 'Ort',
    'Bewirtete Personen', 'Anlass', 'Höhe der Aufwendungen' with a tip written in ('Trinkgeld'), which are no totals of
    the bill; 'Rechnung Nr.', 'Tisch', the date and time."""
    number = str(r.randint(10000, 99999))
    gross = till_prices(inv, 25, 5)
    tip = float(r.choice([2, 3, 5, 8, 10]))
    m = lambda x: money(x, "de", symbol=False)
    items = "".join(f"<tr><td>{q:g} x {e(d[:20])}</td><td class=r>{m(g)}</td></tr>" for (d, q, _, _), g in zip(inv.lines, gross))
    doc = f"""<!doctype html><html><head><meta charset='utf-8'><style>{till_css(300)}</style></head><body>
<div class=c><b style='font-size:11pt'>{e(inv.seller)}</b><br>Restaurant · Biergarten<br>{e(inv.street)}<br>{e(inv.city)}<br>USt-IdNr. {inv.vat}</div><br>
<table><tr><td>Rechnung Nr. {number}</td><td class=r>Tisch {r.randint(1, 40)}</td></tr>
<tr><td>{date(inv.issue, 'de')} {r.randint(12, 22):02d}:{r.randint(0, 59):02d}</td><td class=r>Bed.: {r.choice(FIRST)}</td></tr></table><br>
<table>{items}
<tr><td colspan=2>--------------------------------</td></tr>
<tr><td><b>Summe EUR</b></td><td class=r><b>{m(inv.total)}</b></td></tr>
<tr><td>Netto</td><td class=r>{m(inv.net)}</td></tr><tr><td>MwSt {inv.rate:g} %</td><td class=r>{m(inv.tax)}</td></tr>
<tr><td>Bezahlt: Karte</td><td class=r>{m(inv.total)}</td></tr></table><br>
<div style='border:1px solid #000; padding:3px'><b>Bewirtungsaufwendungen</b><br>
Tag der Bewirtung: {date(inv.issue, 'de')}<br>Ort: {e(inv.seller)}, {e(inv.city)}<br>Bewirtete Personen: ______________<br>Anlass: ______________<br>
Höhe der Aufwendungen: {m(round(inv.total + tip, 2))} EUR<br>davon Trinkgeld: {m(tip)} EUR<br>Ort, Datum: ______________<br>Unterschrift: ______________</div></body></html>"""
    return number, doc


def fr_transport(r, inv):
    """A French haulier's invoice: a row per consignment with its 'Lettre de voiture n°', the date of carriage, the
    weight in kg with three decimals and the price, then an 'Indexation gazole' surcharge as a percentage of the freight
    (no VAT rate), 'Total HT', 'TVA 20 %', 'Total TTC'; 'Facture n°', 'Date', 'Échéance : 45 jours fin de mois, soit le …'."""
    number = f"T{inv.issue.year % 100}{r.randint(10000, 99999)}"
    rows, freight = [], 0.0
    for _ in range(r.randint(2, 5)):
        day = inv.issue - dt.timedelta(days=r.randint(3, 25))
        kg = round(r.uniform(80, 9000), 3)
        price = round(r.uniform(60, 900), 2)
        freight += price
        rows.append(f"<tr><td>LV {r.randint(100000, 999999)}</td><td>{date(day, 'fr')}</td><td>{e(r.choice(FR_CITIES))} → {e(r.choice(FR_CITIES))}</td>"
                    f"<td class=r>{kg:,.3f}".replace(",", " ").replace(".", ",") + f" kg</td><td class=r>{money(price, 'fr')}</td></tr>")
    freight = round(freight, 2)
    index = r.choice([8.5, 11.2, 12.5, 14.3])
    surcharge = round(freight * index / 100, 2)
    inv.lines = [("Transport", 1, freight, freight), ("Indexation gazole", 1, surcharge, surcharge)]
    inv.net = round(freight + surcharge, 2)
    inv.rate = 20.0
    inv.tax = round(inv.net * 0.2, 2)
    inv.total = round(inv.net + inv.tax, 2)
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>Transports routiers · Messagerie<br>{e(inv.street)}<br>{e(inv.city)}</td>
<td class=r><b>FACTURE N° {number}</b><br>Date : {date(inv.issue, 'fr')}<br>Code client : {inv.customer}</td></tr></table><br>
<p style='margin-left:55%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table class=items width='100%'><tr><th>Lettre de voiture</th><th>Date</th><th>Trajet</th><th class=r>Poids</th><th class=r>Prix HT</th></tr>{''.join(rows)}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total transport HT</td><td class=r>{money(freight, 'fr')}</td></tr>
<tr><td>Indexation gazole {str(index).replace('.', ',')} %</td><td class=r>{money(surcharge, 'fr')}</td></tr>
<tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr><tr><td>TVA 20 %</td><td class=r>{money(inv.tax, 'fr')}</td></tr>
<tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p>Échéance : 45 jours fin de mois, soit le {date(inv.due, 'fr')}.</p>"""
    return number, page(body, footer3(inv, "fr"))


def fr_eco_participation(r, inv):
    """A French furniture or electronics retailer's invoice: prices with VAT ('Prix TTC') and under each line 'dont
    éco-participation 2,50 €' (the recycling fee, included in the price, no tax), a 'Total éco-participation' line, then
    'Total TTC', 'dont TVA 20 %' and 'Total HT'; the number as 'Facture N°', 'Date de facture', 'Payée le … par CB'."""
    number = f"{r.randint(100, 999)}-{r.randint(1000000, 9999999)}"
    inv.due = None
    inv.show_iban = False
    items = [("Canapé 3 places", 649.0, 12.0), ("Réfrigérateur combiné", 529.0, 13.0), ("Lave-linge 8 kg", 449.0, 10.0),
             ("Table basse chêne", 189.0, 1.8), ("Téléviseur 55 pouces", 599.0, 8.0), ("Matelas 140x190", 399.0, 4.5)]
    chosen = r.sample(items, r.randint(1, 4))
    gross = round(sum(p for _, p, _ in chosen), 2)
    eco = round(sum(x for _, _, x in chosen), 2)
    inv.total = gross
    inv.net = round(gross / 1.2, 2)
    inv.tax = round(gross - inv.net, 2)
    rows = "".join(f"<tr><td>{e(d)}<br><span class=small>dont éco-participation {money(x, 'fr')}</span></td><td class=r>1</td><td class=r>{money(p, 'fr')}</td></tr>" for d, p, x in chosen)
    paid = inv.issue
    body = f"""
<table width='100%'><tr><td><div class=big>{e(inv.seller)}</div>Magasin de {e(inv.city.split(' ', 1)[1])}<br>{e(inv.street)}<br>{e(inv.city)}</td>
<td class=r>Facture N° {number}<br>Date de facture : {date(inv.issue, 'fr')}</td></tr></table><br>
<p>Client : {e(inv.contact)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table class=items width='100%'><tr><th>Article</th><th class=r>Qté</th><th class=r>Prix TTC</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total éco-participation</td><td class=r>{money(eco, 'fr')}</td></tr>
<tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr>
<tr><td>dont TVA 20 %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr></table>
<p>Payée le {date(paid, 'fr')} par carte bancaire. Garantie légale de conformité : 2 ans.</p>"""
    return number, page(body, footer3(inv, "fr"))


def fr_location_vehicule(r, inv):
    """A French car-rental invoice: the contract's number and dates ('Départ le … Retour le …'), mileage out and in
    ('Kilométrage départ 45 120 km'), the daily rate times days, extra kilometres, a deposit held and not cashed ('Caution
    : 1 500,00 € (non encaissée)'), the insurance excess ('Franchise : 1 200,00 €'), 'Total HT', 'TVA 20 %', 'Total TTC'."""
    number = f"LOC-{r.randint(1000000, 9999999)}"
    days = r.randint(1, 14)
    start = inv.issue - dt.timedelta(days=days)
    rate = round(r.uniform(39, 149), 2)
    km = r.randint(0, 400)
    per_km = 0.32
    inv.lines = [(f"Location {days} jour(s)", days, rate, round(days * rate, 2))]
    if km:
        inv.lines.append(("Kilomètres supplémentaires", km, per_km, round(km * per_km, 2)))
    inv.net = round(sum(l[3] for l in inv.lines), 2)
    inv.tax = round(inv.net * 0.2, 2)
    inv.rate = 20.0
    inv.total = round(inv.net + inv.tax, 2)
    out = r.randint(10000, 90000)
    rows = "".join(f"<tr><td>{e(d)}</td><td class=r>{q:g}</td><td class=r>{money(p, 'fr')}</td><td class=r>{money(a, 'fr')}</td></tr>" for d, q, p, a in inv.lines)
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>Location de véhicules<br>{e(inv.street)}<br>{e(inv.city)}</td>
<td class=r><b>FACTURE</b><br>N° {number}<br>Date : {date(inv.issue, 'fr')}<br>Échéance : {date(inv.due, 'fr')}</td></tr></table><br>
<p style='margin-left:55%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table><tr><td>Contrat n°</td><td>{r.randint(100000, 999999)}</td><td>Véhicule</td><td>{r.choice(['Clio', 'Kangoo', 'Master', '308'])} · {r.choice('ABCDEFGH')}{r.choice('ABCDEFGH')}-{r.randint(100, 999)}-{r.choice('JKLMNP')}{r.choice('QRSTVW')}</td></tr>
<tr><td>Départ le</td><td>{date(start, 'fr')} 09:00</td><td>Retour le</td><td>{date(inv.issue, 'fr')} 18:00</td></tr>
<tr><td>Kilométrage départ</td><td>{f"{out:,}".replace(",", " ")} km</td><td>Kilométrage retour</td><td>{f"{out + days * 250 + km:,}".replace(",", " ")} km</td></tr></table><br>
<table class=items width='100%'><tr><th>Désignation</th><th class=r>Qté</th><th class=r>P.U. HT</th><th class=r>Montant HT</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA 20 %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
<p class=small>Caution : {money(1500, 'fr')} (empreinte bancaire, non encaissée). Franchise en cas de sinistre : {money(1200, 'fr')}.</p>"""
    return number, page(body, footer3(inv, "fr"))


def fr_addition(r, inv):
    """A French restaurant's bill that is the invoice ('Facture' on a till roll): food at 10 %, alcohol at 20 %, 'Service
    compris', 'TOTAL TTC', a tax table with a row per rate ('Taux  HT  TVA  TTC'), the table and covers ('Table 12 – 4
    couverts'), 'Ticket n°', the date and time, 'SIRET' and 'TVA intracom.'."""
    number = str(r.randint(10000, 99999))
    food = [("Menu du jour", 18.5), ("Entrecôte frites", 24.0), ("Salade César", 14.5), ("Tarte Tatin", 7.5), ("Café gourmand", 8.9), ("Plat enfant", 11.0)]
    drinks = [("Verre de Bordeaux", 6.5), ("Bière pression", 5.8), ("Kir", 5.0), ("Bouteille Côtes du Rhône", 26.0)]
    f_items = r.sample(food, r.randint(2, 4))
    d_items = r.sample(drinks, r.randint(1, 2))
    gross10, net10, tax10 = gross_split(f_items, 10)
    gross20, net20, tax20 = gross_split(d_items, 20)
    inv.total = round(gross10 + gross20, 2)
    inv.net = round(net10 + net20, 2)
    inv.tax = round(tax10 + tax20, 2)
    inv.rate = 10.0
    inv.due = None
    inv.show_iban = False
    m = lambda x: money(x, "fr", symbol=False)
    items = "".join(f"<tr><td>{e(d)}</td><td class=r>{m(p)}</td></tr>" for d, p in f_items + d_items)
    doc = f"""<!doctype html><html><head><meta charset='utf-8'><style>{till_css(260)}</style></head><body>
<div class=c><b style='font-size:11pt'>{e(inv.seller)}</b><br>Brasserie<br>{e(inv.street)}<br>{e(inv.city)}<br>SIRET {inv.siren}{r.randint(10000, 99999)}<br>TVA intracom. {inv.vat}</div><br>
<div class=c><b>FACTURE</b></div>
<table><tr><td>Table {r.randint(1, 30)} – {r.randint(1, 6)} couverts</td><td class=r>Ticket n° {number}</td></tr>
<tr><td>{date(inv.issue, 'fr')} {r.randint(12, 22):02d}:{r.randint(0, 59):02d}</td><td class=r>Serveur : {r.choice(FIRST)}</td></tr></table><br>
<table>{items}<tr><td colspan=2>--------------------------------</td></tr>
<tr><td><b>TOTAL TTC</b></td><td class=r><b>{m(inv.total)} €</b></td></tr><tr><td>Carte bancaire</td><td class=r>{m(inv.total)}</td></tr></table><br>
<table><tr><td>Taux</td><td class=r>HT</td><td class=r>TVA</td><td class=r>TTC</td></tr>
<tr><td>10,00 %</td><td class=r>{m(net10)}</td><td class=r>{m(tax10)}</td><td class=r>{m(gross10)}</td></tr>
<tr><td>20,00 %</td><td class=r>{m(net20)}</td><td class=r>{m(tax20)}</td><td class=r>{m(gross20)}</td></tr></table><br>
<div class=c>Service compris<br>Merci de votre visite !</div></body></html>"""
    return number, doc


def de_dunkler_kopf(r, inv):
    """A modern template with the letterhead in white on a dark band across the top (name, address, contact), the
    invoice's data in a grey box ('Rechnungsnummer', 'Datum', 'Fällig'), and the totals in a dark box with white type
    ('Gesamt (brutto)'); the bank and register in a light grey footer band."""
    number = f"INV-{inv.issue.year}-{r.randint(1000, 9999)}"
    band = "background:#1f2d3d; color:#fff; padding:10px 14px"
    body = f"""
<div style='{band}'><table width='100%'><tr><td><b style='font-size:17pt'>{e(inv.seller)}</b></td>
<td class=r style='color:#fff'>{e(inv.street)}<br>{e(inv.city)}<br>info@{e(inv.seller.split()[0].lower())}.example</td></tr></table></div><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td style='background:#e6e6e6; padding:6px'>Rechnungsnummer: {number}<br>Datum: {date(inv.issue, 'de')}<br>Fällig: {date(inv.due, 'de')}<br>Kundennummer: {inv.customer}</td></tr></table><br>
<div class=big>Rechnung</div>
{items_table(inv, ['Pos.', 'Beschreibung', '>Menge', '>Einzelpreis', '>Betrag'], 'de')}
<table style='margin-left:auto; margin-top:8px'><tr><td>Zwischensumme (netto)</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr style='{band}'><td style='color:#fff'><b>Gesamt (brutto)</b></td><td class=r style='color:#fff'><b>{money(inv.total, 'de')}</b></td></tr></table>"""
    bank = f"IBAN {grouped(inv.iban)} · BIC {inv.bic}" if inv.show_iban else ""
    foot = f"""<div class=footer style='background:#eee; padding:4px'>{e(inv.seller)} · Geschäftsführung: {e(inv.contact)} · HRB {r.randint(1000, 99999)} · USt-IdNr. {inv.vat}<br>{bank}</div>"""
    return number, page(body, foot)


def fr_mentions_verticales(r, inv):
    """A French template with the seller's legal mentions set vertically along the left margin (turned 90°: name, form,
    capital, RCS, SIRET, TVA intracommunautaire, IBAN), the seller's name also at the top; 'Facture n°', 'Date',
    'Date d'échéance', 'Total HT', 'TVA', 'Total TTC'."""
    number = f"F{inv.issue.year}{r.randint(100, 999)}"
    bank = f" · IBAN {grouped(inv.iban)}" if inv.show_iban else ""
    # (In the page's left margin: the page box starts at the paper's edge, the body keeps its margin as padding.)
    side = (f"<style>@page {{ margin-left: 0 }} body {{ padding-left: 22mm }}</style>"
            f"<div style='position:fixed; left:-63mm; top:120mm; width:150mm; transform:rotate(-90deg); font-size:7pt; color:#555'>"
            f"{e(inv.seller)} – capital 5 000 € – RCS {e(inv.city.split(' ', 1)[1])} {inv.siren} – SIRET {inv.siren}{r.randint(10000, 99999)} – TVA {inv.vat}{bank}</div>")
    body = f"""{side}
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}</td>
<td style='padding-top:30px'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td></tr></table><br>
<div class=big>Facture n° {number}</div>
<p>Date : {date(inv.issue, 'fr')} — Date d'échéance : {date(inv.due, 'fr')}</p>
{items_table(inv, ['Désignation', '>Qté', '>P.U. HT', '>Total HT'], 'fr', pos=False)}
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td><b>Total TTC</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>"""
    return number, page(body)


def de_kleinschrift(r, inv):
    """A dense invoice in 7-point type throughout (a wholesaler's printout with many columns): 'Beleg-Nr.', 'Belegdatum',
    'Valuta', article numbers, EAN, unit, discount per line, 'Warenwert', 'Rabatt', 'Nettowarenwert', 'MwSt.',
    'Rechnungsbetrag'."""
    number = f"{r.randint(10000000, 99999999)}"
    disc = r.choice([0.0, 2.0, 3.0, 5.0])
    rows = "".join(f"<tr><td>{r.randint(100000, 999999)}</td><td>40{r.randint(10**10, 10**11 - 1)}</td><td>{e(d)}</td><td class=r>{q:g}</td><td>Stk</td>"
                   f"<td class=r>{money(p, 'de', False)}</td><td class=r>{money(a, 'de', False)}</td></tr>" for d, q, p, a in inv.lines)
    gross_goods = inv.net
    discount = round(gross_goods * disc / 100, 2)
    inv.net = round(gross_goods - discount, 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    body = f"""<div style='font-size:7pt'>
<table width='100%'><tr><td><b style='font-size:11pt'>{e(inv.seller)}</b><br>{e(inv.street)} · {e(inv.city)} · USt-IdNr. {inv.vat}</td>
<td class=r>Beleg-Nr. {number}<br>Belegdatum {date(inv.issue, 'de')}<br>Valuta {date(inv.due, 'de')}<br>Kd.-Nr. {inv.customer}</td></tr></table><br>
{e(inv.buyer)} · {e(inv.bstreet)} · {e(inv.bcity)}<br><br><b style='font-size:10pt'>Rechnung</b>
<table class=items width='100%'><tr><th>Art.-Nr.</th><th>EAN</th><th>Bezeichnung</th><th class=r>Menge</th><th>ME</th><th class=r>Preis</th><th class=r>Wert</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:6px'><tr><td>Warenwert</td><td class=r>{money(gross_goods, 'de', False)}</td></tr>
<tr><td>Rabatt {disc:g} %</td><td class=r>-{money(discount, 'de', False)}</td></tr><tr><td>Nettowarenwert</td><td class=r>{money(inv.net, 'de', False)}</td></tr>
<tr><td>MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de', False)}</td></tr><tr><td><b>Rechnungsbetrag EUR</b></td><td class=r><b>{money(inv.total, 'de', False)}</b></td></tr></table>
<p>Zahlbar bis {date(inv.due, 'de')} ohne Abzug.{' IBAN ' + grouped(inv.iban) if inv.show_iban else ''}</p></div>"""
    return number, page(body)


def de_steuermatrix(r, inv):
    """An invoice with goods at 7 % and 19 % whose totals are a matrix with a column per rate ('7 %', '19 %', 'Gesamt')
    and rows 'Netto', 'USt', 'Brutto' (the last column is the invoice's); 'Rechnung Nr.', 'vom', 'Lieferdatum'."""
    number = f"{r.randint(2024, 2026)}/{r.randint(1000, 9999)}"
    n7 = round(r.uniform(50, 900), 2)
    n19 = round(r.uniform(50, 2500), 2)
    t7, t19 = round(n7 * 0.07, 2), round(n19 * 0.19, 2)
    inv.net = round(n7 + n19, 2)
    inv.tax = round(t7 + t19, 2)
    inv.total = round(inv.net + inv.tax, 2)
    inv.rate = 19.0
    inv.lines = [("Fachbücher", 1, n7, n7), ("Büromaterial", 1, n19, n19)]
    m = lambda x: money(x, "de", False)
    body = f"""
<div class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</div><br>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Rechnung Nr. {number}<br>vom {date(inv.issue, 'de')}<br>Lieferdatum {date(inv.delivery, 'de')}</td></tr></table><br>
<div class=big>Rechnung</div>
<table class=items width='100%'><tr><th>Bezeichnung</th><th class=r>USt.</th><th class=r>Netto</th></tr>
<tr><td>Fachbücher</td><td class=r>7 %</td><td class=r>{m(n7)}</td></tr><tr><td>Büromaterial</td><td class=r>19 %</td><td class=r>{m(n19)}</td></tr></table><br>
<table style='margin-left:auto' class=items><tr><th></th><th class=r>7 %</th><th class=r>19 %</th><th class=r>Gesamt</th></tr>
<tr><td>Netto</td><td class=r>{m(n7)}</td><td class=r>{m(n19)}</td><td class=r>{m(inv.net)}</td></tr>
<tr><td>USt</td><td class=r>{m(t7)}</td><td class=r>{m(t19)}</td><td class=r>{m(inv.tax)}</td></tr>
<tr><td><b>Brutto</b></td><td class=r>{m(round(n7 + t7, 2))}</td><td class=r>{m(round(n19 + t19, 2))}</td><td class=r><b>{m(inv.total)}</b></td></tr></table>
<p>Zahlbar bis {date(inv.due, 'de')} ohne Abzug. Alle Beträge in EUR.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_handelsrechnung_zoll(r, inv):
    """A German exporter's commercial invoice for a customer outside the EU ('Handelsrechnung / Commercial Invoice'):
    bilingual labels, the consignee and a separate buyer, Incoterms, a row per item with its customs tariff number
    ('Zolltarifnr. 8471 3000'), country of origin and net weight in kg with three decimals; 'Nettogewicht' and
    'Bruttogewicht' totals, number of packages; 'Warenwert' and 'Rechnungsbetrag' with VAT at 0 % ('steuerfreie
    Ausfuhrlieferung gemäß § 4 Nr. 1a UStG'); 'Rechnungs-Nr. / Invoice No.', 'Datum / Date', 'Zahlungsziel'."""
    number = f"EX-{inv.issue.year % 100:02d}{r.randint(10000, 99999)}"
    inv.tax, inv.total, inv.rate = 0.0, inv.net, 0.0
    tariffs = ["8471 3000", "8504 4095", "8537 1098", "9031 8038", "8483 4023", "3926 9097"]
    fmt_kg = lambda x: f"{x:,.3f}".replace(",", "X").replace(".", ",").replace("X", ".")
    rows, kg = "", 0.0
    for i, (d, q, p, a) in enumerate(inv.lines):
        w = round(r.uniform(0.2, 40) * q, 3)
        kg += w
        rows += (f"<tr><td>{i + 1}</td><td>{e(d)}<br><span class=small>Zolltarifnr. {r.choice(tariffs)} · Ursprung: DE</span></td>"
                 f"<td class=r>{f'{q:g}'.replace('.', ',')}</td><td class=r>{fmt_kg(w)} kg</td>"
                 f"<td class=r>{money(p, 'de', False)}</td><td class=r>{money(a, 'de', False)}</td></tr>")
    kg = round(kg, 3)
    gross_kg = round(kg * 1.08 + r.uniform(5, 30), 3)
    country, city = r.choice([("Schweiz", "8004 Zürich"), ("Norwegen", "0150 Oslo"), ("USA", "Chicago, IL 60601"), ("Türkei", "34394 İstanbul")])
    consignee = name(r, ["AG", "AS", "Inc.", "A.Ş."])
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(inv.seller)}</b><br>{e(inv.street)} · {e(inv.city)} · Deutschland<br>
USt-IdNr. / VAT No.: {inv.vat} · EORI: DE{r.randint(1000000, 9999999)}</td>
<td class=r><div class=big>Handelsrechnung</div>Commercial Invoice</td></tr></table><br>
<table width='100%'><tr><td><b>Käufer / Buyer</b><br>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{city}<br>{country}</td>
<td><b>Empfänger / Consignee</b><br>{e(consignee)}<br>Lager {r.randint(1, 9)}<br>{city}<br>{country}</td>
<td><table><tr><td>Rechnungs-Nr. / Invoice No.</td><td>{number}</td></tr><tr><td>Datum / Date</td><td>{date(inv.issue, 'de')}</td></tr>
<tr><td>Auftrag / Order</td><td>{inv.order}</td></tr><tr><td>Lieferbedingung / Incoterms</td><td>{r.choice(['FCA Hamburg', 'DAP Zürich', 'EXW Bergheim', 'CPT Oslo'])} 2020</td></tr>
<tr><td>Versand / Shipment</td><td>{r.choice(['LKW', 'Luftfracht', 'Seefracht'])} · {r.randint(1, 12)} Packstücke</td></tr></table></td></tr></table><br>
<table class=items width='100%'><tr><th>Pos.</th><th>Warenbezeichnung / Description</th><th class=r>Menge</th><th class=r>Netto kg</th><th class=r>Preis EUR</th><th class=r>Betrag EUR</th></tr>{rows}</table>
<table width='100%' style='margin-top:8px'><tr><td>Nettogewicht / Net weight: {fmt_kg(kg)} kg<br>Bruttogewicht / Gross weight: {fmt_kg(gross_kg)} kg<br>
Ursprungsland / Country of origin: Deutschland</td>
<td><table style='margin-left:auto'><tr><td>Warenwert / Value of goods</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>USt. 0 %</td><td class=r>{money(0, 'de')}</td></tr>
<tr><td><b>Rechnungsbetrag / Invoice total</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table></td></tr></table>
<p>Steuerfreie Ausfuhrlieferung gemäß § 4 Nr. 1a i. V. m. § 6 UStG. Zahlungsziel: {inv.days} Tage netto, fällig am {date(inv.due, 'de')}.</p>
<p class=small>Der Ausführer der Waren, auf die sich dieses Handelspapier bezieht, erklärt, dass diese Waren, soweit nicht anders angegeben,
präferenzbegünstigte Ursprungswaren der EU sind.</p>"""
    return number, page(body, footer3(inv, "de"))


def de_lv_titelsummen(r, inv):
    """A builder's final invoice laid out as the bill of quantities ('Leistungsverzeichnis'): positions numbered
    '01.001', grouped under titles ('Titel 01 Erdarbeiten'), each title closed by 'Summe Titel 01'; then the
    'Zusammenstellung' repeating every title's sum, 'Nettosumme', 'zzgl. 19 % MwSt.', 'Bruttosumme'; the building
    project ('Bauvorhaben') and the 'Leistungszeitraum' with its dates; 'Schlussrechnung Nr.'."""
    number = f"SR-{inv.issue.year}-{r.randint(100, 999)}"
    inv.rate = 19.0
    titles = r.sample(["Erdarbeiten", "Maurerarbeiten", "Betonarbeiten", "Putzarbeiten", "Abbrucharbeiten", "Außenanlagen"], r.randint(2, 3))
    units = ["m³", "m²", "lfm", "Stk", "psch"]
    work = {"Erdarbeiten": ["Baugrube ausheben", "Boden abfahren", "Verfüllen und verdichten"],
            "Maurerarbeiten": ["Mauerwerk KS 24 cm", "Sturz einbauen", "Schlitze herstellen"],
            "Betonarbeiten": ["Bodenplatte C25/30", "Schalung Fundament", "Bewehrung liefern"],
            "Putzarbeiten": ["Innenputz Kalkgips", "Eckschutzschienen", "Sockelputz"],
            "Abbrucharbeiten": ["Wand abbrechen", "Bauschutt entsorgen", "Estrich entfernen"],
            "Außenanlagen": ["Pflaster verlegen", "Randsteine setzen", "Rasen ansäen"]}
    rows, sums, lines = "", [], []
    for t, title in enumerate(titles, 1):
        rows += f"<tr><td colspan=6><b>Titel {t:02d} {title}</b></td></tr>"
        total = 0.0
        for k, what in enumerate(r.sample(work[title], r.randint(2, 3)), 1):
            q = round(r.uniform(2, 180), 2)
            p = round(r.uniform(8, 95), 2)
            a = round(q * p, 2)
            total += a
            lines.append((what, q, p, a))
            rows += (f"<tr><td>{t:02d}.{k:03d}</td><td>{what}</td><td class=r>{money(q, 'de', False)}</td><td>{r.choice(units)}</td>"
                     f"<td class=r>{money(p, 'de', False)}</td><td class=r>{money(a, 'de', False)}</td></tr>")
        total = round(total, 2)
        sums.append((t, title, total))
        rows += f"<tr><td></td><td colspan=4 class=r><b>Summe Titel {t:02d}</b></td><td class=r><b>{money(total, 'de', False)}</b></td></tr>"
    inv.lines = lines
    inv.net = round(sum(x for *_, x in sums), 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    start = inv.issue - dt.timedelta(days=r.randint(40, 120))
    end = inv.issue - dt.timedelta(days=r.randint(2, 20))
    summary = "".join(f"<tr><td>Titel {t:02d} {title}</td><td class=r>{money(x, 'de')}</td></tr>" for t, title, x in sums)
    body = f"""
<div class=small>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</div>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td>
<td class=r>Schlussrechnung Nr. {number}<br>Datum: {date(inv.issue, 'de')}<br>Kunden-Nr.: {inv.customer}</td></tr></table><br>
<div class=big>Schlussrechnung</div>
<p>Bauvorhaben: Neubau Wohnhaus, {e(inv.bstreet)}, {e(inv.bcity)}<br>Leistungszeitraum: {date(start, 'de')} bis {date(end, 'de')}<br>
Auftrag vom {date(inv.order_date - dt.timedelta(days=60), 'de')}, Angebot Nr. {r.randint(1000, 9999)}</p>
<table class=items width='100%'><tr><th>Pos.</th><th>Leistung</th><th class=r>Menge</th><th>Einheit</th><th class=r>EP EUR</th><th class=r>GP EUR</th></tr>{rows}</table>
<h4>Zusammenstellung</h4>
<table style='margin-left:auto'>{summary}
<tr><td><b>Nettosumme</b></td><td class=r><b>{money(inv.net, 'de')}</b></td></tr>
<tr><td>zzgl. {inv.rate:g} % MwSt.</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Bruttosumme</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlbar innerhalb von {inv.days} Tagen nach Rechnungseingang ohne Abzug (bis {date(inv.due, 'de')}).</p>"""
    return number, page(body, footer3(inv, "de"))


def de_getraenke_pfand(r, inv):
    """A drinks wholesaler's delivery invoice: crates with their deposit on a line of their own ('Pfand 20 x 0,08 €',
    'Kastenpfand 1,50 €'), empties taken back as negative lines ('Leergut-Rücknahme'), food at 7 % and drinks at 19 %
    in a column 'MwSt' (1 = 7 %, 2 = 19 %), the tax by rate under the items, then 'Summe netto', 'MwSt gesamt',
    'Endbetrag'; 'Lieferschein/Rechnung Nr.', 'Tour', 'Fahrer'."""
    number = str(r.randint(400000, 899999))
    drinks = [("Mineralwasser 12 x 0,7 l", 5.49, 12), ("Apfelschorle 12 x 1,0 l", 8.99, 12), ("Pils 20 x 0,5 l", 13.90, 20),
              ("Cola 12 x 1,0 l", 10.49, 12), ("Orangensaft 6 x 1,0 l", 9.29, 6)]
    food = [("Chips Paprika 10 x 175 g", 12.90), ("Erdnüsse 12 x 200 g", 14.40), ("Salzstangen 15 x 250 g", 11.25)]
    rows, net = [], {7: 0.0, 19: 0.0}
    for d, p, bottles in r.sample(drinks, r.randint(2, 4)):
        q = r.randint(1, 12)
        bottle = 0.15 if bottles == 20 else 0.08
        rows.append((d, q, p, round(q * p, 2), 2))
        rows.append((f"Pfand {bottles} x {money(bottle, 'de')}", q, round(bottles * bottle, 2), round(q * bottles * bottle, 2), 2))
        rows.append(("Kastenpfand", q, 1.50, round(q * 1.5, 2), 2))
    for d, p in r.sample(food, r.randint(0, 2)):
        q = r.randint(1, 4)
        rows.append((d, q, p, round(q * p, 2), 1))
    back = r.randint(2, 10)
    rows.append(("Leergut-Rücknahme Kasten", -back, 1.50, round(-back * 1.5, 2), 2))
    rows.append(("Leergut-Rücknahme Flaschen", -back * 12, 0.08, round(-back * 12 * 0.08, 2), 2))
    for *_, a, k in rows:
        net[7 if k == 1 else 19] += a
    net = {k: round(v, 2) for k, v in net.items()}
    tax = {k: round(v * k / 100, 2) for k, v in net.items()}
    inv.lines = [(d, q, p, a) for d, q, p, a, _ in rows]
    inv.net = round(net[7] + net[19], 2)
    inv.tax = round(tax[7] + tax[19], 2)
    inv.total = round(inv.net + inv.tax, 2)
    inv.rate = 19.0
    m = lambda x: money(x, "de", False)
    items = "".join(f"<tr><td>{e(d)}</td><td class=r>{q}</td><td class=r>{m(p)}</td><td class=r>{m(a)}</td><td class=r>{k}</td></tr>" for d, q, p, a, k in rows)
    rates = "".join(f"<tr><td>{k} = {v} %</td><td class=r>{m(net[v])}</td><td class=r>{m(tax[v])}</td></tr>" for k, v in [(1, 7), (2, 19)] if net[v])
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>Getränkefachgroßhandel<br>{e(inv.street)} · {e(inv.city)}<br>Tel. 0{r.randint(200, 999)} {r.randint(100000, 999999)}</td>
<td class=r>Lieferschein/Rechnung Nr. {number}<br>Datum: {date(inv.issue, 'de')}<br>Kunden-Nr. {inv.customer}<br>Tour {r.randint(1, 30)} · Fahrer {r.choice(FIRST)}</td></tr></table><br>
<p>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<table class=items width='100%'><tr><th>Artikel</th><th class=r>Menge</th><th class=r>Preis</th><th class=r>Betrag</th><th class=r>MwSt</th></tr>{items}</table>
<table style='margin-top:8px'><tr><th>MwSt</th><th class=r>Netto</th><th class=r>Steuer</th></tr>{rates}</table>
<table style='margin-left:auto'><tr><td>Summe netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>MwSt gesamt</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Endbetrag</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Betrag wird am {date(inv.due, 'de')} von Ihrem Konto abgebucht (SEPA-Lastschrift, Mandat {r.randint(10000, 99999)}).</p>"""
    return number, page(body, footer3(inv, "de"))


def fr_facture_recapitulative(r, inv):
    """A French monthly summary invoice over several delivery notes ('Facture récapitulative'): a row per delivery
    note ('BL n° 4512 du 03/02/2026') with its amount excl. VAT, the month covered ('Période : février 2026'), then
    'Total HT', 'TVA 20 %', 'Total TTC', 'Net à payer'; 'Facture n°', 'Date de facture', 'Échéance'."""
    number = f"FR{inv.issue.year % 100:02d}{inv.issue.month:02d}-{r.randint(100, 999)}"
    month_start = (inv.issue.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
    notes = []
    for _ in range(r.randint(3, 7)):
        d = month_start + dt.timedelta(days=r.randint(0, 27))
        notes.append((d, r.randint(1000, 9999), round(r.uniform(40, 1600), 2)))
    notes.sort()
    inv.lines = [(f"BL n° {n} du {date(d, 'fr')}", 1, a, a) for d, n, a in notes]
    inv.net = round(sum(a for *_, a in notes), 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    rows = "".join(f"<tr><td>BL n° {n}</td><td>{date(d, 'fr')}</td><td>Réf. cde {r.randint(100, 999)}</td><td class=r>{money(a, 'fr')}</td></tr>" for d, n, a in notes)
    bank = f"<p>Règlement par virement : IBAN {grouped(inv.iban)} – BIC {inv.bic}</p>" if inv.show_iban else "<p>Règlement par virement à réception.</p>"
    body = f"""
<table width='100%'><tr><td><b style='font-size:15pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>SIRET {inv.siren}000{r.randint(10, 99)}</td>
<td class=r><div class=big>Facture récapitulative</div>Facture n° {number}<br>Date de facture : {date(inv.issue, 'fr')}<br>Échéance : {date(inv.due, 'fr')}</td></tr></table><br>
<p style='margin-left:55%'>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Code client : {inv.customer}</p>
<p>Période : {months[month_start.month - 1]} {month_start.year} – récapitulatif des bons de livraison</p>
<table class=items width='100%'><tr><th>Bon de livraison</th><th>Date</th><th>Référence</th><th class=r>Montant HT</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Total HT</td><td class=r>{money(inv.net, 'fr')}</td></tr>
<tr><td>TVA {inv.rate:g} %</td><td class=r>{money(inv.tax, 'fr')}</td></tr><tr><td>Total TTC</td><td class=r>{money(inv.total, 'fr')}</td></tr>
<tr><td><b>Net à payer</b></td><td class=r><b>{money(inv.total, 'fr')}</b></td></tr></table>
{bank}"""
    return number, page(body, footer3(inv, "fr"))



def en_invoice_ninja(r, inv):
    """An open-source invoicing app's English template: the seller's block at the top right beside an empty logo frame,
    at the left a key/value block 'Invoice Number / PO Number / Invoice Date / Due Date / Balance Due' (the last on a grey
    bar) beside the client's block, dates as 'Mar 4, 2026', amounts as '€1,234.56', items 'Item | Description | Unit Cost
    | Quantity | Line Total', totals 'Subtotal / VAT 19% / Total / Paid to Date / Balance Due' (sometimes with a deposit
    paid, so that the balance is not the total), and the payment terms with the bank under 'Terms'."""
    number = f"{r.randint(1, 3999):04d}"
    us = lambda d: d.strftime("%b %d, %Y").replace(" 0", " ")
    eur = lambda x: f"€{x:,.2f}"
    paid = round(inv.total * r.choice([0.2, 0.3, 0.5]), 0) if r.random() < 0.35 else 0.0
    balance = round(inv.total - paid, 2)
    mail = inv.seller.split()[0].lower()
    rows = "".join(f"<tr><td>{r.choice(['SRV', 'HW', 'LIC', 'SUP'])}-{r.randint(10, 99)}</td><td>{e(d)}</td><td class=r>{eur(p)}</td>"
                   f"<td class=r>{q:g}</td><td class=r>{eur(a)}</td></tr>" for d, q, p, a in inv.lines)
    bank = f" Bank transfer to IBAN {grouped(inv.iban)}, BIC {inv.bic}." if inv.show_iban else ""
    body = f"""
<table width='100%'><tr><td style='width:45%'><div style='border:1px solid #bbb; width:130px; height:48px'></div></td>
<td class=r><b style='font-size:12pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Germany<br>VAT Number: {inv.vat}<br>billing@{e(mail)}.example</td></tr></table><br>
<table width='100%'><tr><td style='width:50%'><table>
<tr><td>Invoice Number</td><td><b>{number}</b></td></tr><tr><td>PO Number</td><td>{e(inv.order)}</td></tr>
<tr><td>Invoice Date</td><td>{us(inv.issue)}</td></tr><tr><td>Due Date</td><td>{us(inv.due)}</td></tr>
<tr class=grey><td><b>Balance Due</b></td><td><b>{eur(balance)}</b></td></tr></table></td>
<td><b>{e(inv.buyer)}</b><br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Germany<br>accounts@{e(inv.buyer.split()[0].lower())}.example</td></tr></table><br>
<table class=items width='100%'><tr><th>Item</th><th>Description</th><th class=r>Unit Cost</th><th class=r>Quantity</th><th class=r>Line Total</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Subtotal</td><td class=r>{eur(inv.net)}</td></tr>
<tr><td>VAT {inv.rate:g}%</td><td class=r>{eur(inv.tax)}</td></tr><tr><td>Total</td><td class=r>{eur(inv.total)}</td></tr>
<tr><td>Paid to Date</td><td class=r>{eur(paid)}</td></tr>
<tr class=grey><td><b>Balance Due</b></td><td class=r><b>{eur(balance)}</b></td></tr></table>
<p><b>Terms</b><br>Payment due within {inv.days} days of the invoice date.{bank}</p>"""
    return number, page(body)


def de_lexware(r, inv):
    """A German online bookkeeping tool's invoice: the sender line over the address window, at the right a grid of labels
    over their values ('Rechnungsnr.' and 'Kundennr.' side by side, 'Datum' and 'Leistungsdatum' under them), a title
    'Rechnung Nr. RE1043' with a greeting, items 'Pos. | Beschreibung | Menge | Einzelpreis | Gesamtpreis' with the unit
    in the quantity ('3 Std.'), 'Gesamtbetrag netto / zzgl. Umsatzsteuer 19 % / Gesamtbetrag brutto', terms as a sentence
    with no due date printed, and a footer in four columns, the last with 'USt-IdNr.' and 'Steuernummer'."""
    number = f"RE{r.randint(1000, 9999)}"
    inv.due = None
    units = ["Std.", "Stk.", "Pauschal", "m²"]
    rows = "".join(f"<tr><td>{i + 1}.</td><td>{e(d)}</td><td class=r>{f'{q:g}'.replace('.', ',')} {r.choice(units)}</td>"
                   f"<td class=r>{money(p, 'de')}</td><td class=r>{money(a, 'de')}</td></tr>" for i, (d, q, p, a) in enumerate(inv.lines))
    grid = (f"<table style='float:right'><tr><td class=small>Rechnungsnr.</td><td class=small>Kundennr.</td></tr>"
            f"<tr><td>{number}</td><td>{inv.customer}</td></tr>"
            f"<tr><td class=small>Datum</td><td class=small>Leistungsdatum</td></tr>"
            f"<tr><td>{date(inv.issue, 'de')}</td><td>{date(inv.delivery, 'de')}</td></tr></table>")
    tax_no = f"{r.randint(10, 99)}/{r.randint(100, 999)}/{r.randint(10000, 99999)}"
    bank = (f"{e(r.choice(['Sparkasse', 'Volksbank', 'Commerzbank', 'Postbank']))}<br>IBAN {grouped(inv.iban)}<br>BIC {inv.bic}") if inv.show_iban else ""
    foot = (f"<div class=footer><table width='100%'><tr><td style='width:25%'>{e(inv.seller)}<br>{e(inv.street)}<br>{e(inv.city)}</td>"
            f"<td style='width:25%'>Tel. 0{r.randint(100, 999)} {r.randint(100000, 999999)}<br>info@{e(inv.seller.split()[0].lower())}.example</td>"
            f"<td style='width:25%'>{bank}</td><td style='width:25%'>USt-IdNr. {inv.vat}<br>Steuernummer {tax_no}<br>Geschäftsführung {e(inv.contact)}</td></tr></table></div>")
    body = f"""
<br><br><div class=small><u>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</u></div>
<table width='100%'><tr><td>{e(inv.buyer)}<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</td><td>{grid}</td></tr></table>
<br><br><div style='font-size:14pt; font-weight:bold'>Rechnung Nr. {number}</div>
<p>Sehr geehrte Damen und Herren,<br>vielen Dank für Ihren Auftrag und das damit verbundene Vertrauen! Hiermit stelle ich Ihnen die folgenden Leistungen in Rechnung:</p>
<table class=items width='100%'><tr><th>Pos.</th><th>Beschreibung</th><th class=r>Menge</th><th class=r>Einzelpreis</th><th class=r>Gesamtpreis</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td>Gesamtbetrag netto</td><td class=r>{money(inv.net, 'de')}</td></tr>
<tr><td>zzgl. Umsatzsteuer {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de')}</td></tr>
<tr><td><b>Gesamtbetrag brutto</b></td><td class=r><b>{money(inv.total, 'de')}</b></td></tr></table>
<p>Zahlungsbedingungen: Zahlung innerhalb von {inv.days} Tagen ab Rechnungseingang ohne Abzüge.</p><p>Mit freundlichen Grüßen<br>{e(inv.contact)}</p>"""
    return number, page(body, foot)


def _words_en(n):
    ones = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    tens = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
    if n < 20:
        return ones[n]
    if n < 100:
        return tens[n // 10] + ("-" + ones[n % 10] if n % 10 else "")
    if n < 1000:
        return ones[n // 100] + " hundred" + (" " + _words_en(n % 100) if n % 100 else "")
    return _words_en(n // 1000) + " thousand" + (" " + _words_en(n % 1000) if n % 1000 else "")


def en_zoho_books(r, inv):
    """An English invoice from a cloud bookkeeping app: the seller's block at the top left, 'TAX INVOICE' at the right with
    '# INV-000123' under it and 'Balance Due' over the amount in large type; 'Bill To' at the left and at the right 'Invoice
    Date : 04 Mar 2026 / Terms : Net 30 / Due Date : 03 Apr 2026 / P.O.# : …'; items '# | Item & Description | Qty | Rate |
    Amount' ('2.00 pcs'); 'Sub Total / Standard Rate (19%) / Total / Balance Due'; 'Total In Words: Euro One Thousand …
    Only'; 'Notes' and 'Terms & Conditions' with the bank details."""
    number = f"INV-{r.randint(1, 999999):06d}"
    d = lambda x: x.strftime("%d %b %Y")
    eur = lambda x: f"€{x:,.2f}"
    euros, cents = int(inv.total), round(inv.total * 100) % 100
    words = "Euro " + _words_en(euros).title() + (f" and {_words_en(cents).title()} Cents" if cents else "") + " Only"
    rows = "".join(f"<tr><td>{i + 1}</td><td>{e(dd)}</td><td class=r>{q:.2f} pcs</td><td class=r>{p:,.2f}</td><td class=r>{a:,.2f}</td></tr>"
                   for i, (dd, q, p, a) in enumerate(inv.lines))
    bank = f"<br>Bank: IBAN {grouped(inv.iban)} · BIC {inv.bic}" if inv.show_iban else ""
    body = f"""
<table width='100%'><tr><td><b style='font-size:12pt'>{e(inv.seller)}</b><br>{e(inv.street)}<br>{e(inv.city)}<br>Germany<br>VAT Reg No: {inv.vat}</td>
<td class=r><div style='font-size:20pt'>TAX INVOICE</div><b># {number}</b><br><br><span class=small>Balance Due</span><br><b style='font-size:13pt'>{eur(inv.total)}</b></td></tr></table><br>
<table width='100%'><tr><td style='width:55%'>Bill To<br><b>{e(inv.buyer)}</b><br>{e(inv.bstreet)}<br>{e(inv.bcity)}<br>Germany</td>
<td><table style='float:right'><tr><td class=r>Invoice Date :</td><td class=r>{d(inv.issue)}</td></tr><tr><td class=r>Terms :</td><td class=r>Net {inv.days}</td></tr>
<tr><td class=r>Due Date :</td><td class=r>{d(inv.due)}</td></tr><tr><td class=r>P.O.# :</td><td class=r>{e(inv.order)}</td></tr></table></td></tr></table><br>
<table class=items width='100%'><tr><th>#</th><th>Item &amp; Description</th><th class=r>Qty</th><th class=r>Rate</th><th class=r>Amount</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'><tr><td class=r>Sub Total</td><td class=r>{inv.net:,.2f}</td></tr>
<tr><td class=r>Standard Rate ({inv.rate:g}%)</td><td class=r>{inv.tax:,.2f}</td></tr><tr><td class=r><b>Total</b></td><td class=r><b>{eur(inv.total)}</b></td></tr>
<tr class=grey><td class=r><b>Balance Due</b></td><td class=r><b>{eur(inv.total)}</b></td></tr></table>
<p>Total In Words: <i>{e(words)}</i></p>
<p>Notes<br><span class=small>Thanks for your business.</span></p>
<p>Terms &amp; Conditions<br><span class=small>Payment within {inv.days} days.{bank}</span></p>"""
    return number, page(body)


def de_abruf_rahmenvertrag(r, inv):
    """A German industrial supplier's invoice for a call-off from a framework order: under the title a grid of numbers side
    by side, 'Rechnung Nr. | Datum | Kunden-Nr. | Rahmenauftrag | Abruf-Nr. | Lieferschein-Nr.' over their values (the
    delivery note's number as long as the invoice's), 'Bestelldatum' and 'Lieferdatum' in a second row; items 'Pos |
    Artikel-Nr. | Bezeichnung | Menge | ME | Preis/ME | Betrag'; then 'Warenwert', 'Fracht und Verpackung',
    'Mindermengenzuschlag', 'Nettobetrag', 'MwSt. 19 %', 'Endbetrag EUR'; terms in days with a discount and no dates."""
    number = str(r.randint(4000000, 4999999))
    inv.due = None
    freight = round(r.uniform(8, 60), 2)
    surcharge = r.choice([0.0, 15.0, 25.0])
    goods = inv.net
    inv.net = round(goods + freight + surcharge, 2)
    inv.tax = round(inv.net * inv.rate / 100, 2)
    inv.total = round(inv.net + inv.tax, 2)
    rows = "".join(f"<tr><td>{(i + 1) * 10}</td><td>{r.randint(100000, 999999)}</td><td>{e(d)}</td><td class=r>{f'{q:g}'.replace('.', ',')}</td>"
                   f"<td>{r.choice(['ST', 'KG', 'M', 'PAK'])}</td><td class=r>{money(p, 'de', symbol=False)}</td><td class=r>{money(a, 'de', symbol=False)}</td></tr>"
                   for i, (d, q, p, a) in enumerate(inv.lines))
    head = ["Rechnung Nr.", "Datum", "Kunden-Nr.", "Rahmenauftrag", "Abruf-Nr.", "Lieferschein-Nr."]
    vals = [number, date(inv.issue, "de"), inv.customer, f"RA-{r.randint(1000, 9999)}", str(r.randint(1, 24)), str(r.randint(8000000, 8999999))]
    grid = ("<table class=items width='100%'><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr><tr>" + "".join(f"<td>{e(v)}</td>" for v in vals)
            + f"</tr><tr><th>Bestelldatum</th><th>Lieferdatum</th><th colspan=4>Versandart</th></tr><tr><td>{date(inv.order_date, 'de')}</td>"
            f"<td>{date(inv.delivery, 'de')}</td><td colspan=4>{r.choice(['Spedition frei Haus', 'Paketdienst', 'Abholung'])}</td></tr></table>")
    lines = [("Warenwert", goods), ("Fracht und Verpackung", freight)] + ([("Mindermengenzuschlag", surcharge)] if surcharge else [])
    totals = "".join(f"<tr><td>{e(k)}</td><td class=r>{money(v, 'de', symbol=False)}</td></tr>" for k, v in lines)
    body = f"""
<table width='100%'><tr><td><b style='font-size:14pt'>{e(inv.seller)}</b><br>{e(inv.street)} · {e(inv.city)}</td>
<td class=r>Tel. 0{r.randint(100, 999)} {r.randint(10000, 99999)}-0<br>www.{e(inv.seller.split()[0].lower())}.example</td></tr></table><br>
<div class=small><u>{e(inv.seller)} · {e(inv.street)} · {e(inv.city)}</u></div>
<p>{e(inv.buyer)}<br>Wareneingang<br>{e(inv.bstreet)}<br>{e(inv.bcity)}</p>
<div class=big>Rechnung</div>{grid}<br>
<table class=items width='100%'><tr><th>Pos</th><th>Artikel-Nr.</th><th>Bezeichnung</th><th class=r>Menge</th><th>ME</th><th class=r>Preis/ME</th><th class=r>Betrag</th></tr>{rows}</table>
<table style='margin-left:auto; margin-top:8px'>{totals}
<tr><td>Nettobetrag</td><td class=r>{money(inv.net, 'de', symbol=False)}</td></tr>
<tr><td>MwSt. {inv.rate:g} %</td><td class=r>{money(inv.tax, 'de', symbol=False)}</td></tr>
<tr><td><b>Endbetrag EUR</b></td><td class=r><b>{money(inv.total, 'de', symbol=False)}</b></td></tr></table>
<p>Zahlung: {inv.days} Tage netto, {min(14, inv.days - 1) if inv.days > 10 else 7} Tage 2 % Skonto.</p>"""
    return number, page(body, footer3(inv, "de"))

LAYOUTS = [de_window, de_keyvalue, de_english, fr_odoo, fr_classic, de_multipage, fr_blocks, de_columns, de_two_rates, fr_franchise,
           de_viewer, fr_acompte, de_abschlag, de_grid_totals, fr_rate_table, de_letter_inclusive, de_kleinunternehmer, fr_english,
           de_reverse_charge, de_skonto_rabatt, fr_remise_port, de_english_us, fr_chorus, de_handwerker,
           de_logo_image, at_rechnung, fr_avoir_negatif, de_dot_leaders, en_xero_style,
           nl_factuur, be_facture, ie_invoice, de_storno,
           fr_energie, de_brand_logo, fr_marque, de_xrechnung_view,
           de_bilingual, de_sammelrechnung, de_kleinbetrag, de_hotel,
           de_abschlagsrechnung, fr_facture_acompte, en_columns,
           fr_bl_facture, de_ihre_ustid, fr_notre_votre,
           de_versand_endbetrag, fr_points_abbrev, en_uk_ordinal, de_einzeilig, de_brutto_positionen, fr_fin_de_mois,
           es_factura, it_fattura, fr_ttc_dont, en_usd_export, de_lastschrift,
           fr_report_pages, nl_btw_verlegd, fr_auto_entrepreneur, de_stunden,
           de_barverkauf, de_lieferadresse, en_terms_2_10, fr_acompte_deduit,
           ch_qr_rechnung, fr_dolibarr, de_grosshandel, de_ueberweisung, fr_situation,
           de_sidebar, fr_facture_a, de_kaestchen, fr_devis_ref,
           de_fliesstext, fr_centre, de_betrag_oben, en_bill_ship,
           fr_marque_pied, de_beleg, en_amount_due_box, de_summenzeile,
           de_von_an, fr_simplifiee, en_reverse_charge, en_expiration,
           it_cortesia, es_emisor, en_within_days,
           en_saas, de_sap_beleg, fr_sage_grid, fr_mentions_legales,
           de_shop_brutto, fr_multi_taux, en_deposit_balance, fr_hotel_note,
           en_marketplace, fr_majuscules, de_leitweg, de_druckdatum,
           de_bezugszeichen, fr_retenue_garantie, en_meta_row, fr_escompte,
           de_sevdesk, fr_ebp_horizontal, en_odoo,
           fr_de_a, de_gespiegelt, en_freelancer,
           en_quickbooks, en_credit_memo, de_schmal_briefkopf, de_ersetzt,
           fr_pennylane, de_skonto_betrag, nl_exact, de_kanzlei,
           en_stripe, de_kfz_werkstatt, de_querformat, fr_arretee,
           de_zwei_banken, fr_telecom, de_stromrechnung, en_peppol_view,
           de_kopie, de_randvermerk, de_strich, de_kassenbon,
           fr_acquittee, fr_ticket, de_einzelnachweis, ch_eur_gegenwert,
           de_kleingedruckt, fr_zebra, de_umbruch, de_nadeldrucker,
           de_eingangsstempel, de_fax, en_remittance, fr_cachet,
           de_quittung, de_positionen_mehrzeilig, fr_cgv, de_vorkasse,
           de_zahlschein, de_arztrechnung, fr_autoliquidation, de_agb_rueckseite,
           fr_note_honoraires, fr_doit, de_35a, de_spedition,
           de_tankbeleg, fr_rectificative, fr_livraison_intracom, de_email_druck,
           de_miete, fr_export_usd, de_onlineshop_retoure, de_taxiquittung,
           en_gb_vat, fr_cheque, de_sicherheitseinbehalt, de_zwei_steuersaetze_bon,
           de_gutschriftverfahren, fr_devise_tva_eur, ch_rundung, fr_lcr,
           de_ratenzahlung, de_englisches_zahlenformat, de_stundennachweis, de_bewirtungsbeleg,
           fr_transport, fr_eco_participation, fr_location_vehicule, fr_addition,
           de_dunkler_kopf, fr_mentions_verticales, de_kleinschrift, de_steuermatrix,
           de_handelsrechnung_zoll, de_lv_titelsummen, de_getraenke_pfand, fr_facture_recapitulative,
           en_invoice_ninja, de_lexware, en_zoho_books, de_abruf_rahmenvertrag]
LANG = {de_window: "de", de_keyvalue: "de", de_english: "de", fr_odoo: "fr", fr_classic: "fr", de_multipage: "de",
        fr_blocks: "fr", de_columns: "de", de_two_rates: "de", fr_franchise: "fr", de_viewer: "de", fr_acompte: "fr", de_abschlag: "de",
        de_grid_totals: "de", fr_rate_table: "fr", de_letter_inclusive: "de", de_kleinunternehmer: "de", fr_english: "fr",
        de_reverse_charge: "de", de_skonto_rabatt: "de", fr_remise_port: "fr", de_english_us: "de", fr_chorus: "fr", de_handwerker: "de",
        de_logo_image: "de", at_rechnung: "de", fr_avoir_negatif: "fr", de_dot_leaders: "de", en_xero_style: "fr",
        nl_factuur: "de", be_facture: "fr", ie_invoice: "fr", de_storno: "de",
        fr_energie: "fr", de_brand_logo: "de", fr_marque: "fr", de_xrechnung_view: "de",
        de_bilingual: "de", de_sammelrechnung: "de", de_kleinbetrag: "de", de_hotel: "de",
        de_abschlagsrechnung: "de", fr_facture_acompte: "fr", en_columns: "de",
        fr_bl_facture: "fr", de_ihre_ustid: "de", fr_notre_votre: "fr",
        de_versand_endbetrag: "de", fr_points_abbrev: "fr", en_uk_ordinal: "de", de_einzeilig: "de", de_brutto_positionen: "de", fr_fin_de_mois: "fr",
        es_factura: "de", it_fattura: "de", fr_ttc_dont: "fr", en_usd_export: "de", de_lastschrift: "de",
        fr_report_pages: "fr", nl_btw_verlegd: "de", fr_auto_entrepreneur: "fr", de_stunden: "de",
        de_barverkauf: "de", de_lieferadresse: "de", en_terms_2_10: "de", fr_acompte_deduit: "fr",
        ch_qr_rechnung: "de", fr_dolibarr: "fr", de_grosshandel: "de", de_ueberweisung: "de", fr_situation: "fr",
        de_sidebar: "de", fr_facture_a: "fr", de_kaestchen: "de", fr_devis_ref: "fr",
        de_fliesstext: "de", fr_centre: "fr", de_betrag_oben: "de", en_bill_ship: "de",
        fr_marque_pied: "fr", de_beleg: "de", en_amount_due_box: "fr", de_summenzeile: "de",
        de_von_an: "de", fr_simplifiee: "fr", en_reverse_charge: "fr", en_expiration: "de",
        it_cortesia: "de", es_emisor: "de", en_within_days: "de",
        en_saas: "de", de_sap_beleg: "de", fr_sage_grid: "fr", fr_mentions_legales: "fr",
        de_shop_brutto: "de", fr_multi_taux: "fr", en_deposit_balance: "de", fr_hotel_note: "fr",
        en_marketplace: "de", fr_majuscules: "fr", de_leitweg: "de", de_druckdatum: "de",
        de_bezugszeichen: "de", fr_retenue_garantie: "fr", en_meta_row: "de", fr_escompte: "fr",
        de_sevdesk: "de", fr_ebp_horizontal: "fr", en_odoo: "de",
        fr_de_a: "fr", de_gespiegelt: "de", en_freelancer: "de",
        en_quickbooks: "de", en_credit_memo: "de", de_schmal_briefkopf: "de", de_ersetzt: "de",
        fr_pennylane: "fr", de_skonto_betrag: "de", nl_exact: "de", de_kanzlei: "de",
        en_stripe: "de", de_kfz_werkstatt: "de", de_querformat: "de", fr_arretee: "fr",
        de_zwei_banken: "de", fr_telecom: "fr", de_stromrechnung: "de", en_peppol_view: "de",
        de_kopie: "de", de_randvermerk: "de", de_strich: "de", de_kassenbon: "de",
        fr_acquittee: "fr", fr_ticket: "fr", de_einzelnachweis: "de", ch_eur_gegenwert: "de",
        de_kleingedruckt: "de", fr_zebra: "fr", de_umbruch: "de", de_nadeldrucker: "de",
        de_eingangsstempel: "de", de_fax: "de", en_remittance: "de", fr_cachet: "fr",
        de_quittung: "de", de_positionen_mehrzeilig: "de", fr_cgv: "fr", de_vorkasse: "de",
        de_zahlschein: "de", de_arztrechnung: "de", fr_autoliquidation: "fr", de_agb_rueckseite: "de",
        fr_note_honoraires: "fr", fr_doit: "fr", de_35a: "de", de_spedition: "de",
        de_tankbeleg: "de", fr_rectificative: "fr", fr_livraison_intracom: "fr", de_email_druck: "de",
        de_miete: "de", fr_export_usd: "fr", de_onlineshop_retoure: "de", de_taxiquittung: "de",
        en_gb_vat: "de", fr_cheque: "fr", de_sicherheitseinbehalt: "de", de_zwei_steuersaetze_bon: "de",
        de_gutschriftverfahren: "de", fr_devise_tva_eur: "fr", ch_rundung: "de", fr_lcr: "fr",
        de_ratenzahlung: "de", de_englisches_zahlenformat: "de", de_stundennachweis: "de", de_bewirtungsbeleg: "de",
        fr_transport: "fr", fr_eco_participation: "fr", fr_location_vehicule: "fr", fr_addition: "fr",
        de_dunkler_kopf: "de", fr_mentions_verticales: "fr", de_kleinschrift: "de", de_steuermatrix: "de",
        de_handelsrechnung_zoll: "de", de_lv_titelsummen: "de", de_getraenke_pfand: "de", fr_facture_recapitulative: "fr",
        en_invoice_ninja: "de", de_lexware: "de", en_zoho_books: "de", de_abruf_rahmenvertrag: "de"}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=4, help="invoices per layout (default 4)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--only", help="comma-separated layout names (default: all): " + ", ".join(l.__name__ for l in LAYOUTS))
    ap.add_argument("--font", help="the body's font family instead of DejaVu Sans (e.g. Carlito, 'Liberation Serif', "
                    "'Open Sans'; `fc-list : family` lists what is installed): the same layouts in another typeface")
    ap.add_argument("--font-size", type=float, help="the body's font size in points instead of 9.5")
    a = ap.parse_args()
    global CSS
    if a.font:
        if subprocess.run(["fc-list", f":family={a.font}", "family"], capture_output=True, text=True).stdout.strip() == "":
            sys.exit(f"no font family '{a.font}' is installed, and Chromium would print a fallback instead: `fc-list : family` lists "
                     "those installed; the faces of docs/benchmarks.md's round 49 come with "
                     "apt-get install fonts-crosextra-carlito fonts-open-sans fonts-liberation fonts-urw-base35")
    for flag, old, new in (("--font", "font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif;", a.font and f"font-family: '{a.font}';"),
                           ("--font-size", "font-size: 9.5pt;", a.font_size and f"font-size: {a.font_size:g}pt;")):
        if new:
            if old not in CSS:
                sys.exit(f"{flag}: the page style no longer has '{old}' to replace; update main() with CSS")
            CSS = CSS.replace(old, new, 1)
    unknown = sorted(set(a.only.split(",")) - {l.__name__ for l in LAYOUTS}) if a.only else []
    if unknown:
        sys.exit(f"no layout named {', '.join(unknown)}; --help lists them")
    layouts = [l for l in LAYOUTS if not a.only or l.__name__ in a.only.split(",")]
    if not os.access(a.chromium, os.X_OK):
        sys.exit(f"{a.chromium} is not there: install chromium (apt-get install chromium) or pass --chromium PATH")
    os.makedirs(a.out, exist_ok=True)
    r = random.Random(a.seed)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for layout in layouts:
            for i in range(a.count):
                multi = layout is de_multipage
                inv = Invoice(r, LANG[layout], credit=(i == a.count - 1 and layout in (de_window, fr_odoo, fr_classic, de_keyvalue, fr_blocks, de_columns, de_viewer, fr_rate_table, fr_dolibarr, de_kaestchen, fr_facture_a, de_sap_beleg, fr_sage_grid, fr_majuscules, de_druckdatum, de_bezugszeichen, en_meta_row, fr_ebp_horizontal, en_odoo, fr_de_a, de_gespiegelt, de_querformat)),
                              lines=r.randint(30, 50) if multi or layout is fr_report_pages else None)
                inv.show_iban = r.random() < 0.85
                number, doc = layout(r, inv)
                stem = f"{layout.__name__}_{i:02d}"
                src = os.path.join(tmp, stem + ".html")
                with open(src, "w") as f:
                    f.write(doc)
                pdf = os.path.join(a.out, stem + ".pdf")
                done = subprocess.run([a.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                       f"--print-to-pdf={pdf}", "file://" + src], capture_output=True, timeout=120)
                if done.returncode != 0 or not os.path.exists(pdf):
                    tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
                    sys.exit(f"Chromium could not print {stem}.pdf (exit {done.returncode}): " + " / ".join(tail)
                             + "\ncheck that headless Chromium runs here (./install.sh test installs it), then run this again")
                rows.append(inv.row(stem + ".pdf", layout.__name__, number))
    with open(os.path.join(a.out, "manifest.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} invoices in {len(layouts)} layouts: {a.out}")


if __name__ == "__main__":
    main()
