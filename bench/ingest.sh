#!/usr/bin/env bash
# Measures durable alert ingestion: PagerDuty Events API v2 triggers posted to POST /v2/enqueue,
# each answered 202 only after its group commit (Linux only).
#
#   bench/ingest.sh                       # about 8 minutes with the defaults
#   BENCH_SECONDS=10 bench/ingest.sh      # a short run, about 5 minutes
#
# 1. builds the jar and its startup cache if needed (./andon prepare), times a fixed CPU task and
#    waits for the machine to be quiet (bench/lib/common.sh)
# 2. starts `./andon server` (default launcher JVM options, or ANDON_JAVA_OPTS) on a new data dir
#    and free ports; checks with psql that the embedded PostgreSQL runs durable: fsync,
#    synchronous_commit and full_page_writes on, and no per-database or per-role override; times
#    8 kB writes with O_DSYNC on the data dir's disk (what one commit's fsync costs here)
# 3. warms the JIT up (BENCH_JIT_WARMUP_SECONDS of each mode below at 32 connections), then for each
#    BENCH_CONNECTIONS (32 and 256), wrk -t2 with bench/lib/ingest.lua, each run after a
#    BENCH_WARMUP_SECONDS warm-up on a service of its own:
#    - references, no database: GET /livez (the HTTP stack and its filters, kept-alive connections)
#      and the same ~300-byte event with an invalid severity (parsed and validated, answered 400;
#      Tomcat closes the connection after a 400, so each request also pays a new TCP connection):
#      together they bound what HTTP + JSON cost without the commit
#    - unique: every request a new dedup_key, every 202 opens an alert
#    and then, per connection count, the mix with 9 in 10 events deduplicated into open alerts
#    (dedup keys drawn from BENCH_HOT_KEYS hot keys)
#    Each measured run has its own service and events-v2 integration (a storm on one service: its
#    alerts join one group), so runs do not inherit each other's alerts.
# 4. per run: events/s (202s), then, once the inbox has applied the run's events, events/s applied
#    end to end (202s over the time from wrk's start to the last application) and the apply lag
#    (andon_alert_apply_lag_seconds); p50/p90/p99/max latency, statuses counted by a Lua response hook and
#    wrk's "Non-2xx" line, socket errors; batches from /metrics (andon_alert_event_batch_seconds:
#    batches/s, events per batch, time per batch; sampled every BENCH_SAMPLE_SECONDS into a .tsv);
#    CPU of the Andon JVM (and its busiest threads), of PostgreSQL (and its busiest processes), of
#    wrk and of the rest of the machine; then, with psql, alerts + their dedup counts against the
#    202s (equal, up to the requests wrk abandons in flight when it stops: at most one per connection)
# 5. stops the server (SIGTERM), prints a Markdown report and saves it under bench/out/
#
# Tunables: BENCH_SECONDS (30), BENCH_WARMUP_SECONDS (10), BENCH_JIT_WARMUP_SECONDS (20, once per
# mode before the first run), BENCH_CONNECTIONS ("32 256"),
# BENCH_WRK_THREADS (2), BENCH_HOT_KEYS (1000), BENCH_SAMPLE_SECONDS (2), BENCH_PORT (free from
# 18480), BENCH_QUIET_WAIT (600 s) / BENCH_QUIET_CORES (0.25), BENCH_JFR=1 (a JFR profile of the
# measured runs into bench/out/), ANDON_JAVA_OPTS (passed to ./andon).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/andon-bench-ingest.XXXXXX")
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"

SECONDS_PER_RUN=${BENCH_SECONDS:-30}
WARMUP=${BENCH_WARMUP_SECONDS:-10}
JIT_WARMUP=${BENCH_JIT_WARMUP_SECONDS:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-32 256}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
HOT_KEYS=${BENCH_HOT_KEYS:-1000}
SAMPLE=${BENCH_SAMPLE_SECONDS:-2}
READY_TIMEOUT_MS=180000
STOP_TIMEOUT_MS=60000
PASSWORD=bench-password-123
LUA=$ROOT/bench/lib/ingest.lua
TARGET_EVENTS=10000
TARGET_P99_MS=50

[ -d /proc/self ] || die "needs Linux (/proc)"
for tool in curl jq wrk psql; do command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install -y curl jq wrk postgresql-client)"; done
TIME_BIN=/usr/bin/time
[ -x "$TIME_BIN" ] || { TIME_BIN=; log "/usr/bin/time not found: wrk's CPU is not measured (apt-get install -y time)"; }

DATA=$TMP/data
LOG=$TMP/server.log
SERVER_PID=
SAMPLER_PID=
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT_DIR=$ROOT/bench/out
mkdir -p "$OUT_DIR"
SAMPLES=$OUT_DIR/ingest-$STAMP-samples.tsv

cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ] && is_running "$SERVER_PID"; then stop_server "$SERVER_PID" || true; fi
  for p in $(postgres_pids); do kill -TERM "${p#M}" 2>/dev/null || true; done
  sleep 0.5
  for p in $(postgres_pids); do kill -KILL "${p#M}" 2>/dev/null || true; done
  if [ -f "$LOG" ]; then
    cp "$LOG" "$OUT_DIR/ingest-$STAMP-server.log" 2>/dev/null || true
    [ "$rc" -eq 0 ] || log "server log saved to bench/out/ingest-$STAMP-server.log"
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build, machine ----------------------------------------------------------------------------
JAVA_HOME=$(pick_java_home)
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
log "building the server jar and its startup cache if needed (./andon prepare)"
./andon prepare >/dev/null || die "./andon prepare failed"

REFS=()
for _ in 1 2 3; do REFS+=("$(reference_ms)"); done
wait_for_quiet
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# What one fsync costs on this disk: 8 kB writes with O_DSYNC (a WAL flush is one or a few of them).
mkdir -p "$DATA"
DSYNC_MS=$(dd if=/dev/zero of="$DATA/dsync-test" bs=8k count=300 oflag=dsync 2>&1 \
  | awk '/copied/ { for (i = 1; i <= NF; i++) if ($i == "s,") s = $(i - 1); printf "%.2f", 1000 * s / 300 }')
rm -f "$DATA/dsync-test"
log "8 kB O_DSYNC write on the data dir's disk: ${DSYNC_MS} ms"

# --- server ------------------------------------------------------------------------------------
PORT=${BENCH_PORT:-$(free_port 18480)}
DB_PORT=$(free_port $(( PORT + 1000 )))
BASE=http://127.0.0.1:$PORT
log "starting ./andon server on port $PORT (database port $DB_PORT, data $DATA)"
t0=$(now_ms)
ANDON_DATA_DIR=$DATA ANDON_PORT=$PORT ANDON_ADMIN_PASSWORD=$PASSWORD ANDON_DATABASE_EMBEDDED_PORT=$DB_PORT \
  ./andon server >>"$LOG" 2>&1 &
SERVER_PID=$!
until curl -fsS -o /dev/null --max-time 2 "$BASE/readyz" 2>/dev/null; do
  if ! is_running "$SERVER_PID"; then
    SERVER_PID=
    tail -n 60 "$LOG" >&2
    die "the server exited before it was ready"
  fi
  [ $(( $(now_ms) - t0 )) -lt "$READY_TIMEOUT_MS" ] || { tail -n 60 "$LOG" >&2; die "the server was not ready after $((READY_TIMEOUT_MS / 1000)) s"; }
  sleep 0.1
done
log "server ready in $(( $(now_ms) - t0 )) ms (pid $SERVER_PID)"
exe=$(readlink "/proc/$SERVER_PID/exe" 2>/dev/null || true)
[[ $exe == */java ]] || log "warning: pid $SERVER_PID is $exe, not java: JVM CPU figures would be wrong"

PSQL=(psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -d andon -X -A -t -q)
export PGPASSWORD
PGPASSWORD=$(cat "$DATA/postgres-password")
"${PSQL[@]}" -c 'select 1' >/dev/null || die "psql cannot connect to the embedded PostgreSQL on port $DB_PORT"

# Durable settings, as a session on the andon database sees them (a per-database or per-role
# ALTER ... SET would show here too), and where each comes from.
DURABLE_ROWS=$("${PSQL[@]}" -F ' ' -c "select name, setting, source from pg_settings
  where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'commit_delay') order by name")
OVERRIDES=$("${PSQL[@]}" -c "select count(*) from pg_db_role_setting")
PG_VERSION=$("${PSQL[@]}" -c "show server_version")
for setting in fsync synchronous_commit full_page_writes; do
  value=$(awk -v n="$setting" '$1 == n { print $2 }' <<<"$DURABLE_ROWS")
  [ "$value" = on ] || die "$setting is '$value' in the embedded PostgreSQL, expected on: this would not measure durable ingestion"
done
[ "$OVERRIDES" = 0 ] || die "pg_db_role_setting has $OVERRIDES per-database/per-role settings: check none turns synchronous_commit off"
log "PostgreSQL $PG_VERSION durable: $(tr '\n' ';' <<<"$DURABLE_ROWS")"

TOKEN=$(curl -fsS -u "admin:$PASSWORD" -H 'Content-Type: application/json' \
  -d '{"name":"bench","scopes":["read","write"]}' "$BASE/api/v1/tokens" | jq -r .token)
[ -n "$TOKEN" ] && [ "$TOKEN" != null ] || die "could not create an API token"
AUTH=(-H "Authorization: Bearer $TOKEN")

# A service and an events-v2 integration named SLUG; prints the integration's routing key.
new_integration() {
  local slug=$1
  curl -fsS -o /dev/null "${AUTH[@]}" -H 'Content-Type: application/json' -d "{\"slug\":\"$slug\",\"name\":\"Bench $slug\"}" \
    "$BASE/api/v1/services" || die "could not create service $slug"
  curl -fsS "${AUTH[@]}" -H 'Content-Type: application/json' -d "{\"slug\":\"$slug\",\"service\":\"$slug\",\"type\":\"events-v2\"}" \
    "$BASE/api/v1/integrations" | jq -r .key
}

fetch_metrics() { curl -fsS --max-time 10 "${AUTH[@]}" "$BASE/metrics" >"$1"; }
# metric FILE NAME [LABEL_TEXT]: the value of the first series NAME whose labels contain LABEL_TEXT (0 when absent).
metric() {
  awk -v name="$2" -v label="${3:-}" '
    $0 !~ /^#/ && (index($0, name " ") == 1 || index($0, name "{") == 1) && index($0, label) { v = $NF; found = 1; exit }
    END { if (found) printf "%s\n", v; else print 0 }' "$1"
}
# Events applied by the writer, all outcomes (open, deduplicate, ...).
events_applied() { awk '$0 !~ /^#/ && index($0, "andon_alert_events_total{") == 1 { s += $NF } END { printf "%.0f\n", s }' "$1"; }

# CPU time (ms) of every platform thread of the server, by name with pool numbers folded into *
# (as bench/engine.sh; virtual threads run on the ForkJoinPool carriers).
thread_cpu_table() {
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" Thread.print 2>/dev/null | awk '
    /^"/ {
      name = substr($0, 2); name = substr(name, 1, index(name, "\"") - 1)
      gsub(/[0-9]+$/, "*", name); gsub(/-[0-9]+-/, "-*-", name)
      for (i = 1; i <= NF; i++) if ($i ~ /^cpu=/) { v = $i; gsub(/cpu=|ms/, "", v); cpu[name] += v }
    }
    END { for (n in cpu) printf "%s\t%.0f\n", n, cpu[n] }'
}

# Every SAMPLE seconds, one line: run, elapsed, events/s, batches/s, events per batch, ms per batch, queue.
sampler() {
  local run=$1 prev=$TMP/sample-prev.txt cur=$TMP/sample-cur.txt t0 tp tn
  fetch_metrics "$prev" || return 0
  t0=$(now_ms); tp=$t0
  while sleep "$SAMPLE"; do
    fetch_metrics "$cur" || continue
    tn=$(now_ms)
    awk -v run="$run" -v el="$(( tn - t0 ))" -v ms="$(( tn - tp ))" \
      -v e0="$(events_applied "$prev")" -v e1="$(events_applied "$cur")" \
      -v b0="$(metric "$prev" andon_alert_event_batch_seconds_count)" -v b1="$(metric "$cur" andon_alert_event_batch_seconds_count)" \
      -v s0="$(metric "$prev" andon_alert_event_batch_seconds_sum)" -v s1="$(metric "$cur" andon_alert_event_batch_seconds_sum)" \
      -v q="$(metric "$cur" andon_alert_event_queue)" 'BEGIN {
        e = e1 - e0; b = b1 - b0; s = ms / 1000
        per_batch = "-"; batch_ms = "-"
        if (b > 0) { per_batch = sprintf("%.1f", e / b); batch_ms = sprintf("%.2f", 1000 * (s1 - s0) / b) }
        printf "%s\t%.1f\t%.0f\t%.0f\t%s\t%s\t%s\n", run, el / 1000, e / s, b / s, per_batch, batch_ms, q }' >>"$SAMPLES"
    mv "$cur" "$prev"; tp=$tn
  done
}
printf 'run\telapsed_s\tevents_per_s\tbatches_per_s\tevents_per_batch\tms_per_batch\tqueue\n' >"$SAMPLES"

# Waits until the inbox has applied every accepted event (warm-ups must not leave a backlog that
# the next measured run would pay for).
wait_drained() {
  local file=$TMP/drain.txt t0 waiting
  t0=$(now_ms)
  while true; do
    fetch_metrics "$file" || die "cannot read /metrics"
    waiting=$(metric "$file" andon_alert_inbox_waiting | cut -d. -f1)
    [ "${waiting:-0}" -le 0 ] && return 0
    [ $(( $(now_ms) - t0 )) -lt 600000 ] || die "$waiting events still waiting to be applied after 10 minutes"
    sleep 0.2
  done
}

# wrk_run MODE CONNECTIONS SECONDS KEY PREFIX OUTPUT: one wrk run; its output (with the Lua lines) in OUTPUT.
wrk_run() {
  local mode=$1 connections=$2 seconds=$3 key=$4 prefix=$5 output=$6
  local -a cmd=(wrk -t"$WRK_THREADS" -c"$connections" -d"${seconds}s" --timeout 60s --latency -s "$LUA" "$BASE/v2/enqueue" -- "$key" "$mode" "$prefix" "$HOT_KEYS")
  if [ -n "$TIME_BIN" ]; then
    "$TIME_BIN" -f '%U %S' -o "$output.time" "${cmd[@]}" >"$output" 2>&1 || { cat "$output" >&2; die "wrk failed"; }
  else
    "${cmd[@]}" >"$output" 2>&1 || { cat "$output" >&2; die "wrk failed"; }
    echo "0 0" >"$output.time"
  fi
}

cores() { awk -v d="$1" -v ms="$2" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", d / hz / (ms / 1000) }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }

# measure LABEL MODE CONNECTIONS: warm-up on a service of its own, then the measured run on another;
# appends a row to RESULT_ROWS, CPU_ROWS and VERIFY_ROWS.
RESULT_ROWS=
CPU_ROWS=
VERIFY_ROWS=
BATCH_ROWS=
THREAD_LINES=
VERDICTS=()
RUN=0
measure() {
  local label=$1 mode=$2 connections=$3
  RUN=$(( RUN + 1 ))
  local slug=run$RUN-$mode-c$connections warm_key key out=$TMP/wrk-$RUN.txt
  warm_key=$(new_integration "warm$RUN-$mode-c$connections")
  key=$(new_integration "$slug")
  log "run $RUN: $label, $connections connections: warm-up ${WARMUP} s"
  wrk_run "$mode" "$connections" "$WARMUP" "$warm_key" "w$RUN" "$TMP/warm-$RUN.txt"
  wait_drained
  sleep 1

  local open_before
  open_before=$("${PSQL[@]}" -c "select count(*) from alerts where status <> 'resolved'")
  log "run $RUN: $label, $connections connections: measuring ${SECONDS_PER_RUN} s ($open_before open alerts in the database)"
  fetch_metrics "$TMP/m0.txt"
  thread_cpu_table >"$TMP/threads0.tsv" || true
  postgres_table >"$TMP/pg0.tsv"
  local jvm0 pg0 mp0 mq0 ms0 w0
  jvm0=$(proc_ticks "$SERVER_PID"); pg0=$(postgres_ticks)
  read -r _ _ mp0 mq0 ms0 < <(machine_ticks)
  sampler "$RUN-$mode-c$connections" & SAMPLER_PID=$!
  w0=$(now_ms)
  wrk_run "$mode" "$connections" "$SECONDS_PER_RUN" "$key" "r$RUN" "$out"
  local w1 jvm1 pg1 mp1 mq1 ms1
  w1=$(now_ms)
  jvm1=$(proc_ticks "$SERVER_PID"); pg1=$(postgres_ticks)
  read -r _ _ mp1 mq1 ms1 < <(machine_ticks)
  kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=
  postgres_table >"$TMP/pg1.tsv"
  thread_cpu_table >"$TMP/threads1.tsv" || true
  # Accepted is stored, not yet applied: wait until the inbox has applied everything (dedup,
  # grouping, timelines) and count that time too, for the rate at which alerts are ready to page.
  local drained_ms jvm2 pg2
  wait_drained
  drained_ms=$(now_ms); jvm2=$(proc_ticks "$SERVER_PID"); pg2=$(postgres_ticks)
  sleep 2   # the requests wrk abandoned when it stopped are answered (and committed) by now
  fetch_metrics "$TMP/m1.txt"
  is_running "$SERVER_PID" || die "the server died during run $RUN"

  # wrk's figures: the Lua lines, Requests/sec, Non-2xx
  local s202 s_other requests duration_us p50 p90 p99 pmax non2xx sock rps wrk_user wrk_sys
  s202=$(awk '$1 == "status" && $2 == 202 { print $3 }' "$out"); s202=${s202:-0}
  s_other=$(awk '$1 == "status" && $2 != 202 { printf "%s%s: %s", sep, $2, $3; sep = ", " }' "$out")
  read -r _ requests duration_us < <(grep '^requests ' "$out")
  read -r _ p50 p90 p99 pmax < <(grep '^latency_us ' "$out")
  non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$out"); non2xx=${non2xx:-0}
  sock=$(sed -n 's/^ *Socket errors: *//p' "$out"); sock=${sock:-none}
  rps=$(sed -n 's/^Requests\/sec: *//p' "$out")
  read -r wrk_user wrk_sys <"$out.time"
  local ok_per_s non202 window_ms
  ok_per_s=$(awk -v n="$s202" -v us="$duration_us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
  non202=$(( requests - s202 ))
  window_ms=$(( w1 - w0 ))

  local jvm_c pg_c wrk_c steal_c busy_c rest_c
  jvm_c=$(cores $(( jvm1 - jvm0 )) "$window_ms"); pg_c=$(cores $(( pg1 - pg0 )) "$window_ms")
  wrk_c=$(awk -v u="$wrk_user" -v s="$wrk_sys" -v ms="$window_ms" 'BEGIN { printf "%.2f", (u + s) / (ms / 1000) }')
  steal_c=$(cores $(( ms1 - ms0 )) "$window_ms")
  busy_c=$(cores $(( mp1 - mp0 + mq1 - mq0 )) "$window_ms")
  rest_c=$(awk -v a="$busy_c" -v j="$jvm_c" -v p="$pg_c" -v w="$wrk_c" 'BEGIN { o = a - j - p - w; printf "%.2f", o < 0 ? 0 : o }')
  local softirq_c
  softirq_c=$(cores $(( mq1 - mq0 )) "$window_ms")

  local batches events mean_batch mean_batch_ms batch_max_ms refused
  batches=$(awk -v a="$(metric "$TMP/m0.txt" andon_alert_event_batch_seconds_count)" -v b="$(metric "$TMP/m1.txt" andon_alert_event_batch_seconds_count)" 'BEGIN { printf "%.0f", b - a }')
  events=$(( $(events_applied "$TMP/m1.txt") - $(events_applied "$TMP/m0.txt") ))
  mean_batch=$(awk -v e="$events" -v b="$batches" 'BEGIN { if (b > 0) printf "%.1f", e / b; else print "-" }')
  mean_batch_ms=$(awk -v a="$(metric "$TMP/m0.txt" andon_alert_event_batch_seconds_sum)" -v b="$(metric "$TMP/m1.txt" andon_alert_event_batch_seconds_sum)" \
    -v n="$batches" 'BEGIN { if (n > 0) printf "%.2f", 1000 * (b - a) / n; else print "-" }')
  batch_max_ms=$(awk -v v="$(metric "$TMP/m1.txt" andon_alert_event_batch_seconds_max)" 'BEGIN { printf "%.1f", 1000 * v }')
  refused=$(awk -v a="$(metric "$TMP/m0.txt" andon_alert_events_refused_total)" -v b="$(metric "$TMP/m1.txt" andon_alert_events_refused_total)" 'BEGIN { printf "%.0f", b - a }')

  # Stored: every 202 either opened an alert or was counted on one (dedup_count).
  local stored_alerts stored_dedups stored verify
  read -r stored_alerts stored_dedups < <("${PSQL[@]}" -F ' ' -c "select count(*), coalesce(sum(a.dedup_count), 0)
      from alerts a join integrations i on i.id = a.integration_id where i.slug = '$slug'")
  stored=$(( stored_alerts + stored_dedups ))
  if [ "$mode" = invalid ] || [ "$mode" = livez ]; then
    verify=$([ "$stored" -eq 0 ] && echo "nothing stored: ok" || echo "**$stored stored**")
  elif [ "$stored" -ge "$s202" ] && [ "$stored" -le $(( s202 + connections )) ]; then
    verify="ok (+$(( stored - s202 )) abandoned by wrk in flight)"
  else
    verify="**MISMATCH** ($(( stored - s202 )))"
  fi

  # End to end: the run's 202s over the time from wrk's start until the last of them was applied.
  local applied_per_s lag_mean_ms lag_max_ms drain_s
  applied_per_s=$(awk -v n="$s202" -v ms="$(( drained_ms - w0 ))" 'BEGIN { printf "%.0f", n / (ms / 1000) }')
  drain_s=$(awk -v ms="$(( drained_ms - w1 ))" 'BEGIN { printf "%.1f", ms / 1000 }')
  lag_mean_ms=$(awk -v a="$(metric "$TMP/m0.txt" andon_alert_apply_lag_seconds_sum)" -v b="$(metric "$TMP/m1.txt" andon_alert_apply_lag_seconds_sum)" \
    -v c="$(metric "$TMP/m0.txt" andon_alert_apply_lag_seconds_count)" -v d="$(metric "$TMP/m1.txt" andon_alert_apply_lag_seconds_count)" \
    'BEGIN { if (d > c) printf "%.1f", 1000 * (b - a) / (d - c); else print "-" }')
  lag_max_ms=$(awk -v v="$(metric "$TMP/m1.txt" andon_alert_apply_lag_seconds_max)" 'BEGIN { printf "%.0f", 1000 * v }')
  local events_cell="**$ok_per_s**" applied_cell="**$applied_per_s** (drained ${drain_s} s after wrk)"
  if [ "$mode" = invalid ] || [ "$mode" = livez ]; then events_cell="(reference)"; applied_cell="-"; lag_mean_ms="-"; lag_max_ms="-"; fi
  RESULT_ROWS+="| $RUN | $label | $connections | $events_cell | $applied_cell | $lag_mean_ms / $lag_max_ms | $rps | $(ms "$p50") | $(ms "$p90") | **$(ms "$p99")** | $(ms "$pmax") | $non202${s_other:+ ($s_other)} | $non2xx | $sock |"$'\n'
  # First and last full samples of the run: does it slow down as alerts pile up?
  local trend
  trend=$(awk -F'\t' -v run="$RUN-$mode-c$connections" '$1 == run { n++; r[n] = $3; m[n] = $6 }
    END { if (n >= 2) printf "%s → %s | %s → %s", r[1], r[n - 1], m[1], m[n - 1]; else print "- | -" }' "$SAMPLES")
  BATCH_ROWS+="| $RUN | $label | $connections | $open_before | $batches ($(awk -v b="$batches" -v ms="$window_ms" 'BEGIN { printf "%.0f", b / (ms / 1000) }')/s) | $mean_batch | $mean_batch_ms | $batch_max_ms | $trend | $refused |"$'\n'
  local per_request
  per_request=$(awk -v j="$(( jvm2 - jvm0 ))" -v p="$(( pg2 - pg0 ))" -v u="$wrk_user" -v s="$wrk_sys" -v n="$requests" -v hz="$CLK_TCK" \
    'BEGIN { if (n > 0) printf "%.0f / %.0f / %.0f", 1e6 * j / hz / n, 1e6 * p / hz / n, 1e6 * (u + s) / n; else print "-" }')
  CPU_ROWS+="| $RUN | $label | $connections | $jvm_c | $pg_c | $wrk_c | $rest_c (softirq $softirq_c) | $steal_c | $per_request |"$'\n'
  VERIFY_ROWS+="| $RUN | $label | $connections | $s202 | $stored_alerts | $stored_dedups | $stored | $verify |"$'\n'

  # Busiest JVM threads and PostgreSQL processes over the run, in % of one core.
  local threads="" pgs
  [ -s "$TMP/threads0.tsv" ] && threads=$(awk -F'\t' -v ms="$window_ms" 'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; if (d > 0) printf "%.1f\t%s\n", 100 * d / ms, $1 }' \
    "$TMP/threads0.tsv" "$TMP/threads1.tsv" | sort -t$'\t' -k1 -g -r | head -n 6 | awk -F'\t' '{ printf "%s %s %%, ", $2, $1 }' | sed 's/, $//')
  pgs=$(awk -F'\t' -v ms="$window_ms" -v hz="$CLK_TCK" 'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; if (d > 0) printf "%.1f\t%s\n", 100 * d / hz / (ms / 1000), $3 }' \
    "$TMP/pg0.tsv" "$TMP/pg1.tsv" | sort -t$'\t' -k1 -g -r | head -n 4 | awk -F'\t' '{ printf "%s %s %%, ", $2, $1 }' | sed 's/, $//')
  THREAD_LINES+="- run $RUN ($label, $connections connections): JVM threads: ${threads:-n/a}; PostgreSQL: ${pgs:-n/a}"$'\n'

  if [ "$mode" = unique ]; then
    local verdict
    if awk -v r="$ok_per_s" -v a="$applied_per_s" -v p="$p99" -v t="$TARGET_EVENTS" -v l="$TARGET_P99_MS" 'BEGIN { exit !(r >= t && a >= t && p / 1000 < l) }'; then
      verdict=met
    else
      verdict="**not met**"
    fi
    VERDICTS+=("$connections connections: $ok_per_s events/s answered 202 (p99 $(ms "$p99") ms), $applied_per_s events/s applied end to end: $verdict")
  fi
  if [ "$mode" = invalid ] || [ "$mode" = livez ]; then
    log "run $RUN: $rps requests/s (reference), p99 $(ms "$p99") ms, statuses ${s_other:-none}, $verify; JVM $jvm_c, PostgreSQL $pg_c, wrk $wrk_c cores"
  else
    log "run $RUN: $ok_per_s events/s answered 202, p99 $(ms "$p99") ms, non-202 $non202, stored check: $verify; JVM $jvm_c, PostgreSQL $pg_c, wrk $wrk_c cores"
  fi
}

JFR_FILE=
if [ "${BENCH_JFR:-}" = 1 ]; then
  JFR_FILE=$OUT_DIR/ingest-$STAMP.jfr
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.start name=bench settings=profile filename="$JFR_FILE" >/dev/null || log "JFR.start failed"
fi
# The JIT needs more than one run's warm-up: the first requests of a fresh JVM run interpreted.
log "JIT warm-up: ${JIT_WARMUP} s of each mode at 32 connections"
jit_key=$(new_integration jit-warmup)
for mode in livez invalid unique dup90; do
  wrk_run "$mode" 32 "$JIT_WARMUP" "$jit_key" "jit-$mode" "$TMP/jit-$mode.txt"
  wait_drained
done
T_START=$(now_ms)
for c in $CONNECTIONS; do
  measure "reference: GET /livez" livez "$c"
  measure "reference: parse only (400)" invalid "$c"
  measure "unique keys" unique "$c"
done
for c in $CONNECTIONS; do
  measure "90 % duplicates" dup90 "$c"
done
T_END=$(now_ms)
if [ -n "$JFR_FILE" ]; then
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.stop name=bench >/dev/null || log "JFR.stop failed"
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
ALERTS_TOTAL=$("${PSQL[@]}" -c "select count(*) from alerts")

log "stopping the server (SIGTERM)"
STOP_MS=
stop_server "$SERVER_PID" || true
SERVER_PID=

# --- report ------------------------------------------------------------------------------------
REPORT=$(cat <<EOF
## Alert ingestion benchmark (durable: 202 only after the group commit to the inbox)

Command: \`bench/ingest.sh\` (BENCH_SECONDS=${SECONDS_PER_RUN}, BENCH_WARMUP_SECONDS=${WARMUP}, BENCH_CONNECTIONS="${CONNECTIONS}", wrk -t${WRK_THREADS}, BENCH_HOT_KEYS=${HOT_KEYS})

Each run: \`wrk -t${WRK_THREADS} -cN -d${SECONDS_PER_RUN}s --latency -s bench/lib/ingest.lua http://127.0.0.1:PORT/v2/enqueue\`, one ~300-byte
PagerDuty Events v2 trigger per request, after a ${WARMUP}-s warm-up on a service of its own; each run on a new
service and integration. Reference rows use no database: \`GET /livez\` (the HTTP stack and its
filters on kept-alive connections), and the same event with an invalid severity (parsed, validated
and answered 400; Tomcat closes the connection after a 400, so each of these requests also opens a
TCP connection).

**Target (unique keys): at least ${TARGET_EVENTS} events/s with p99 < ${TARGET_P99_MS} ms at 32 and 256 connections.** Held here to
both rates: answered 202 (stored in the inbox, durable) and applied to the alerts (ready to page),
the latter counted from wrk's start until the inbox had applied the run's last event.
$(printf -- '- %s\n' "${VERDICTS[@]}")

| run | what | connections | events/s answered 202 | events/s applied, end to end | apply lag mean / max ms | wrk requests/s | p50 ms | p90 ms | p99 ms | max ms | non-202 (Lua hook) | Non-2xx (wrk) | socket errors |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${RESULT_ROWS}
Stored against acknowledged (psql after each run: alerts of the run's integration + the sum of their dedup_count):

| run | what | connections | 202s | alerts | dedup_count sum | stored | check |
|---|---|---|---|---|---|---|---|
${VERIFY_ROWS}
Group commit (from /metrics: andon_alert_event_batch_seconds and andon_alert_events_total; series every ${SAMPLE} s in bench/out/$(basename "$SAMPLES")):

| run | what | connections | open alerts in the database at the start | batches (per s) | events per batch | ms per batch (mean) | batch max ms (recent) | events/s, first → last ${SAMPLE}-s sample \| ms per batch, first → last | refused (429) |
|---|---|---|---|---|---|---|---|---|---|
${BATCH_ROWS}
CPU over each measured run, in cores (the machine has $(nproc)):

| run | what | connections | Andon JVM | PostgreSQL (all processes) | wrk | rest of the machine | stolen by the VM host | CPU µs per request: JVM / PostgreSQL (until applied) / wrk |
|---|---|---|---|---|---|---|---|---|
${CPU_ROWS}
Busiest threads and processes (% of one core):

${THREAD_LINES}
| Setup | |
|---|---|
| PostgreSQL ${PG_VERSION} settings (name, value, source) as a session on the andon database sees them | $(tr '\n' ';' <<<"$DURABLE_ROWS" | sed 's/;$//; s/;/; /g'); per-database/per-role overrides: ${OVERRIDES} |
| 8 kB write with O_DSYNC on the data dir's disk (dd, 300 writes) | ${DSYNC_MS} ms |
| Reference from ARCHITECTURE.md (calibration prototype, same 2-core machine) | parse-only endpoint ~24k/s; one transaction per request ~5k/s; group commit ~10k/s with p99 < 10 ms |
| Alerts in the database at the end (all runs and warm-ups) | ${ALERTS_TOTAL} |
| Graceful stop (SIGTERM to exit) | ${STOP_MS} ms |
| Reference CPU task (awk loop), median of 3 before | $(median "${REFS[@]}") ms |
| Machine busy before the run (other processes, 5 s) / load average before, after | ${QUIET_BEFORE} cores / ${LOAD_BEFORE}; ${LOAD_AFTER} |
| Measured from / to | $(date -u -d "@$(( T_START / 1000 ))" '+%Y-%m-%d %H:%M:%S') / $(date -u -d "@$(( T_END / 1000 ))" '+%H:%M:%S') UTC |

| Environment | |
|---|---|
$(environment_rows "$JAVA" | grep -v '^| nginx')
| wrk | $(wrk -v 2>&1 | sed -n '1s/ Copyright.*//p') |
| JVM options (server) | ${ANDON_JAVA_OPTS-default of ./andon} |

Server log: bench/out/ingest-$STAMP-server.log${JFR_FILE:+; JFR recording: bench/out/$(basename "$JFR_FILE")}
EOF
)
printf '%s\n' "$REPORT"
OUT=$OUT_DIR/ingest-$STAMP.md
printf '%s\n' "$REPORT" >"$OUT"
log "saved to ${OUT#"$ROOT"/}"
