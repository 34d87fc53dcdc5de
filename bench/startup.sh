#!/usr/bin/env bash
# Measures Andon's startup time and idle memory (Linux only).
#
#   bench/startup.sh
#
# 1. builds the jar and records its startup cache once (./andon prepare)
# 2. COLD start: fresh data dir, ./andon server, ms until GET /readyz returns 200
#    (the first start also creates the PostgreSQL cluster)
# 3. idles, then records RSS of the JVM and of the PostgreSQL processes of that data dir
# 4. stops gracefully (SIGTERM) and checks no PostgreSQL process is left behind
# 5. WARM starts (same data dir), each measured the same way
# Prints a Markdown table and saves it under bench/out/.
#
# Tunables: BENCH_PORT (default: first free port from 18080), BENCH_WARM_RUNS (3),
# BENCH_IDLE_SECONDS (20), BENCH_READY_TIMEOUT (180 s), BENCH_STOP_TIMEOUT (60 s).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

WARM_RUNS=${BENCH_WARM_RUNS:-3}
IDLE_SECONDS=${BENCH_IDLE_SECONDS:-20}
READY_TIMEOUT_MS=$(( ${BENCH_READY_TIMEOUT:-180} * 1000 ))
STOP_TIMEOUT_MS=$(( ${BENCH_STOP_TIMEOUT:-60} * 1000 ))

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ -d /proc/self ] || die "needs Linux (/proc)"
command -v curl >/dev/null 2>&1 || die "curl not found"

now_ms() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local t=${EPOCHREALTIME//[.,]/}   # microseconds (decimal separator may be locale-specific)
    printf '%s\n' $(( t / 1000 ))
  else
    date +%s%3N
  fi
}

port_in_use() { (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -n "${BENCH_PORT:-}" ]; then
  PORT=$BENCH_PORT
  ! port_in_use "$PORT" || die "port $PORT is already in use"
else
  PORT=18080
  while port_in_use "$PORT"; do
    PORT=$((PORT + 1))
    [ "$PORT" -lt 18180 ] || die "no free port in 18080-18179"
  done
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/andon-bench.XXXXXX")
DATA=$TMP/data
LOG=$TMP/server.log
URL=http://127.0.0.1:$PORT/readyz
SERVER_PID=
IDLE_PID=

# --- process helpers ------------------------------------------------------------

is_running() {
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $st != Z* ]]
}

# PIDs of the postmaster(s) whose command line mentions our data dir, plus their children
# (backends/checkpointer/... rename themselves to "postgres: ..." and lose the -D path).
postgres_pids() {
  ps -eo pid=,ppid=,args= | awk -v dir="$DATA" '
    { pid[NR] = $1; ppid[NR] = $2; line[NR] = $0; exe[NR] = $3 }
    END {
      for (i = 1; i <= NR; i++)
        if (index(line[i], dir) && exe[i] ~ /(^|\/)(postgres|postmaster)$/) { master[pid[i]] = 1; print pid[i] }
      for (i = 1; i <= NR; i++)
        if ((ppid[i] in master) && !(pid[i] in master)) print pid[i]
    }'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
pss_kb() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null || true; }

stop_server() {
  local pid=$1 t0
  [ -n "$pid" ] || return 0
  t0=$(now_ms)
  kill -TERM "$pid" 2>/dev/null || true
  while is_running "$pid"; do
    if [ $(( $(now_ms) - t0 )) -ge "$STOP_TIMEOUT_MS" ]; then
      log "server (pid $pid) did not stop within $((STOP_TIMEOUT_MS / 1000)) s after SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      STOP_MS=timeout
      return 1
    fi
    sleep 0.05
  done
  wait "$pid" 2>/dev/null || true
  STOP_MS=$(( $(now_ms) - t0 ))
  return 0
}

cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  if [ -n "$IDLE_PID" ]; then kill "$IDLE_PID" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ] && is_running "$SERVER_PID"; then
    stop_server "$SERVER_PID" || true
  fi
  for p in $(postgres_pids); do kill -TERM "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in $(postgres_pids); do kill -KILL "$p" 2>/dev/null || true; done
  if [ "$rc" -ne 0 ] && [ -f "$LOG" ]; then
    mkdir -p "$ROOT/bench/out"
    cp "$LOG" "$ROOT/bench/out/server-failed.log" 2>/dev/null && log "server log saved to bench/out/server-failed.log"
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_log_tail() {
  log "last lines of the server log:"
  tail -n 60 "$LOG" >&2 || true
}

# Starts the server in the background (no subshell: it must stay our child);
# sets SERVER_PID and READY_MS (ms from launch until /readyz answered 200).
READY_MS=
start_and_wait_ready() {
  local label=$1 t0
  READY_MS=
  printf '\n===== %s start =====\n' "$label" >>"$LOG"
  t0=$(now_ms)
  ANDON_DATA_DIR=$DATA ANDON_PORT=$PORT ANDON_ADMIN_PASSWORD=bench-password-123 \
    ./andon server >>"$LOG" 2>&1 &
  SERVER_PID=$!
  while :; do
    if curl -fsS -o /dev/null --max-time 2 "$URL" 2>/dev/null; then
      READY_MS=$(( $(now_ms) - t0 ))
      return 0
    fi
    if ! is_running "$SERVER_PID"; then
      local rc=0
      wait "$SERVER_PID" || rc=$?
      SERVER_PID=
      log "$label start: server exited with code $rc before $URL became ready"
      show_log_tail
      return 1
    fi
    if [ $(( $(now_ms) - t0 )) -ge "$READY_TIMEOUT_MS" ]; then
      log "$label start: $URL not ready after $((READY_TIMEOUT_MS / 1000)) s"
      show_log_tail
      return 1
    fi
    sleep 0.05
  done
}

check_no_postgres_left() {
  local label=$1 i left
  for i in $(seq 1 50); do   # give postgres up to 5 s to finish its shutdown
    left=$(postgres_pids | paste -sd, -)
    [ -n "$left" ] || return 0
    sleep 0.1
  done
  log "$label: PostgreSQL processes still running after server stop: $left"
  ps -o pid,ppid,rss,args -p "$left" >&2 || true
  if [ "$LEFTOVER" = none ]; then LEFTOVER="yes: after $label (pids $left)"; else LEFTOVER="$LEFTOVER; after $label (pids $left)"; fi
  return 1
}

median() {
  local -a s
  read -r -a s <<<"$(printf '%s\n' "$@" | sort -n | tr '\n' ' ')"
  local n=${#s[@]}
  if (( n % 2 )); then printf '%s\n' "${s[n / 2]}"
  else printf '%s\n' $(( (s[n / 2 - 1] + s[n / 2]) / 2 )); fi
}

mb() { awk -v kb="${1:-0}" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# Idles IDLE_SECONDS, then reads the resident memory of the JVM and of every PostgreSQL process of
# the data dir into IDLE_JVM_RSS/PSS, IDLE_PG_RSS/PSS and IDLE_PG_COUNT (kB).
measure_idle() {
  local label=$1 p r q
  sleep "$IDLE_SECONDS" & IDLE_PID=$!   # background + wait: Ctrl-C/TERM are handled at once
  wait "$IDLE_PID"
  IDLE_PID=
  is_running "$SERVER_PID" || { log "$label: server died while idle"; show_log_tail; return 1; }
  IDLE_JVM_RSS=$(rss_kb "$SERVER_PID")
  IDLE_JVM_PSS=$(pss_kb "$SERVER_PID")
  IDLE_PG_RSS=0 IDLE_PG_PSS=0 IDLE_PG_COUNT=0
  for p in $(postgres_pids); do
    r=$(rss_kb "$p"); q=$(pss_kb "$p")
    IDLE_PG_RSS=$(( IDLE_PG_RSS + ${r:-0} )); IDLE_PG_PSS=$(( IDLE_PG_PSS + ${q:-0} )); IDLE_PG_COUNT=$(( IDLE_PG_COUNT + 1 ))
  done
  [ "$IDLE_PG_COUNT" -gt 0 ] || log "warning: no PostgreSQL process with '$DATA' in its command line found"
}

# --- run -----------------------------------------------------------------------

log "building and recording the startup cache (if needed) via ./andon prepare"
./andon prepare >/dev/null || die "./andon prepare failed (build or launcher problem)"

LEFTOVER=none
STOP_MS=

log "cold start (port $PORT, data dir $DATA)"
start_and_wait_ready cold || exit 1
COLD_MS=$READY_MS
log "cold start: ${COLD_MS} ms; idling ${IDLE_SECONDS} s"

JAVA_BIN=$(readlink "/proc/$SERVER_PID/exe" 2>/dev/null || true)
JDK_VERSION=$("${JAVA_BIN:-java}" -version 2>&1 | sed -n '1p' || true)

measure_idle "cold" || exit 1
JVM_RSS=$IDLE_JVM_RSS JVM_PSS=$IDLE_JVM_PSS PG_RSS=$IDLE_PG_RSS PG_PSS=$IDLE_PG_PSS PG_COUNT=$IDLE_PG_COUNT

stop_server "$SERVER_PID" || true
SERVER_PID=
STOPS=("$STOP_MS")
check_no_postgres_left "cold run" || true

# A fixed CPU task timed before each warm start: this VM's speed drifts by tens of percent over
# an hour, so the ratio warm start / reference is what compares across runs and machines.
reference_ms() {
  local t0
  t0=$(now_ms)
  awk 'BEGIN { s = 0; for (i = 0; i < 3000000; i++) s += i * i }'
  echo $(( $(now_ms) - t0 ))
}

WARM=()
REFS=()
WARM_RSS=()
WARM_RSS_DETAIL=()
for i in $(seq 1 "$WARM_RUNS"); do
  REFS+=("$(reference_ms)")
  start_and_wait_ready "warm $i" || exit 1
  ms=$READY_MS
  log "warm start $i: ${ms} ms; idling ${IDLE_SECONDS} s"
  WARM+=("$ms")
  measure_idle "warm $i" || exit 1
  WARM_RSS+=("$(( ${IDLE_JVM_RSS:-0} + IDLE_PG_RSS ))")
  WARM_RSS_DETAIL+=("$(mb "$(( ${IDLE_JVM_RSS:-0} + IDLE_PG_RSS ))") ($(mb "${IDLE_JVM_RSS:-0}") + $(mb "$IDLE_PG_RSS"), ${IDLE_PG_COUNT} PostgreSQL processes)")
  stop_server "$SERVER_PID" || true
  SERVER_PID=
  STOPS+=("$STOP_MS")
  check_no_postgres_left "warm run $i" || true
done

WARM_MIN=$(printf '%s\n' "${WARM[@]}" | sort -n | sed -n 1p)
WARM_MED=$(median "${WARM[@]}")
REF_MED=$(median "${REFS[@]}")
RATIO=$(awk -v w="$WARM_MED" -v r="$REF_MED" 'BEGIN { if (r > 0) printf "%.1f", w / r; else print "n/a" }')
TOTAL_RSS=$(( ${JVM_RSS:-0} + PG_RSS ))
PSS_NOTE=
if [ -n "$JVM_PSS" ]; then
  PSS_NOTE=" (PSS, shared pages split: JVM $(mb "$JVM_PSS") + PostgreSQL $(mb "$PG_PSS") = $(mb "$(( JVM_PSS + PG_PSS ))") MB)"
fi
CPU=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | sed -n 1p)
MEM_GB=$(free -g | awk '/^Mem:/ { print $2 }')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain 2>/dev/null | sed -n 1p || true)

REPORT=$(cat <<EOF
## Andon startup benchmark

| Metric | Value |
|---|---|
| Cold start to /readyz 200 (new data dir, creates DB cluster) | ${COLD_MS} ms |
| Warm start to /readyz 200 (runs) | $(printf '%s ms, ' "${WARM[@]}" | sed 's/, $//') |
| Warm start min / median | ${WARM_MIN} ms / ${WARM_MED} ms |
| Reference CPU task (awk loop) median / warm-start ratio | ${REF_MED} ms / ${RATIO}x |
| Idle RSS JVM (after ${IDLE_SECONDS} s, cold start) | $(mb "$JVM_RSS") MB |
| Idle RSS PostgreSQL (${PG_COUNT} processes, cold start) | $(mb "$PG_RSS") MB |
| Idle RSS total, cold start | $(mb "$TOTAL_RSS") MB${PSS_NOTE} |
| Idle RSS after each warm start, total (JVM + PostgreSQL) | $(printf '%s MB; ' "${WARM_RSS_DETAIL[@]}" | sed 's/; $//') |
| Idle RSS after a warm start, median | $(mb "$(median "${WARM_RSS[@]}")") MB |
| Graceful stop (SIGTERM to exit), each run | $(printf '%s ms, ' "${STOPS[@]}" | sed 's/, $//') |
| PostgreSQL processes left after stop | ${LEFTOVER} |

| Environment | |
|---|---|
| CPUs (nproc) | $(nproc) |
| Memory (free -g total) | ${MEM_GB} GB |
| CPU model | ${CPU:-unknown} |
| JDK | ${JDK_VERSION} (${JAVA_BIN:-?}) |
| JVM options | ${ANDON_JAVA_OPTS-default of ./andon} |
| Commit | ${COMMIT}${DIRTY:+ (uncommitted changes)} |
| Date | $(date -u '+%Y-%m-%d %H:%M:%S UTC') |

Start times include the ./andon launcher (JDK detection, jar freshness check).
EOF
)

printf '%s\n' "$REPORT"
mkdir -p "$ROOT/bench/out"
OUT=$ROOT/bench/out/startup-$(date -u +%Y%m%d-%H%M%S).md
printf '%s\n' "$REPORT" >"$OUT"
log "saved to ${OUT#"$ROOT"/}"
[ "$LEFTOVER" = none ] || exit 2
