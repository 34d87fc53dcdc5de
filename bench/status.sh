#!/usr/bin/env bash
# Measures the public status page under load: requests per second and latency of GET /status/{slug}
# (the HTML page) and of its /api/v2/summary.json, served by `./andon server`, against two
# references measured in the same run: nginx serving the same page as the static files Andon
# publishes (the ceiling for "a file from a web server" here), and Andon's own GET /livez (the
# Spring MVC + Spring Security path a page would take without the status-page filter). Linux only.
#
#   bench/status.sh                      # about 4 minutes
#   BENCH_SECONDS=10 bench/status.sh     # shorter runs
#
# 1. builds the jar if needed (./andon prepare), times a fixed CPU task, waits for a quiet machine
# 2. starts `./andon server` on a new data dir with ANDON_STATUS_PUBLISH_DIR set; through the API:
#    8 services, a status page "shop" with a component for each (two groups), an incident on one of
#    them with a public and an internal update (so the page has content), and waits until the
#    published files exist; starts a private nginx (1 worker) serving that directory
# 3. for each target: a warm-up of BENCH_WARMUP_SECONDS, then wrk -t$BENCH_WRK_THREADS
#    -c$BENCH_CONNECTIONS -d$BENCH_SECONDS --latency; records requests/s, p50/p90/p99/max, non-2xx
#    and socket errors, and the CPU of the JVM, of PostgreSQL and of nginx during the run
# 4. prints a Markdown report and saves it under bench/out/
#
# Target (issue: status pages): at least 20,000 requests/s with p99 under 10 ms for the page and
# for summary.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/andon-bench-status.XXXXXX")
source "$ROOT/bench/lib/common.sh"

SECONDS_PER_RUN=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
READY_TIMEOUT_MS=180000
STOP_TIMEOUT_MS=60000
PASSWORD=bench-password-123
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT_DIR=$ROOT/bench/out
mkdir -p "$OUT_DIR"
DATA=$TMP/data
PUBLISHED=$TMP/published
LOG=$TMP/server.log
SERVER_PID=
STATIC_PID=

[ -d /proc/self ] || die "needs Linux (/proc)"
for tool in curl jq wrk; do command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install -y curl jq wrk)"; done

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$STATIC_PID" ] && is_running "$STATIC_PID"; then kill -QUIT "$STATIC_PID" 2>/dev/null || true; sleep 0.3; kill -KILL "$STATIC_PID" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ] && is_running "$SERVER_PID"; then stop_server "$SERVER_PID" || true; fi
  [ -f "$LOG" ] && cp "$LOG" "$OUT_DIR/status-$STAMP-server.log" 2>/dev/null || true
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

JAVA_HOME=$(pick_java_home)
export JAVA_HOME
log "building the server jar if needed (./andon prepare)"
./andon prepare >/dev/null || die "./andon prepare failed"
REFS=()
for _ in 1 2 3; do REFS+=("$(reference_ms)"); done
wait_for_quiet
BUSY_BEFORE=$(machine_busy_cores)

PORT=${BENCH_PORT:-$(free_port 18680)}
DB_PORT=$(free_port $(( PORT + 1000 )))
STATIC_PORT=$(free_port $(( PORT + 2000 )))
BASE=http://127.0.0.1:$PORT
mkdir -p "$PUBLISHED"
log "starting ./andon server on port $PORT"
t0=$(now_ms)
ANDON_DATA_DIR=$DATA ANDON_PORT=$PORT ANDON_ADMIN_PASSWORD=$PASSWORD ANDON_DATABASE_EMBEDDED_PORT=$DB_PORT \
  ANDON_STATUS_PUBLISH_DIR=$PUBLISHED ./andon server >>"$LOG" 2>&1 &
SERVER_PID=$!
until curl -fsS -o /dev/null --max-time 2 "$BASE/readyz" 2>/dev/null; do
  is_running "$SERVER_PID" || { SERVER_PID=; tail -n 60 "$LOG" >&2; die "the server exited before it was ready"; }
  [ $(( $(now_ms) - t0 )) -lt "$READY_TIMEOUT_MS" ] || die "the server was not ready in time"
  sleep 0.2
done

TOKEN=$(curl -fsS -u "admin:$PASSWORD" -H 'Content-Type: application/json' -d '{"name":"bench","scopes":["read","write"]}' \
  "$BASE/api/v1/tokens" | jq -r .token)
api() { curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -X "$1" -d "$3" "$BASE$2"; }
api POST /api/v1/status-pages '{"slug":"shop","title":"Shop status","description":"Is the shop up?"}'
for i in 1 2 3 4 5 6 7 8; do
  api POST /api/v1/services "{\"slug\":\"svc-$i\",\"name\":\"Service $i\"}"
  group=$([ "$i" -le 4 ] && echo "Storefront" || echo "Payments")
  api POST /api/v1/status-pages/shop/components "{\"name\":\"Component $i\",\"group_name\":\"$group\",\"service\":\"svc-$i\"}"
done
NUMBER=$(curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"title":"Checkout slow","severity":"SEV3","services":["svc-2"],"customerImpact":"Some payments are slow"}' \
  "$BASE/api/v1/incidents" | jq -r .number)
api POST "/api/v1/incidents/$NUMBER/updates" '{"audience":"public","status":"identified","body":"We found the cause and are fixing it."}'
api POST "/api/v1/incidents/$NUMBER/updates" '{"audience":"internal","status":"identified","body":"internal only"}'
log "waiting for the published files"
for _ in $(seq 1 120); do [ -f "$PUBLISHED/shop/index.html" ] && break; sleep 0.5; done
[ -f "$PUBLISHED/shop/index.html" ] || die "the page was not published to $PUBLISHED"

# nginx serving the published directory, as a web server or CDN in front of it would.
mkdir -p "$TMP/nginx/logs"
chmod -R a+rX "$TMP"   # nginx's workers run as another user than this script
cat >"$TMP/nginx/nginx.conf" <<CONF
$([ "$(id -u)" -eq 0 ] && echo "user root;")
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 16384; }
http {
    access_log off;
    include /etc/nginx/mime.types;
    server {
        listen 127.0.0.1:$STATIC_PORT backlog=4096;
        root $PUBLISHED;
        index index.html;
    }
}
CONF
"$(command -v nginx || echo /usr/sbin/nginx)" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g 'daemon off;' >"$TMP/nginx/logs/stdout.log" 2>&1 &
STATIC_PID=$!
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$STATIC_PORT/shop/index.html" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "http://127.0.0.1:$STATIC_PORT/shop/index.html" || die "nginx does not serve the published page"

PAGE_BYTES=$(curl -fsS "$BASE/status/shop" | wc -c)
SUMMARY_BYTES=$(curl -fsS "$BASE/status/shop/api/v2/summary.json" | wc -c)
PAGE=$(curl -fsS "$BASE/status/shop")
[[ $PAGE == *"We found the cause"* ]] || die "the page does not show the public update"
[[ $PAGE != *"internal only"* ]] || die "the page shows an internal update"

ticks_of() { local t=0 p; for p in "$@"; do t=$(( t + $(proc_ticks "$p" 2>/dev/null || echo 0) )); done; echo "$t"; }
HZ=$(getconf CLK_TCK)

ROWS=""
run() {
  local name=$1 url=$2 out jvm0 pg0 ng0 jvm1 pg1 ng1 rps p50 p90 p99 max errors non2xx
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$url" >/dev/null 2>&1 || true
  jvm0=$(proc_ticks "$SERVER_PID"); pg0=$(postgres_ticks); ng0=$(ticks_of $(pgrep -P "$STATIC_PID") "$STATIC_PID")
  out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$url")
  jvm1=$(proc_ticks "$SERVER_PID"); pg1=$(postgres_ticks); ng1=$(ticks_of $(pgrep -P "$STATIC_PID") "$STATIC_PID")
  rps=$(awk '/^Requests\/sec/ { printf "%d", $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out"); p90=$(awk '$1 == "90%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out"); max=$(awk '/^    Latency/ { print $4 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$out"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ { print $0 }' <<<"$out" | sed 's/^ *Socket errors: //'); errors=${errors:-none}
  cores() { awk -v a="$1" -v b="$2" -v hz="$HZ" -v s="$SECONDS_PER_RUN" 'BEGIN { printf "%.2f", (b - a) / hz / s }'; }
  log "$name: $rps req/s, p50 $p50, p99 $p99"
  ROWS+="| $name | **$rps** | $p50 | $p90 | **$p99** | $max | $non2xx | $errors | $(cores "$jvm0" "$jvm1") / $(cores "$pg0" "$pg1") / $(cores "$ng0" "$ng1") |"$'\n'
}

run "nginx: the published index.html (reference)" "http://127.0.0.1:$STATIC_PORT/shop/index.html"
run "Andon: GET /livez (MVC + Spring Security, reference)" "$BASE/livez"
run "Andon: GET /status/shop (the page)" "$BASE/status/shop"
run "Andon: GET /status/shop/api/v2/summary.json" "$BASE/status/shop/api/v2/summary.json"

REPORT="## Public status page: requests per second (bench/status.sh)

Command: \`bench/status.sh\` (wrk -t$WRK_THREADS -c$CONNECTIONS, ${SECONDS_PER_RUN} s per run after ${WARMUP} s of warm-up);
page ${PAGE_BYTES} bytes (8 components in 2 groups, 90-day bars, an incident with a public update),
summary.json ${SUMMARY_BYTES} bytes.

| run | requests/s | p50 | p90 | p99 | max | non-2xx | socket errors | CPU cores: JVM / PostgreSQL / nginx |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${ROWS}
Target: at least 20,000 requests/s with p99 under 10 ms for the page and summary.json.

| machine | |
| --- | --- |
$(environment_rows "$JAVA_HOME/bin/java")
| CPU reference (awk loop), median of 3 | $(median "${REFS[@]}") ms |
| busy before (cores) | $BUSY_BEFORE |
| commit | $(git rev-parse --short HEAD) |
| date | $(date -u '+%Y-%m-%d %H:%M UTC') |
"
printf '%s\n' "$REPORT"
printf '%s\n' "$REPORT" >"$OUT_DIR/status-$STAMP.md"
log "saved to bench/out/status-$STAMP.md"
