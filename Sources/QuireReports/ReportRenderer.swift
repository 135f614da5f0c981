public import Foundation

/// Renders a ``ReportModel``: JSON (the versioned schema), CSV files, a plain-text summary and an
/// e-mail-safe HTML page (tables with inline CSS, charts as PNG files beside it).
public enum ReportRenderer {
    // MARK: JSON

    public static func json(_ model: ReportModel) throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        enc.dateEncodingStrategy = .iso8601
        enc.keyEncodingStrategy = .convertToSnakeCase
        var data = try enc.encode(model)
        data.append(0x0a)
        return data
    }

    // MARK: CSV

    /// RFC 4180 field: quoted when it holds a comma, a quote or a line break; a leading `=`, `+`,
    /// `-` or `@` is prefixed with `'` so a spreadsheet does not run it as a formula.
    static func field(_ s: String) -> String {
        var v = s
        if v.count > 1, let f = v.first, "=+-@".contains(f), Double(v) == nil { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func iso(_ d: Date?) -> String {
        guard let d else { return "" }
        let f = ISO8601DateFormatter()
        return f.string(from: d)
    }

    static func num(_ x: Double?, _ places: Int = 3) -> String {
        guard let x else { return "" }
        let s = String(format: "%.\(places)f", x)
        var t = s
        if t.contains(".") { while t.hasSuffix("0") { t.removeLast() }; if t.hasSuffix(".") { t.removeLast() } }
        return t
    }

    /// `documents.csv`, `exceptions.csv`, `review_actions.csv`, `field_metrics.csv`.
    public static func csvFiles(_ m: ReportModel) -> [String: String] {
        [
            "documents.csv": csv(["item", "pipeline", "name", "received", "finished", "state", "end_to_end_seconds", "document_type", "decision", "reviewers", "reason"],
                                 m.documents.map { d in [d.item, d.pipeline, d.name, iso(d.received), iso(d.finished), d.state, num(d.endToEndSeconds),
                                                         d.documentType ?? "", d.decision, d.reviewers.joined(separator: " "), d.reason ?? ""] }),
            "exceptions.csv": csv(["signature", "count", "message", "examples"],
                                  m.exceptions.map { [$0.signature, String($0.count), $0.message, $0.examples.joined(separator: " ")] }),
            "review_actions.csv": csv(["item", "at", "actor", "action", "seconds", "reason_code", "corrected_fields"],
                                      m.reviewActions.map { [$0.item, iso($0.at), $0.actor, $0.action, num($0.seconds), $0.reasonCode ?? "", $0.correctedFields.joined(separator: " ")] }),
            "field_metrics.csv": csv(["field", "extracted", "expected", "correct", "precision", "recall"],
                                     m.quality.fields.map { [$0.field, String($0.extracted), String($0.expected), String($0.correct), num($0.precision), num($0.recall)] }),
        ]
    }

    // MARK: Text

    static func value(_ f: ReportModel.Figure) -> String {
        guard let v = f.value else { return "-" }
        switch f.unit {
        case "%": return num(v, 1) + " %"
        case "s": return duration(v)
        case "": return num(v, 1)
        default: return money(v) + " " + f.unit
        }
    }

    static func median(_ f: ReportModel.Figure) -> String {
        guard let m = f.median7d else { return "-" }
        var g = f
        g.value = m
        return value(g)
    }

    /// An amount with two decimals, or two significant digits below one cent.
    static func money(_ x: Double) -> String {
        x == 0 || abs(x) >= 0.01 ? String(format: "%.2f", x) : num(x, 6)
    }

    static func duration(_ s: Double?) -> String {
        guard let s else { return "-" }
        if s < 1 { return "\(Int((s * 1000).rounded())) ms" }
        if s < 120 { return num(s, 1) + " s" }
        if s < 7200 { return num(s / 60, 1) + " min" }
        return num(s / 3600, 1) + " h"
    }

    public static func text(_ m: ReportModel) -> String {
        var out = "Quire nightly report \(m.date) (\(m.timeZone)) — \(m.headline.status.rawValue.uppercased())\n\n"
        for f in m.headline.figures {
            out += "  " + f.label.padding(toLength: 26, withPad: " ", startingAt: 0) + value(f).padding(toLength: 14, withPad: " ", startingAt: 0)
                + "7-day median " + median(f) + (f.status == .green ? "" : "  [\(f.status.rawValue)]") + "\n"
        }
        for n in m.headline.notes { out += "  note: \(n)\n" }
        let fu = m.funnel
        out += "\nFunnel: \(fu.received) received (and \(fu.duplicates) duplicate\(fu.duplicates == 1 ? "" : "s")) → \(fu.autoApproved) straight through, \(fu.reviewed) reviewed "
            + "(\(fu.approved) approved, \(fu.corrected) corrected, \(fu.rejected) rejected) → \(fu.dispatched) done, \(fu.failed) failed, \(fu.inProgress) in progress\n"
        out += "End to end: p50 \(duration(m.endToEnd.p50)), p95 \(duration(m.endToEnd.p95)), p99 \(duration(m.endToEnd.p99)) over \(m.endToEnd.count) documents\n"
        out += "SLA: \(m.sla.met) met, \(m.sla.missed) missed, \(m.sla.atRisk) at risk, \(m.sla.open) open\n"
        if !m.exceptions.isEmpty {
            out += "\nExceptions:\n"
            for e in m.exceptions.prefix(10) { out += "  \(e.count) × \(e.signature) — \(e.message.prefix(90)) (e.g. \(e.examples.joined(separator: ", ")))\n" }
        }
        out += "\nReview: \(m.review.decisions) decisions, handle time p50 \(duration(m.review.handleSeconds.p50)), p95 \(duration(m.review.handleSeconds.p95))"
        let corrected = m.review.correctedFields.prefix(5).map { "\($0.field) \($0.count)" }
        out += corrected.isEmpty ? "\n" : "; most corrected: \(corrected.joined(separator: ", "))\n"
        let c = m.cost
        out += "Cost: \(num(c.total, 2)) \(c.currency) (\(num(c.processingSeconds, 1)) s processing, \(num(c.reviewMinutes, 1)) review minutes), "
            + "\(c.perDocument.map(money) ?? "-") per document; \(num(c.hoursSaved, 1)) hours saved\n"
        let models = m.versions.models.keys.sorted().map { k in "\(k) " + m.versions.models[k]!.keys.sorted().map { "v\($0)" }.joined(separator: "/") }
        out += "Versions: " + m.versions.pipelines.keys.sorted().map { "\($0) v\(m.versions.pipelines[$0]!)" }.joined(separator: ", ")
            + (models.isEmpty ? "" : "; models " + models.joined(separator: ", "))
            + (m.versions.bots.isEmpty ? "" : "; bots " + m.versions.bots.keys.sorted().joined(separator: ", ")) + "\n"
        if let a = m.auditCheckpoint { out += "Audit trail: entry \(a.seq), hash \(a.hash.prefix(16))…, signed \(a.mac.prefix(16))… at \(a.at)\n" }
        return out
    }

    // MARK: HTML

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let colours: [ReportModel.Status: String] = [.green: "#1a7f37", .amber: "#b7791f", .red: "#c53030"]

    /// HTML that mail clients show: one column, tables with inline styles, the charts as `volume.png` and `latency.png` beside it.
    public static func html(_ m: ReportModel) -> String {
        let td = "style=\"padding:4px 8px;border-bottom:1px solid #e2e8f0;font-family:Arial,sans-serif;font-size:13px\""
        let th = "style=\"padding:4px 8px;border-bottom:2px solid #cbd5e0;text-align:left;font-family:Arial,sans-serif;font-size:13px\""
        let h2 = "style=\"font-family:Arial,sans-serif;font-size:16px;margin:24px 0 8px\""
        func table(_ header: [String], _ rows: [[String]]) -> String {
            "<table cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;width:100%\"><tr>" + header.map { "<th \(th)>\(esc($0))</th>" }.joined()
                + "</tr>" + rows.map { "<tr>" + $0.map { "<td \(td)>\(esc($0))</td>" }.joined() + "</tr>" }.joined() + "</table>"
        }
        let status = m.headline.status
        var o = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Quire report \(m.date)</title></head>\n"
        o += "<body style=\"margin:0;padding:16px;background:#ffffff;color:#1a202c\"><div style=\"max-width:720px\">\n"
        o += "<h1 style=\"font-family:Arial,sans-serif;font-size:20px\">Quire nightly report \(m.date)</h1>\n"
        o += "<p style=\"font-family:Arial,sans-serif;font-size:14px;padding:8px 12px;color:#ffffff;background:\(colours[status]!)\">Status: \(status.rawValue.uppercased())"
            + (m.headline.notes.isEmpty ? "" : " — " + esc(m.headline.notes.joined(separator: "; "))) + "</p>\n"
        o += "<table cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;width:100%\"><tr><th \(th)>Figure</th><th \(th)>Today</th><th \(th)>7-day median</th><th \(th)></th></tr>"
        for f in m.headline.figures {
            o += "<tr><td \(td)>\(esc(f.label))</td><td \(td)><b>\(esc(value(f)))</b></td><td \(td)>\(esc(median(f)))</td>"
                + "<td \(td)><span style=\"color:\(colours[f.status]!)\">&#9679; \(f.status.rawValue)</span></td></tr>"
        }
        o += "</table>\n"
        o += "<h2 \(h2)>Volume per hour</h2><img src=\"volume.png\" width=\"680\" alt=\"Documents received and backlog per hour\" style=\"display:block;border:0\">\n"
        let fu = m.funnel
        o += "<h2 \(h2)>Funnel</h2>" + table(["received", "duplicates", "straight through", "approved", "corrected", "rejected", "done", "failed", "in progress"],
                                          [[fu.received, fu.duplicates, fu.autoApproved, fu.approved, fu.corrected, fu.rejected, fu.dispatched, fu.failed, fu.inProgress].map(String.init)]) + "\n"
        o += "<h2 \(h2)>Latency per stage</h2><img src=\"latency.png\" width=\"680\" alt=\"p50 and p95 per stage\" style=\"display:block;border:0\">"
        o += table(["pipeline", "stage", "runs", "retries", "p50", "p95", "p99"],
                   m.latency.map { [$0.pipeline, $0.stage, String($0.seconds.count), String($0.retries), duration($0.seconds.p50), duration($0.seconds.p95), duration($0.seconds.p99)] }
                   + [["all", "end to end", String(m.endToEnd.count), "", duration(m.endToEnd.p50), duration(m.endToEnd.p95), duration(m.endToEnd.p99)]]) + "\n"
        o += "<h2 \(h2)>Exceptions</h2>" + (m.exceptions.isEmpty ? "<p style=\"font-family:Arial,sans-serif;font-size:13px\">None.</p>"
            : table(["signature", "count", "message", "examples"], m.exceptions.map { [$0.signature, String($0.count), String($0.message.prefix(140)), $0.examples.joined(separator: " ")] })) + "\n"
        o += "<h2 \(h2)>SLA</h2>" + table(["met", "missed", "at risk", "open"], [[m.sla.met, m.sla.missed, m.sla.atRisk, m.sla.open].map(String.init)]) + "\n"
        let r = m.review
        o += "<h2 \(h2)>Review workload</h2>" + table(["decisions", "handle p50", "handle p95", "open < 1 h", "1–8 h", "8–24 h", "> 24 h"],
            [[String(r.decisions), duration(r.handleSeconds.p50), duration(r.handleSeconds.p95)] + ["under_1h", "1h_8h", "8h_24h", "over_24h"].map { String(r.aging[$0] ?? 0) }])
        if !r.correctedFields.isEmpty { o += table(["most corrected field", "corrections"], r.correctedFields.prefix(10).map { [$0.field, String($0.count)] }) }
        if !r.reasons.isEmpty { o += table(["review reason", "items"], r.reasons.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }.map { [$0.key, String($0.value)] }) }
        if !r.rejectReasons.isEmpty { o += table(["reject reason", "items"], r.rejectReasons.sorted { $0.key < $1.key }.map { [$0.key, String($0.value)] }) }
        o += "\n<h2 \(h2)>Model quality</h2>"
        o += m.quality.fields.isEmpty ? "<p style=\"font-family:Arial,sans-serif;font-size:13px\">No reviewed documents that day.</p>"
            : table(["field", "extracted", "after review", "right as extracted", "precision", "recall"],
                    m.quality.fields.map { [$0.field, String($0.extracted), String($0.expected), String($0.correct), num($0.precision), num($0.recall)] })
        o += table(["confidence", "classified", "mean confidence", "confirmed by review"],
                   m.quality.calibration.filter { $0.count > 0 }.map { ["\(num($0.lower, 1))–\(num($0.upper, 1))", String($0.count), num($0.meanConfidence), num($0.accuracy)] })
        if !m.quality.drift.isEmpty { o += table(["model", "drift (PSI)"], m.quality.drift.keys.sorted().map { [$0, num(m.quality.drift[$0])] }) }
        let c = m.cost
        o += "\n<h2 \(h2)>Cost</h2>" + table(["processing", "review", "total", "per document", "hours saved"],
            [["\(num(c.processingSeconds, 1)) s", "\(num(c.reviewMinutes, 1)) min", "\(num(c.total, 2)) \(c.currency)", c.perDocument.map { "\(money($0)) \(c.currency)" } ?? "-", num(c.hoursSaved, 1)]])
        o += "\n<h2 \(h2)>Versions</h2>" + table(["what", "version"],
            m.versions.pipelines.keys.sorted().map { ["pipeline \($0)", "v\(m.versions.pipelines[$0]!)"] }
            + m.versions.models.keys.sorted().flatMap { k in m.versions.models[k]!.keys.sorted().map { ["model \(k)", "v\($0) (\(m.versions.models[k]![$0]!) decisions)"] } }
            + m.versions.bots.keys.sorted().map { ["bot \($0)", "\(m.versions.bots[$0]!) attempts"] }
            + (m.auditCheckpoint.map { a in [["audit trail", "entry \(a.seq), hash \(esc(String(a.hash.prefix(16))))…, signed \(esc(String(a.mac.prefix(16))))… at \(esc(a.at))"]] } ?? []))
        o += "\n<p style=\"font-family:Arial,sans-serif;font-size:11px;color:#718096\">Quire \(esc(m.quireVersion)), generated \(esc(iso(m.generatedAt))); "
            + "report.json (schema \(esc(m.schema))), CSV files and report.pdf are beside this page.</p>\n</div></body></html>\n"
        return o
    }
}
