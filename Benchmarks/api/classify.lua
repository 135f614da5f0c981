-- wrk script for POST /v1/classify at a fixed pace: each connection waits `delay` ms between its
-- requests, so N connections give about N * 1000 / delay requests per second while latency stays
-- far below the delay. Set QUIRE_TOKEN and QUIRE_DELAY_MS in the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("QUIRE_TOKEN")
wrk.body = '{"text": "Brauhaus Technik GmbH\\nRECHNUNG\\nRechnungsnummer: RE-2026-00113\\nDatum: 08.06.2026\\nBeratungsleistungen 3.019,37 EUR\\nMwSt 19 % 573,68 EUR\\nGesamtbetrag 3.593,05 EUR\\nIBAN DE89 3704 0044 0532 0130 00"}'

local pace = tonumber(os.getenv("QUIRE_DELAY_MS") or "50")

function delay()
  return pace
end

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("requests %d in %.1f s = %.1f per second; errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
