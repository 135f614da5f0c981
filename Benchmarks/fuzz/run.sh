#!/bin/sh
# Runs Quire's libFuzzer targets (Tests/Fuzz) for a bounded time each; not part of CI's test run.
#
#   Benchmarks/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 600 s, every target)
#
# Builds the targets in release mode with --sanitize=fuzzer into .build-fuzz/, seeds each from
# fixtures/, pipelines/ and, where present, ../shared/corpora (the folders a target names:
# `QUIRE_FUZZ_SEEDS=1 .build-fuzz/release/FuzzPDF`), and keeps the growing corpus, crashes
# (crash-*, timeout-*, oom-*) and a summary line per target under .build-fuzz/work/<target>/.
# A crash becomes a regression test by copying its input to fixtures/fuzz/<target>/
# (QuireFuzzTests replays that folder); see docs/security.md.
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:-600}
[ $# -gt 0 ] && shift
all="FuzzPDF FuzzImage FuzzPipeline FuzzWhen FuzzBotProtocol FuzzJSON FuzzMultipart FuzzEInvoice FuzzTemplate FuzzWorkerFrame"
targets=${*:-$all}
scratch=.build-fuzz
work=$scratch/work
export QUIRE_FUZZ=1
# Swift's own crash reporter would take the signal first and exit before libFuzzer writes the input.
export SWIFT_BACKTRACE=enable=no

for t in $targets; do
    swift build -c release --sanitize=fuzzer --scratch-path "$scratch" --product "$t"
done

summary=$work/summary.txt
mkdir -p "$work"
for t in $targets; do
    bin=$scratch/release/$t
    dir=$work/$t
    mkdir -p "$dir/corpus" "$dir/crashes"
    # Seeds: the target's folders, files only, at most 2 MiB each.
    QUIRE_FUZZ_SEEDS=1 "$bin" | while IFS= read -r folder; do
        [ -d "$folder" ] || continue
        find "$folder" -maxdepth 1 -type f -size -2048k ! -name '*.md' -exec cp -n {} "$dir/corpus/" \;
    done
    # The e-invoice reader is seeded with the XML the corpora's PDFs carry (pdfdetach, poppler-utils).
    if [ "$t" = FuzzEInvoice ] && command -v pdfdetach >/dev/null && [ -d ../shared/corpora/einvoices_dev ]; then
        for pdf in ../shared/corpora/einvoices_dev/*.pdf; do
            pdfdetach -saveall -o "$dir/corpus" "$pdf" >/dev/null 2>&1 || true
        done
        find "$dir/corpus" -type f ! -name '*.xml' ! -name '*.XML' -size +0 -newer "$bin" -exec rm -f {} \; 2>/dev/null || true
    fi
    case $t in
        FuzzPDF|FuzzImage) maxlen=1048576 ;;
        FuzzEInvoice|FuzzTemplate|FuzzPipeline) maxlen=65536 ;;
        *) maxlen=8192 ;;
    esac
    start=$(date +%s)
    set +e
    "$bin" "$dir/corpus" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=3072 -max_len="$maxlen" \
        -artifact_prefix="$dir/crashes/" -print_final_stats=1 >"$dir/log.txt" 2>&1
    rc=$?
    set -e
    took=$(( $(date +%s) - start ))
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log.txt" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -o 'cov: [0-9]*' "$dir/log.txt" | tail -1 | grep -o '[0-9]*' || echo "?")
    found=$(ls "$dir/crashes" | wc -l)
    line="$(date -u +%FT%TZ) $t: ${took}s, ${runs} inputs, coverage ${cov}, corpus $(ls "$dir/corpus" | wc -l), findings ${found}, exit ${rc}"
    echo "$line" | tee -a "$summary"
done
