#!/usr/bin/env bash
# The CSV import benchmark: a generated file of N leads (bench/data/leads-N.csv, made once by
# leads_csv.py) imported into an empty workspace through a running server — uploaded to the API,
# run as its background job — while wrk measures how the server answers meanwhile. Prints and
# writes bench/results/<date>-import-<N>-<db>.{md,json}: rows/s from the import's own start and
# finish times, and the latency of an API list during the import against the same list at rest.
#
#   scripts/bench.d/import.sh [--bin PATH] [--rows 1m|100k|N] [--db sqlite|postgres] [--duration 10s]
#
# scripts/bench runs it after its own measurements (skip with BENCH_IMPORT=0); it can run alone.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BIN=""
ROWS=1m
DB=sqlite
DURATION=10s
while [ $# -gt 0 ]; do
    case "$1" in
    --bin) BIN=${2:?}; shift ;;
    --rows) ROWS=${2:?}; shift ;;
    --db) DB=${2:?}; shift ;;
    --duration) DURATION=${2:?}; shift ;;
    *) echo "import.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
log() { echo "[bench import $(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { date +%s%3N; }
case "$(echo "$ROWS" | tr 'A-Z' 'a-z')" in
*k) COUNT=$(( ${ROWS%[kK]} * 1000 )) ;;
*m) COUNT=$(( ${ROWS%[mM]} * 1000000 )) ;;
*) COUNT=$ROWS ;;
esac
if [ -z "$BIN" ]; then
    log "building release (swift build -c release --product rapport)"
    swift build -c release --product rapport >/dev/null 2>&1 || die "release build failed"
    BIN="$(swift build -c release --show-bin-path)/rapport"
fi
command -v wrk >/dev/null 2>&1 || die "wrk is needed (apt-get install wrk)"

CSV="$ROOT/bench/data/leads-$COUNT.csv"
if [ ! -f "$CSV" ]; then
    log "generating $COUNT leads into $CSV"
    mkdir -p "$(dirname "$CSV")"
    python3 "$ROOT/scripts/bench.d/leads_csv.py" "$COUNT" "$CSV.tmp" && mv "$CSV.tmp" "$CSV"
fi
BYTES=$(stat -c %s "$CSV")

WORK=$(mktemp -d /tmp/rapport-bench-import.XXXXXX)
chmod 755 "$WORK"
SERVER_PID=""
PG_DIR=""
cleanup() {
    [ -n "$SERVER_PID" ] && { kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
    [ -n "$PG_DIR" ] && { scripts/pg stop "$PG_DIR" >/dev/null 2>&1 || true; }
    rm -rf "$WORK"
}
trap cleanup EXIT

ARGS=(--data-dir "$WORK/data")
if [ "$DB" = postgres ]; then
    PG_DIR="$WORK/pg"
    PG_URL=$(scripts/pg start "$PG_DIR" | tail -n 1)
    ARGS+=(--database-url "$PG_URL")
fi
"$BIN" migrate "${ARGS[@]}" >/dev/null
"$BIN" user create --email bench@import.example --password rapport-bench --role admin "${ARGS[@]}" >/dev/null
TOKEN=$("$BIN" token create --email bench@import.example --name bench "${ARGS[@]}" | tail -n 1)
RAPPORT_BCRYPT_COST=4 RAPPORT_MAX_IMPORT_BYTES=$((BYTES + 1048576)) \
    "$BIN" serve --host 127.0.0.1 --port 0 --log-level warning "${ARGS[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 600); do
    PORT=$(grep -o 'running at http://127.0.0.1:[0-9]*' "$WORK/server.log" 2>/dev/null | head -n 1 | sed 's/.*://' || true)
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || die "the server did not start: $(tail -n 5 "$WORK/server.log")"
API="http://127.0.0.1:$PORT/api/v1"
AUTH="Authorization: Bearer $TOKEN"

# The list a person would look at during an import, at rest first.
cat >"$WORK/get.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $TOKEN"
EOF
wrk_p() { grep -E "^ +$1%" "$2" | awk '{print $2}'; }
rps() { grep -E 'Requests/sec' "$1" | awk '{print $2}'; }
curl -fsS -o /dev/null -H "$AUTH" "$API/leads?limit=50" || die "the leads list does not answer"
wrk -t2 -c16 -d"$DURATION" --latency -s "$WORK/get.lua" "$API/leads?limit=50" >"$WORK/rest.txt" 2>&1

log "uploading $CSV ($BYTES bytes)"
start=$(now_ms)
IMPORT=$(curl -fsS -H "$AUTH" -H "Content-Type: text/csv" --data-binary "@$CSV" \
    "$API/imports?entity=leads&file_name=leads-$COUNT.csv" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
UPLOAD_MS=$(($(now_ms) - start))
curl -fsS -o /dev/null -H "$AUTH" -X POST "$API/imports/$IMPORT/run" || die "could not start the import"
log "import $IMPORT running; measuring the leads list meanwhile"
wrk -t2 -c16 -d"$DURATION" --latency -s "$WORK/get.lua" "$API/leads?limit=50" >"$WORK/busy.txt" 2>&1
while :; do
    STATE=$(curl -fsS -H "$AUTH" "$API/imports/$IMPORT")
    STATUS=$(echo "$STATE" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    case "$STATUS" in queued | running) sleep 1 ;; *) break ;; esac
done
echo "$STATE" >"$WORK/import.json"
python3 - "$WORK" "$DB" "$COUNT" "$BYTES" "$UPLOAD_MS" "$ROOT/bench/results" "$(date -u +%Y-%m-%d-%H%M)" \
    "$(rps "$WORK/rest.txt")" "$(wrk_p 50 "$WORK/rest.txt")" "$(wrk_p 99 "$WORK/rest.txt")" \
    "$(rps "$WORK/busy.txt")" "$(wrk_p 50 "$WORK/busy.txt")" "$(wrk_p 99 "$WORK/busy.txt")" <<'EOF'
import datetime, json, os, sys
work, db, count, size, upload_ms, out_dir, stamp = sys.argv[1:8]
rest_rps, rest_p50, rest_p99, busy_rps, busy_p50, busy_p99 = sys.argv[8:14]
state = json.load(open(os.path.join(work, "import.json")))
def t(s): return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
seconds = (t(state["finished_at"]) - t(state["started_at"])).total_seconds()
counts = state["counts"]
rate = counts["rows"] / seconds if seconds else 0
result = {
    "db": db, "rows": int(count), "file_bytes": int(size), "upload_ms": int(upload_ms), "status": state["status"],
    "seconds": round(seconds, 2), "rows_per_s": round(rate), "target_rows_per_s": 50000, "counts": counts,
    "during_import": {"rps": busy_rps, "p50": busy_p50, "p99": busy_p99},
    "at_rest": {"rps": rest_rps, "p50": rest_p50, "p99": rest_p99},
    "load1": open("/proc/loadavg").read().split()[0],
}
os.makedirs(out_dir, exist_ok=True)
base = os.path.join(out_dir, f"{stamp}-import-{count}-{db}")
json.dump(result, open(base + ".json", "w"), indent=2)
lines = [
    f"# CSV import: {int(count):,} leads on {db}", "",
    f"File {int(size) / 1e6:.0f} MB, uploaded in {int(upload_ms) / 1000:.1f} s; imported by the server's job in {seconds:.1f} s.", "",
    "| metric | value | target | result |", "| --- | --- | --- | --- |",
    f"| import rate | {rate:,.0f} rows/s | ≥ 50,000 rows/s | {'pass' if rate >= 50000 else 'fail'} |",
    f"| created / skipped / rejected | {counts['created']:,} / {counts['skipped']:,} / {counts['rejected']:,} | | |",
    f"| GET /api/v1/leads?limit=50 at rest | {rest_rps} req/s, p50 {rest_p50}, p99 {rest_p99} | | |",
    f"| … during the import | {busy_rps} req/s, p50 {busy_p50}, p99 {busy_p99} | answers | {'pass' if busy_rps not in ('', '0', '0.00') else 'fail'} |",
    "", f"Load (1 min) at the end: {result['load1']}.",
]
open(base + ".md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
