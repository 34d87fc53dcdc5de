#!/usr/bin/env bash
# Measures the check engine under load on the real server: 10,000 HTTP checks every 10 s against a
# local nginx, for 5 minutes (Linux only).
#
#   bench/engine.sh                                   # 12-18 minutes (see bench/RESULTS.md)
#   BENCH_MINUTES=1 BENCH_CHECKS=2000 bench/engine.sh # a short trial
#
# 1. builds the jar (./andon prepare) and the test-scope driver dev.andon.bench.CreateChecks
# 2. starts a private nginx (as bench/probes.sh: temp config, free port, `return 200 "ok"`,
#    access_log off, NGINX_WORKERS=1) and waits for the machine to be quiet
# 3. starts `./andon server` on a new data dir and free ports (default JVM options of ./andon, or
#    ANDON_JAVA_OPTS), creates an API token (basic auth, once), one service and BENCH_CHECKS checks
#    through POST /api/v1/checks, BENCH_CREATE_CONCURRENCY at a time
# 4. waits until andon_checks_scheduled reaches BENCH_CHECKS, then until the server's reload thread
#    is quiet again (each create queues a full reload of the assignments); if it is still busy
#    after BENCH_SETTLE_TIMEOUT, restarts the server on the same data so the window measures the
#    steady state (the report says so); then BENCH_WARMUP_SECONDS more (the first results turn
#    every check from pending to up, which is extra work)
# 5. measures for BENCH_MINUTES: /metrics every BENCH_SAMPLE_SECONDS (schedule lag p50/p99/max,
#    result queue, probes in flight), CPU time from /proc of the Andon JVM, of every PostgreSQL
#    process of that data dir (exited backends included, through the postmaster's cutime) and of
#    nginx; results written (counter delta and rows in check_results with `at` in the window, by
#    status, read with psql) against the expected checks x window / interval; refused and
#    overloaded results (must be 0)
# 6. checks that the rows in check_results match andon_check_results_written_total, stops the server
#    with SIGTERM, checks no PostgreSQL is left, prints a Markdown report and saves it (and the
#    samples) under bench/out/
#
# Tunables: BENCH_CHECKS (10000), BENCH_INTERVAL (10s), BENCH_TIMEOUT (5s), BENCH_MINUTES (5),
# BENCH_WARMUP_SECONDS (60), BENCH_SAMPLE_SECONDS (10), BENCH_CREATE_CONCURRENCY (16),
# BENCH_PORT (free from 18280), BENCH_SCHEDULE_TIMEOUT (900 s to reach all checks scheduled),
# BENCH_SETTLE_TIMEOUT (300 s for the reloads after the creates, then a restart),
# BENCH_JFR=1 (records a JFR profile of the window into bench/out/), BENCH_QUIET_WAIT (600 s) /
# BENCH_QUIET_CORES (0.25), NGINX_WORKERS (1), ANDON_JAVA_OPTS (passed to ./andon).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/andon-bench-engine.XXXXXX")
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"

CHECKS=${BENCH_CHECKS:-10000}
INTERVAL=${BENCH_INTERVAL:-10s}
CHECK_TIMEOUT=${BENCH_TIMEOUT:-5s}
MINUTES=${BENCH_MINUTES:-5}
WARMUP=${BENCH_WARMUP_SECONDS:-60}
SAMPLE=${BENCH_SAMPLE_SECONDS:-10}
CREATE_CONCURRENCY=${BENCH_CREATE_CONCURRENCY:-16}
SCHEDULE_TIMEOUT=${BENCH_SCHEDULE_TIMEOUT:-900}
READY_TIMEOUT_MS=180000
STOP_TIMEOUT_MS=60000
PASSWORD=bench-password-123

[ -d /proc/self ] || die "needs Linux (/proc)"
for tool in curl jq; do command -v "$tool" >/dev/null 2>&1 || die "$tool not found"; done
case $INTERVAL in
  *ms) INTERVAL_MS=${INTERVAL%ms} ;;
  *s) INTERVAL_MS=$(( ${INTERVAL%s} * 1000 )) ;;
  *m) INTERVAL_MS=$(( ${INTERVAL%m} * 60000 )) ;;
  *) die "BENCH_INTERVAL must look like 10s, 500ms or 1m" ;;
esac
WINDOW_S=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 }')

DATA=$TMP/data
LOG=$TMP/server.log
SERVER_PID=
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT_DIR=$ROOT/bench/out
mkdir -p "$OUT_DIR"

nginx_ticks() { local t=0 p; for p in $(nginx_pids); do t=$(( t + $(proc_ticks "$p") )); done; echo "$t"; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  if [ -n "$SERVER_PID" ] && is_running "$SERVER_PID"; then stop_server "$SERVER_PID" || true; fi
  for p in $(postgres_pids); do kill -TERM "${p#M}" 2>/dev/null || true; done
  sleep 0.5
  for p in $(postgres_pids); do kill -KILL "${p#M}" 2>/dev/null || true; done
  stop_nginx
  if [ -f "$LOG" ]; then
    cp "$LOG" "$OUT_DIR/engine-$STAMP-server.log" 2>/dev/null || true
    [ "$rc" -eq 0 ] || log "server log saved to bench/out/engine-$STAMP-server.log"
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build ---------------------------------------------------------------------------------
JAVA_HOME=$(pick_java_home)
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
log "building the server jar and its startup cache if needed (./andon prepare)"
./andon prepare >/dev/null || die "./andon prepare failed"
build_test_classpath

# --- target and server -------------------------------------------------------------------------
NGINX_PORT=$(free_port 19180)
start_nginx "$NGINX_PORT"
TARGET_URL=http://127.0.0.1:$NGINX_PORT/
log "nginx (pid $NGINX_PID) on $TARGET_URL"

REFS=()
for i in 1 2 3; do REFS+=("$(reference_ms)"); done
wait_for_quiet

PORT=${BENCH_PORT:-$(free_port 18280)}
DB_PORT=$(free_port $(( PORT + 1000 )))
BASE=http://127.0.0.1:$PORT
# Starts the server in the background (no subshell: it must stay our child) and waits for /readyz.
start_server() {
  local t0
  log "starting ./andon server on port $PORT (database port $DB_PORT, data $DATA)"
  printf '\n===== bench: server start =====\n' >>"$LOG"
  t0=$(now_ms)
  SERVER_STARTED_MS=$t0
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
  local exe
  exe=$(readlink "/proc/$SERVER_PID/exe" 2>/dev/null || true)
  [[ $exe == */java ]] || log "warning: pid $SERVER_PID is $exe, not java: JVM CPU figures would be wrong"
}

# Waits until no PostgreSQL process of our data dir is left (5 s at most); LEFT names any left.
wait_postgres_gone() {
  local i
  LEFT=
  for i in $(seq 1 50); do
    LEFT=$(postgres_pids | tr -d M | paste -sd, -)
    [ -n "$LEFT" ] || return 0
    sleep 0.1
  done
  return 1
}

start_server

TOKEN=$(curl -fsS -u "admin:$PASSWORD" -H 'Content-Type: application/json' \
  -d '{"name":"bench","scopes":["read","write"]}' "$BASE/api/v1/tokens" | jq -r .token)
[ -n "$TOKEN" ] && [ "$TOKEN" != null ] || die "could not create an API token"
AUTH=(-H "Authorization: Bearer $TOKEN")
curl -fsS -o /dev/null "${AUTH[@]}" -H 'Content-Type: application/json' -d '{"slug":"bench","name":"Bench"}' \
  "$BASE/api/v1/services" || die "could not create the service"

# Only the series the benchmark reads: with 10,000 checks the full /metrics has three series per
# check (status, up, latency), and rendering all of them every few seconds would load the server.
METRIC_NAMES=andon_checks_scheduled,andon_check_schedule_lag_seconds,andon_check_schedule_lag_seconds_max,andon_check_result_queue
METRIC_NAMES+=,andon_probes_in_flight,andon_check_results_written_total,andon_check_results_refused_total
METRIC_NAMES+=,andon_probes_overloaded_total,andon_check_results_ignored_total,andon_check_result_batch_seconds
# Counters are named without _total inside the Prometheus client; the filter may see either name.
METRIC_NAMES+=,andon_check_results_written,andon_check_results_refused,andon_probes_overloaded,andon_check_results_ignored
fetch_metrics() { curl -fsS --max-time 10 "${AUTH[@]}" "$BASE/metrics?includedNames=$METRIC_NAMES" >"$1"; }
# metric FILE NAME [LABEL_TEXT]: the value of the first series NAME whose labels contain LABEL_TEXT.
metric() {
  awk -v name="$2" -v label="${3:-}" '
    $0 !~ /^#/ && (index($0, name " ") == 1 || index($0, name "{") == 1) && index($0, label) { v = $NF; found = 1; exit }
    END { if (found) printf "%s\n", v; else print "NaN" }' "$1"
}
# The lag timer's Prometheus name: Micrometer appends the base unit to a name unless it ends with it.
LAG=andon_check_schedule_lag_seconds

# CPU time (ms) of every platform thread of the server, from a thread dump: "name<TAB>ms" lines,
# with trailing numbers of pool threads replaced by * (virtual threads run on the ForkJoinPool
# carriers; SerialGC collects in the "VM Thread").
thread_cpu_table() {
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" Thread.print 2>/dev/null | awk '
    /^"/ {
      name = substr($0, 2); name = substr(name, 1, index(name, "\"") - 1)
      gsub(/[0-9]+$/, "*", name); gsub(/-[0-9]+-/, "-*-", name)
      for (i = 1; i <= NF; i++) if ($i ~ /^cpu=/) { v = $i; gsub(/cpu=|ms/, "", v); cpu[name] += v }
    }
    END { for (n in cpu) printf "%s\t%.0f\n", n, cpu[n] }'
}

# CPU time (ms) of one named platform thread of the server, from a thread dump.
thread_cpu_ms() {
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" Thread.print 2>/dev/null | awk -v name="\"$1\"" '
    index($0, name) == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^cpu=/) { v = $i; gsub(/cpu=|ms/, "", v); printf "%.0f\n", v; exit } }'
}
RELOAD_CPU0=$(thread_cpu_ms andon-check-reload); RELOAD_CPU0=${RELOAD_CPU0:-0}

log "creating $CHECKS checks (interval $INTERVAL, timeout $CHECK_TIMEOUT, $CREATE_CONCURRENCY at a time)"
t0=$(now_ms)
"$JAVA" -cp "$BENCH_CLASSPATH" dev.andon.bench.CreateChecks "$BASE" "$TOKEN" bench "$CHECKS" "$CREATE_CONCURRENCY" \
  "$TARGET_URL" "$INTERVAL" "$CHECK_TIMEOUT" >"$TMP/create.out" || { cat "$TMP/create.out" >&2; die "creating checks failed"; }
CREATE_MS=$(( $(now_ms) - t0 ))
cat "$TMP/create.out" >&2
log "created $CHECKS checks in $(( CREATE_MS / 1000 )) s; waiting until all are scheduled"

t0=$(now_ms)
while :; do
  fetch_metrics "$TMP/m.txt" || true
  scheduled=$(metric "$TMP/m.txt" andon_checks_scheduled)
  [ "${scheduled%.*}" != NaN ] && [ "${scheduled%.*}" -ge "$CHECKS" ] 2>/dev/null && break
  [ $(( $(now_ms) - t0 )) -lt $(( SCHEDULE_TIMEOUT * 1000 )) ] || die "only $scheduled of $CHECKS checks scheduled after $SCHEDULE_TIMEOUT s"
  is_running "$SERVER_PID" || die "the server died"
  sleep 2
done
SCHEDULED_MS=$(( $(now_ms) - t0 ))
log "all $CHECKS checks scheduled $(( SCHEDULED_MS / 1000 )) s after the last was created"

# Every created check queues a reload of all assignments (LocalProber.onChecksChanged): measuring
# before that work is done would measure it, not the engine. Waits until the reload thread used
# less than a fifth of the time in two samples in a row, at most BENCH_SETTLE_TIMEOUT seconds;
# past that the server is restarted on the same data (it then loads its checks once) and the
# window measures the engine's steady state.
SETTLE_TIMEOUT=${BENCH_SETTLE_TIMEOUT:-300}
SETTLED=yes
t_settle=$(now_ms)
prev=$(thread_cpu_ms andon-check-reload); prev=${prev:-0}; quiet=0
while [ "$quiet" -lt 2 ]; do
  sleep 10
  is_running "$SERVER_PID" || die "the server died"
  cur=$(thread_cpu_ms andon-check-reload); cur=${cur:-$prev}
  if [ $(( cur - prev )) -lt 2000 ]; then quiet=$(( quiet + 1 )); else quiet=0; fi
  log "  reload thread: $(( (cur - prev) / 100 )) % busy over 10 s, $(( (cur - RELOAD_CPU0) / 1000 )) s CPU since the first create"
  prev=$cur
  if [ $(( $(now_ms) - t_settle )) -ge $(( SETTLE_TIMEOUT * 1000 )) ]; then
    SETTLED=no
    break
  fi
done
SETTLE_S=$(( ($(now_ms) - t_settle) / 1000 ))
RELOAD_CPU_S=$(awk -v a="$RELOAD_CPU0" -v b="$prev" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
RESTART=no
if [ "$SETTLED" = yes ]; then
  SETTLE_TEXT="${SETTLE_S} s; reload thread CPU since the first create: ${RELOAD_CPU_S} s"
else
  SETTLE_TEXT="**not quiet after ${SETTLE_S} s** (reload thread still busy, ${RELOAD_CPU_S} s CPU since the first create): server restarted before measuring"
  log "the reload thread is still busy after $SETTLE_TIMEOUT s (${RELOAD_CPU_S} s CPU so far); restarting the server"
  stop_server "$SERVER_PID" || true
  SERVER_PID=
  wait_postgres_gone || die "PostgreSQL still running after the server stopped: $LEFT"
  RESTART="yes (stop took ${STOP_MS} ms)"
  start_server
  t0=$(now_ms)
  until fetch_metrics "$TMP/m.txt" && [ "$(metric "$TMP/m.txt" andon_checks_scheduled | awk '{ printf "%d", $1 }')" -ge "$CHECKS" ]; do
    [ $(( $(now_ms) - t0 )) -lt 120000 ] || die "checks not scheduled 120 s after the restart"
    sleep 1
  done
fi
log "warming up ${WARMUP} s"
sleep "$WARMUP"

# --- the measured window -----------------------------------------------------------------------------
PSQL=(psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -d andon -X -A -t -q)
export PGPASSWORD
PGPASSWORD=$(cat "$DATA/postgres-password")
HAVE_PSQL=yes
command -v psql >/dev/null 2>&1 && "${PSQL[@]}" -c 'select 1' >/dev/null 2>&1 || { HAVE_PSQL=no; log "psql not usable: rows not counted"; }

# Series of the window, one line per sample.
SAMPLES=$OUT_DIR/engine-$STAMP-samples.tsv
printf 'elapsed_s\tlag_p50_s\tlag_p99_s\tlag_max_s\tqueue\tin_flight\twritten_total\tjvm_cores\tpostgres_cores\n' >"$SAMPLES"

# The window runs from just before the first /metrics reading to just after the last, so the written
# counter's delta and the rows with `at` in the window cover the same span (within ~50 ms).
thread_cpu_table >"$TMP/threads0.tsv" || true
W0=$(now_ms)
fetch_metrics "$TMP/m0.txt"
JVM0=$(proc_ticks "$SERVER_PID"); PG0=$(postgres_ticks); NGX0=$(nginx_ticks)
read -r _ _ MP0 MQ0 MS0 < <(machine_ticks)
if [ "${BENCH_JFR:-}" = 1 ]; then
  JFR_FILE=$OUT_DIR/engine-$STAMP.jfr
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.start name=bench settings=profile filename="$JFR_FILE" >/dev/null || log "JFR.start failed"
fi
log "measuring for ${WINDOW_S} s"

prev_jvm=$JVM0 prev_pg=$PG0 prev_ms=$W0
while [ $(( $(now_ms) - W0 )) -lt $(( WINDOW_S * 1000 )) ]; do
  left=$(( WINDOW_S * 1000 - ($(now_ms) - W0) ))
  step=$(( SAMPLE * 1000 < left ? SAMPLE * 1000 : left ))
  sleep "$(awk -v ms="$step" 'BEGIN { printf "%.3f", ms / 1000 }')"
  is_running "$SERVER_PID" || die "the server died during the window"
  fetch_metrics "$TMP/s.txt" || { log "warning: /metrics failed"; continue; }
  now=$(now_ms); jvm=$(proc_ticks "$SERVER_PID"); pg=$(postgres_ticks)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$(awk -v d="$(( now - W0 ))" 'BEGIN { printf "%.0f", d / 1000 }')" \
    "$(metric "$TMP/s.txt" "$LAG" 'quantile="0.5"')" "$(metric "$TMP/s.txt" "$LAG" 'quantile="0.99"')" \
    "$(metric "$TMP/s.txt" "${LAG}_max")" "$(metric "$TMP/s.txt" andon_check_result_queue)" \
    "$(metric "$TMP/s.txt" andon_probes_in_flight)" "$(metric "$TMP/s.txt" andon_check_results_written_total)" \
    "$(awk -v d="$(( jvm - prev_jvm ))" -v ms="$(( now - prev_ms ))" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", d / hz / (ms / 1000) }')" \
    "$(awk -v d="$(( pg - prev_pg ))" -v ms="$(( now - prev_ms ))" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", d / hz / (ms / 1000) }')" \
    >>"$SAMPLES"
  tail -n 1 "$SAMPLES" | awk -F'\t' '{ printf "bench: %4ss lag p50 %s p99 %s max %s s, queue %s, in flight %s, JVM %s cores, PostgreSQL %s cores\n", $1, $2, $3, $4, $5, $6, $8, $9 }' >&2
  prev_jvm=$jvm prev_pg=$pg prev_ms=$now
done

JVM1=$(proc_ticks "$SERVER_PID"); PG1=$(postgres_ticks); NGX1=$(nginx_ticks)
read -r _ _ MP1 MQ1 MS1 < <(machine_ticks)
fetch_metrics "$TMP/m1.txt"
W1=$(now_ms)
thread_cpu_table >"$TMP/threads1.tsv" || true
# The busiest threads over the window, in % of one core (threads that ended in the window are missing).
THREAD_ROWS=$(awk -F'\t' -v ms="$(( W1 - W0 ))" '
    NR == FNR { before[$1] = $2; next }
    { d = $2 - before[$1]; if (d > 0) printf "%.1f\t%s\n", 100 * d / ms, $1 }' "$TMP/threads0.tsv" "$TMP/threads1.tsv" \
  | sort -t$'\t' -k1 -g -r | head -n 12 | awk -F'\t' '{ printf "%s %s %%, ", $2, $1 }' | sed 's/, $//')
# One full scrape, as Prometheus would take it, to show what it costs with this many checks.
t0=$(now_ms)
curl -fsS --max-time 60 "${AUTH[@]}" "$BASE/metrics" -o "$TMP/full-metrics.txt" || true
FULL_SCRAPE="$(( $(now_ms) - t0 )) ms, $(wc -l <"$TMP/full-metrics.txt") lines, $(( $(wc -c <"$TMP/full-metrics.txt") / 1024 )) KiB"
iso() { date -u -d "@$(awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }')" '+%Y-%m-%d %H:%M:%S'; }
if [ "${BENCH_JFR:-}" = 1 ]; then
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.stop name=bench >/dev/null || log "JFR.stop failed"
fi
JVM_RSS=$(rss_kb "$SERVER_PID")
PG_RSS=0
for p in $(postgres_pids); do PG_RSS=$(( PG_RSS + $(rss_kb "${p#M}") )); done

# --- results: counters and rows ---------------------------------------------------------------------
SECONDS_MEASURED=$(awk -v d="$(( W1 - W0 ))" 'BEGIN { printf "%.1f", d / 1000 }')
cores() { awk -v d="$1" -v ms="$(( W1 - W0 ))" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", d / hz / (ms / 1000) }'; }
JVM_CORES=$(cores $(( JVM1 - JVM0 ))); PG_CORES=$(cores $(( PG1 - PG0 ))); NGX_CORES=$(cores $(( NGX1 - NGX0 )))
STEAL_CORES=$(cores $(( MS1 - MS0 )))
OTHER_CORES=$(awk -v a="$(cores $(( MP1 - MP0 + MQ1 - MQ0 )))" -v j="$JVM_CORES" -v p="$PG_CORES" -v n="$NGX_CORES" \
  'BEGIN { o = a - j - p - n; printf "%.2f", o < 0 ? 0 : o }')

delta() { awk -v a="$(metric "$TMP/m0.txt" "$@")" -v b="$(metric "$TMP/m1.txt" "$@")" 'BEGIN { printf "%.0f", b - a }'; }
total() { awk -v b="$(metric "$TMP/m1.txt" "$@")" 'BEGIN { printf "%.0f", b }'; }
WRITTEN=$(delta andon_check_results_written_total)
EXPECTED=$(awk -v n="$CHECKS" -v ms="$(( W1 - W0 ))" -v i="$INTERVAL_MS" 'BEGIN { printf "%.0f", n * ms / i }')
WRITTEN_PCT=$(awk -v w="$WRITTEN" -v e="$EXPECTED" 'BEGIN { printf "%.2f", 100 * w / e }')
REFUSED=$(total andon_check_results_refused_total); REFUSED_W=$(delta andon_check_results_refused_total)
OVERLOADED=$(total andon_probes_overloaded_total); OVERLOADED_W=$(delta andon_probes_overloaded_total)
IGNORED=$(total andon_check_results_ignored_total)
LAG_COUNT=$(delta "${LAG}_count")
LAG_MEAN_MS=$(awk -v a="$(metric "$TMP/m0.txt" "${LAG}_sum")" -v b="$(metric "$TMP/m1.txt" "${LAG}_sum")" -v n="$LAG_COUNT" \
  'BEGIN { if (n > 0) printf "%.1f", 1000 * (b - a) / n; else print "n/a" }')
BATCHES=$(delta andon_check_result_batch_seconds_count)
BATCH_MEAN_MS=$(awk -v a="$(metric "$TMP/m0.txt" andon_check_result_batch_seconds_sum)" -v b="$(metric "$TMP/m1.txt" andon_check_result_batch_seconds_sum)" \
  -v n="$BATCHES" 'BEGIN { if (n > 0) printf "%.1f", 1000 * (b - a) / n; else print "n/a" }')

# Lag percentiles: Micrometer publishes them over a sliding window of about two minutes, so the
# samples are summarized: median of the p50s, worst p99 and max seen.
col() { awk -F'\t' -v c="$1" 'NR > 1 && $c != "NaN" { print $c }' "$SAMPLES"; }
P50_MED=$(col 2 | sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%.1f", 1000 * v[int((NR + 1) / 2)]; else print "n/a" }')
P99_MAX=$(col 3 | sort -g | awk 'END { if (NR) printf "%.1f", 1000 * $1; else print "n/a" }')
P99_LAST=$(col 3 | tail -n 1 | awk '{ printf "%.1f", 1000 * $1 }')
LAG_MAX=$(col 4 | sort -g | awk 'END { if (NR) printf "%.1f", 1000 * $1; else print "n/a" }')
QUEUE_MAX=$(col 5 | sort -g | tail -n 1); QUEUE_MED=$(median $(col 5 | awk '{ printf "%.0f\n", $1 }'))
INFLIGHT_MAX=$(col 6 | sort -g | tail -n 1)

ROWS_WINDOW=n/a ROWS_BY_STATUS=n/a ROWS_TOO_CLOSE=n/a ROWS_PCT=n/a ROWS_TOTAL=n/a ROWS_CHECK=n/a COUNTER_BEFORE=n/a COUNTER_AFTER=n/a
if [ "$HAVE_PSQL" = yes ]; then
  sleep 2   # let the batch of the window's last results commit
  IN_WINDOW="at >= to_timestamp($W0 / 1000.0) and at < to_timestamp($W1 / 1000.0)"
  ROWS_WINDOW=$("${PSQL[@]}" -c "select count(*) from check_results where $IN_WINDOW")
  ROWS_BY_STATUS=$("${PSQL[@]}" -c "select string_agg(status || ' ' || n, ', ' order by status) from (select status, count(*) n from check_results where $IN_WINDOW group by status) s")
  # A check must run once per slot: two runs of one check closer than half an interval are a scheduler bug.
  ROWS_TOO_CLOSE=$("${PSQL[@]}" -c "select count(*) from (select at - lag(at) over (partition by check_id order by at) gap from check_results where $IN_WINDOW) g where gap < interval '$(( INTERVAL_MS / 2 )) milliseconds'")
  ROWS_PCT=$(awk -v r="$ROWS_WINDOW" -v e="$EXPECTED" 'BEGIN { printf "%.2f", 100 * r / e }')
  # Rows against the counter: the counter moves inside the writer's transaction, just before the
  # commit, so the committed rows lie between a reading taken before the count and one taken after.
  # Only rows of this server process count (the counter starts at 0 with it; after a restart the
  # earlier process's rows all have `at` before this one started).
  fetch_metrics "$TMP/c0.txt"
  ROWS_TOTAL=$("${PSQL[@]}" -c "select count(*) from check_results where at >= to_timestamp($SERVER_STARTED_MS / 1000.0)")
  fetch_metrics "$TMP/c1.txt"
  COUNTER_BEFORE=$(metric "$TMP/c0.txt" andon_check_results_written_total | awk '{ printf "%.0f", $1 }')
  COUNTER_AFTER=$(metric "$TMP/c1.txt" andon_check_results_written_total | awk '{ printf "%.0f", $1 }')
  BATCH_LIMIT=2000
  if [ "$ROWS_TOTAL" -le "$COUNTER_AFTER" ] && [ "$ROWS_TOTAL" -ge $(( COUNTER_BEFORE - BATCH_LIMIT )) ]; then
    ROWS_CHECK="match"
  else
    ROWS_CHECK="**MISMATCH**"
  fi
fi

log "stopping the server (SIGTERM)"
STOP_MS=
stop_server "$SERVER_PID" || true
SERVER_PID=
LEFTOVER=none
wait_postgres_gone || LEFTOVER="yes: $LEFT"
stop_nginx

# --- report --------------------------------------------------------------------------------------------
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "**not met**"; fi; }
LAG_VERDICT=$(verdict "$P99_MAX < 1000")
CPU_VERDICT=$(verdict "$JVM_CORES < 1.0")
LOSS_VERDICT=$(verdict "$REFUSED == 0 && $OVERLOADED == 0 && $WRITTEN_PCT >= 99 && $WRITTEN_PCT <= 101")
[ "$ROWS_CHECK" != "**MISMATCH**" ] || LOSS_VERDICT="**not met** (rows do not match the counter)"
[ "$ROWS_TOO_CLOSE" = n/a ] || [ "$ROWS_TOO_CLOSE" -eq 0 ] || LOSS_VERDICT="**not met** (checks ran twice in a slot)"

REPORT=$(cat <<EOF
## Check engine benchmark

Command: \`bench/engine.sh\` (BENCH_CHECKS=${CHECKS}, BENCH_INTERVAL=${INTERVAL}, BENCH_MINUTES=${MINUTES}, BENCH_WARMUP_SECONDS=${WARMUP})

| Setup | |
|---|---|
| Checks | ${CHECKS} HTTP GET of ${TARGET_URL} (nginx), every ${INTERVAL}, timeout ${CHECK_TIMEOUT}, location local |
| Created through POST /api/v1/checks, ${CREATE_CONCURRENCY} at a time | $(awk -v ms="$CREATE_MS" 'BEGIN { printf "%.1f", ms / 1000 }') s ($(sed -n 's/.*per_s=\([0-9]*\).*/\1/p' "$TMP/create.out") checks/s) |
| Until andon_checks_scheduled = ${CHECKS}, after the last create | $(awk -v ms="$SCHEDULED_MS" 'BEGIN { printf "%.1f", ms / 1000 }') s |
| Until the server is quiet again (reloads after the creates done) | ${SETTLE_TEXT} |
| Measured window (after ${WARMUP} s warm-up) | ${SECONDS_MEASURED} s, $(iso "$W0") to $(iso "$W1") UTC |

| Metric (over the window) | Result | Target |
|---|---|---|
| Schedule lag p99, worst of the ${SAMPLE}-s samples (last) | **${P99_MAX} ms** (${P99_LAST} ms) | < 1000 ms — ${LAG_VERDICT} |
| Schedule lag p50, median of the samples | ${P50_MED} ms | |
| Schedule lag mean (sum/count delta) / max seen | ${LAG_MEAN_MS} ms / ${LAG_MAX} ms | |
| CPU, Andon JVM | **$(awk -v c="$JVM_CORES" 'BEGIN { printf "%.0f", c * 100 }') %** of one core | < 100 % — ${CPU_VERDICT} |
| CPU, PostgreSQL (all processes of the data dir) | $(awk -v c="$PG_CORES" 'BEGIN { printf "%.0f", c * 100 }') % of one core | |
| CPU, nginx | $(awk -v c="$NGX_CORES" 'BEGIN { printf "%.0f", c * 100 }') % of one core | |
| CPU, rest of the machine (other processes, softirq charged to none) / stolen by the VM host | $(awk -v b="$OTHER_CORES" -v c="$STEAL_CORES" 'BEGIN { printf "%.0f %% / %.0f %%", b * 100, c * 100 }') | |
| Results written (counter delta) / expected (${CHECKS} x window / ${INTERVAL}) | **${WRITTEN}** / ${EXPECTED} (${WRITTEN_PCT} %) | 100 % — ${LOSS_VERDICT} |
| Rows in check_results with \`at\` in the window, by status | ${ROWS_WINDOW} (${ROWS_PCT} % of expected; ${ROWS_BY_STATUS}) | all up |
| Runs of one check closer than half an interval | ${ROWS_TOO_CLOSE} | 0 |
| Rows in check_results since this server process started vs its written counter (read before / after the count) | ${ROWS_TOTAL} vs ${COUNTER_BEFORE} / ${COUNTER_AFTER} — ${ROWS_CHECK} | equal |
| Refused (queue full), whole run / window | ${REFUSED} / ${REFUSED_W} | 0 |
| Overloaded (late or too many in flight), whole run / window | ${OVERLOADED} / ${OVERLOADED_W} | 0 |
| Ignored results, whole run | ${IGNORED} | |
| Result queue depth, median / max of the samples | ${QUEUE_MED} / ${QUEUE_MAX} | low |
| Probes in flight, max of the samples | ${INFLIGHT_MAX} | |
| JVM threads by CPU over the window (% of one core) | ${THREAD_ROWS} | |
| One full /metrics scrape after the window (the samples fetch only the andon_* series they read) | ${FULL_SCRAPE} | |
| Result batches: count, mean write time | ${BATCHES}, ${BATCH_MEAN_MS} ms | |
| RSS at the end: JVM / PostgreSQL | $(awk -v k="$JVM_RSS" 'BEGIN { printf "%.0f", k / 1024 }') MB / $(awk -v k="$PG_RSS" 'BEGIN { printf "%.0f", k / 1024 }') MB | |
| Graceful stop (SIGTERM to exit); PostgreSQL left after | ${STOP_MS} ms; ${LEFTOVER} | |
| Reference CPU task (awk loop), median of 3 before | $(median "${REFS[@]}") ms | |
| Machine busy before the run (other processes, 5 s) | ${QUIET_BEFORE} cores | |

| Environment | |
|---|---|
$(environment_rows "$JAVA")
| JVM options (server) | ${ANDON_JAVA_OPTS-default of ./andon} |

Samples (every ${SAMPLE} s): bench/out/$(basename "$SAMPLES"); server log: bench/out/engine-$STAMP-server.log${JFR_FILE:+; JFR recording: bench/out/$(basename "$JFR_FILE")}
EOF
)
printf '%s\n' "$REPORT"
OUT=$OUT_DIR/engine-$STAMP.md
printf '%s\n' "$REPORT" >"$OUT"
log "saved to ${OUT#"$ROOT"/}"
