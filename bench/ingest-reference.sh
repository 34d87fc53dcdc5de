#!/usr/bin/env bash
# Andon's durable ingestion against the calibration prototype of the alert issue, in one script on
# one embedded PostgreSQL, runs alternating (Linux only):
#
#   bench/ingest-reference.sh                 # about 5 minutes with the defaults
#
# The prototype (bench/lib/IngestPrototype.java, run from source on the project's own dependency
# jars) is what the issue's reference figure was measured with: a group commit on Andon's stack
# (embedded Tomcat on virtual threads, Jackson, HikariCP, the PostgreSQL driver), one writer, no
# added wait, one upsert per batch into one table, 202 only after the commit. It runs in its own
# database of the same durable PostgreSQL that `./andon server` starts (fsync, synchronous_commit
# and full_page_writes on, checked). For each BENCH_CONNECTIONS, BENCH_ROUNDS times: the prototype,
# then Andon, each BENCH_WARMUP_SECONDS of warm-up and BENCH_SECONDS measured with wrk -t2 and
# bench/lib/ingest.lua (unique dedup keys, the same ~300-byte PagerDuty trigger). Reported per run:
# events/s answered 202, p99, CPU per event of the serving JVM and of PostgreSQL; for Andon, which
# answers once an event is in its inbox and applies it just after, also events/s applied end to end
# (the 202s over the time until its inbox was empty; the CPU is counted until then too); and per
# round the ratios Andon / prototype. The machine's speed drifts by a third within an hour on this VM: the
# ratio, measured minutes apart on the same database, is what compares.
#
# Tunables: BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (10), BENCH_CONNECTIONS ("32 256"),
# BENCH_ROUNDS (2), BENCH_QUIET_WAIT / BENCH_QUIET_CORES (bench/lib/common.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/andon-bench-ingest-ref.XXXXXX")
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"

SECONDS_PER_RUN=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32 256}
ROUNDS=${BENCH_ROUNDS:-2}
PASSWORD=bench-password-123
STOP_TIMEOUT_MS=60000
LUA=$ROOT/bench/lib/ingest.lua
DATA=$TMP/data
SERVER_PID=
PROTO_PID=

for tool in curl jq wrk psql; do command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install -y curl jq wrk postgresql-client)"; done

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$PROTO_PID" ]; then kill -TERM "$PROTO_PID" 2>/dev/null || true; wait "$PROTO_PID" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ] && is_running "$SERVER_PID"; then stop_server "$SERVER_PID" || true; fi
  [ "$rc" -eq 0 ] || { tail -n 40 "$TMP/server.log" "$TMP/prototype.log" >&2 2>/dev/null || true; }
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

JAVA_HOME=$(pick_java_home)
export JAVA_HOME
log "building the server jar and its startup cache if needed (./andon prepare)"
./andon prepare >/dev/null || die "./andon prepare failed"
log "resolving the prototype's classpath (the server's runtime dependencies)"
./mvnw -B -q -o -pl andon-server dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$TMP/classpath" >/dev/null \
  || ./mvnw -B -q -pl andon-server dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$TMP/classpath" >/dev/null \
  || die "could not resolve andon-server's runtime classpath"
wait_for_quiet

PORT=$(free_port 18560)
DB_PORT=$(free_port $(( PORT + 1000 )))
PROTO_PORT=$(free_port $(( PORT + 10 )))
BASE=http://127.0.0.1:$PORT
log "starting ./andon server on port $PORT (database port $DB_PORT)"
ANDON_DATA_DIR=$DATA ANDON_PORT=$PORT ANDON_ADMIN_PASSWORD=$PASSWORD ANDON_DATABASE_EMBEDDED_PORT=$DB_PORT \
  ./andon server >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
t0=$(now_ms)
until curl -fsS -o /dev/null --max-time 2 "$BASE/readyz" 2>/dev/null; do
  is_running "$SERVER_PID" || die "the server exited before it was ready"
  [ $(( $(now_ms) - t0 )) -lt 180000 ] || die "the server was not ready after 180 s"
  sleep 0.1
done

export PGPASSWORD
PGPASSWORD=$(cat "$DATA/postgres-password")
PSQL=(psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -X -A -t -q)
for setting in fsync synchronous_commit full_page_writes; do
  value=$("${PSQL[@]}" -d andon -c "show $setting")
  [ "$value" = on ] || die "$setting is '$value' in the embedded PostgreSQL, expected on"
done
[ "$("${PSQL[@]}" -d andon -c 'select count(*) from pg_db_role_setting')" = 0 ] || die "per-database/per-role settings present"
"${PSQL[@]}" -d andon -c "create database prototype"

TOKEN=$(curl -fsS -u "admin:$PASSWORD" -H 'Content-Type: application/json' -d '{"name":"bench","scopes":["read","write"]}' \
  "$BASE/api/v1/tokens" | jq -r .token)
AUTH=(-H "Authorization: Bearer $TOKEN")
new_integration() {
  curl -fsS -o /dev/null "${AUTH[@]}" -H 'Content-Type: application/json' -d "{\"slug\":\"$1\",\"name\":\"Bench $1\"}" "$BASE/api/v1/services"
  curl -fsS "${AUTH[@]}" -H 'Content-Type: application/json' -d "{\"slug\":\"$1\",\"service\":\"$1\",\"type\":\"events-v2\"}" \
    "$BASE/api/v1/integrations" | jq -r .key
}

log "starting the prototype on port $PROTO_PORT"
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xms64m -Xmx512m -cp "$(cat "$TMP/classpath")" bench/lib/IngestPrototype.java \
  "$PROTO_PORT" "jdbc:postgresql://127.0.0.1:$DB_PORT/prototype" postgres "$PGPASSWORD" >"$TMP/prototype.log" 2>&1 &
PROTO_PID=$!
t0=$(now_ms)
until grep -q "prototype listening" "$TMP/prototype.log" 2>/dev/null; do
  is_running "$PROTO_PID" || die "the prototype exited: $(tail -n 20 "$TMP/prototype.log")"
  [ $(( $(now_ms) - t0 )) -lt 60000 ] || die "the prototype did not start within 60 s"
  sleep 0.2
done

# Andon answers 202 once an event is stored in its inbox and applies it just after: waits until
# the inbox is empty (the prototype has no second step).
drained() {
  [ "$1" = andon ] || return 0
  local t0 waiting
  t0=$(now_ms)
  while true; do
    waiting=$(curl -fsS --max-time 10 "${AUTH[@]}" "$BASE/metrics" | awk '/^andon_alert_inbox_waiting/ { printf "%d", $NF }')
    [ "${waiting:-0}" -le 0 ] && return 0
    [ $(( $(now_ms) - t0 )) -lt 600000 ] || die "$waiting events still waiting to be applied after 10 minutes"
    sleep 0.2
  done
}

# run WHO CONNECTIONS LABEL: warm-up, then the measured run; prints "events/s p99_ms jvm_us pg_us applied/s":
# the 202s per second; for Andon also the 202s over the time until the inbox had applied them, and
# the CPU until then.
run() {
  local who=$1 connections=$2 label=$3 url pid key out n p99 j0 j1 p0 p1 t0 t1
  if [ "$who" = andon ]; then url=$BASE/v2/enqueue pid=$SERVER_PID key=$(new_integration "$label"); else url=http://127.0.0.1:$PROTO_PORT/v2/enqueue pid=$PROTO_PID key=prototype; fi
  wrk -t2 -c"$connections" -d"${WARMUP}s" --timeout 60s -s "$LUA" "$url" -- "$key" unique "w-$label" >/dev/null
  drained "$who"
  j0=$(proc_ticks "$pid"); p0=$(postgres_ticks); t0=$(now_ms)
  out=$(wrk -t2 -c"$connections" -d"${SECONDS_PER_RUN}s" --timeout 60s --latency -s "$LUA" "$url" -- "$key" unique "r-$label")
  drained "$who"
  j1=$(proc_ticks "$pid"); p1=$(postgres_ticks); t1=$(now_ms)
  n=$(awk '$1 == "status" && $2 == 202 { print $3 }' <<<"$out")
  p99=$(awk '$1 == "latency_us" { printf "%.1f", $4 / 1000 }' <<<"$out")
  awk -v n="${n:-0}" -v ms=$(( t1 - t0 )) -v s="$SECONDS_PER_RUN" -v j=$(( j1 - j0 )) -v p=$(( p1 - p0 )) -v hz="$CLK_TCK" -v p99="$p99" \
    'BEGIN { if (n == 0) { print "0 - - - -"; exit } printf "%.0f %s %.0f %.0f %.0f\n", n / s, p99, 1e6 * j / hz / n, 1e6 * p / hz / n, n / (ms / 1000) }'
}

ROWS=()
RATIOS=()
for c in $CONNECTIONS; do
  for r in $(seq 1 "$ROUNDS"); do
    read -r pe pp pj pg _ <<<"$(run prototype "$c" "p$c-$r")"
    log "prototype, $c connections, round $r: $pe events/s, p99 $pp ms, CPU µs per event JVM $pj / PostgreSQL $pg"
    read -r ae ap aj ag aa <<<"$(run andon "$c" "a$c-$r")"
    log "Andon, $c connections, round $r: $ae events/s answered 202 ($aa/s applied end to end), p99 $ap ms, CPU µs per event JVM $aj / PostgreSQL $ag"
    ratio=$(awk -v a="$ae" -v p="$pe" 'BEGIN { if (p > 0) printf "%.2f", a / p; else print "-" }')
    ratio_applied=$(awk -v a="$aa" -v p="$pe" 'BEGIN { if (p > 0) printf "%.2f", a / p; else print "-" }')
    ROWS+=("| $c | $r | $pe | $pp | $pj / $pg | $ae | $aa | $ap | $aj / $ag | **$ratio** / **$ratio_applied** |")
    RATIOS+=("$c:$ratio")
  done
done
STORED=$("${PSQL[@]}" -d prototype -c "select count(*) from prototype_alerts")

REPORT=$(cat <<EOF
## Durable ingestion: Andon against the calibration prototype (\`bench/ingest-reference.sh\`)

Unique dedup keys, wrk -t2, ${WARMUP}-s warm-up and ${SECONDS_PER_RUN}-s measured runs, prototype then Andon in each
round, one embedded PostgreSQL (durable settings checked). CPU per event: the serving JVM's and all
PostgreSQL processes'.

| connections | round | prototype events/s | p99 ms | CPU µs/event JVM / PostgreSQL | Andon events/s answered 202 | Andon events/s applied, end to end | p99 ms | CPU µs/event JVM / PostgreSQL (until applied) | Andon / prototype: answered / applied |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
$(printf '%s\n' "${ROWS[@]}")

Prototype rows stored at the end (warm-ups included): ${STORED}.

| Environment | |
| --- | --- |
$(environment_rows "$JAVA_HOME/bin/java")
EOF
)
printf '%s\n' "$REPORT"
mkdir -p "$ROOT/bench/out"
OUT=$ROOT/bench/out/ingest-reference-$(date -u +%Y%m%d-%H%M%S).md
printf '%s\n' "$REPORT" >"$OUT"
log "saved to ${OUT#"$ROOT"/}"
