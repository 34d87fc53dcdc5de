#!/usr/bin/env bash
# Measures how many HTTP probes per second Andon's probe code (andon-probe's HttpSpec.run) can run
# on this machine, each on a fresh TCP connection, against a local nginx; and, as the ceiling,
# what wrk does against the same nginx with a fresh connection per request (Linux only).
#
#   bench/probes.sh
#
# 1. compiles andon-probe and the test-scope driver dev.andon.bench.ProbeThroughput (so the current
#    Http*.java sources are measured) and resolves the test classpath, offline
# 2. starts a private nginx (own config in a temp dir, free port from 19080, access_log off,
#    `return 200 "ok"`, NGINX_WORKERS=1 worker process by default)
# 3. times a fixed CPU task (the reference of bench/startup.sh) and waits for the machine to be quiet
# 4. PROBES: one JVM runs HttpSpec.get(url).run(timeout) in a loop on N virtual threads, for each N
#    in BENCH_CONCURRENCY: BENCH_WARMUP_SECONDS of warm-up, then counts UP results for
#    BENCH_SECONDS. Any DOWN is an error (the script then exits 2).
# 5. CEILING: wrk -H 'Connection: close' for BENCH_SECONDS at the same connection counts, with 1
#    and with 2 wrk threads; the best is the ceiling
# 6. prints a Markdown report (per run: rate, CPU of the client, of nginx and of the rest of the
#    machine) and saves it under bench/out/
#
# Tunables: BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (5), BENCH_CONCURRENCY ("32 64 128"),
# BENCH_TIMEOUT_MS (5000), BENCH_JAVA_OPTS (-XX:+UseSerialGC -Xms64m -Xmx512m, the server's
# defaults), NGINX_WORKERS (1), BENCH_NGINX_PORT, BENCH_QUIET_WAIT (600 s) / BENCH_QUIET_CORES
# (0.25): how long to wait for other processes to leave the CPUs alone before measuring.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/andon-bench-probes.XXXXXX")
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"

SECONDS_PER_RUN=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP_SECONDS:-5}
CONCURRENCY=${BENCH_CONCURRENCY:-32 64 128}
TIMEOUT_MS=${BENCH_TIMEOUT_MS:-5000}
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx512m}
TARGET=5000

[ -d /proc/self ] || die "needs Linux (/proc)"
command -v curl >/dev/null 2>&1 || die "curl not found"
command -v wrk >/dev/null 2>&1 || die "wrk not found: apt-get install -y wrk"

DRIVER_PID=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$DRIVER_PID" ]; then kill "$DRIVER_PID" 2>/dev/null || true; wait "$DRIVER_PID" 2>/dev/null || true; fi
  stop_nginx
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

JAVA_HOME=$(pick_java_home)
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java

build_test_classpath

PORT=${BENCH_NGINX_PORT:-$(free_port 19080)}
start_nginx "$PORT"
URL=http://127.0.0.1:$PORT/
log "nginx (pid $NGINX_PID, ${NGINX_WORKERS:-1} worker(s)) on $URL"

REFS=()
for i in 1 2 3; do REFS+=("$(reference_ms)"); done
log "reference CPU task: ${REFS[*]} ms"

wait_for_quiet

# --- Andon's probes --------------------------------------------------------------------
# shellcheck disable=SC2086  # JAVA_OPTS and CONCURRENCY are word lists
log "probes: HttpSpec.run on ${CONCURRENCY// /, } virtual threads, ${WARMUP} s warm-up + ${SECONDS_PER_RUN} s each"
set +e
"$JAVA" $JAVA_OPTS -Dbench.watchPids="$(nginx_pids | paste -sd, -)" -Dbench.clockTicks="$CLK_TCK" -cp "$BENCH_CLASSPATH" \
  dev.andon.bench.ProbeThroughput "$URL" "$WARMUP" "$SECONDS_PER_RUN" "$TIMEOUT_MS" $CONCURRENCY >"$TMP/probes.out" 2>"$TMP/probes.err" &
DRIVER_PID=$!
wait "$DRIVER_PID"
DRIVER_RC=$?
DRIVER_PID=
set -e
cat "$TMP/probes.out" >&2
if ! grep -q '^result ' "$TMP/probes.out"; then
  cat "$TMP/probes.err" >&2
  die "the probe driver printed no result (exit code $DRIVER_RC)"
fi

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

PROBE_ROWS=
BEST_PROBES=0 BEST_PROBES_AT=
DOWN_TOTAL=0
while read -r line; do
  c=$(field concurrency "$line"); rate=$(field probes_per_s "$line"); down=$(field down_total "$line")
  jvm=$(field jvm_cpu_cores "$line"); per=$(field jvm_cpu_us_per_probe "$line")
  ngx=$(field watched_cpu_cores "$line"); procs=$(field machine_process_cores "$line")
  irq=$(field machine_irq_cores "$line"); steal=$(field machine_steal_cores "$line")
  rest=$(awk -v b="$procs" -v q="$irq" -v j="$jvm" -v n="$ngx" 'BEGIN { o = b + q - j - n; printf "%.2f", o < 0 ? 0 : o }')
  PROBE_ROWS+="| Andon probes, $c virtual threads | **$rate** | $down | $jvm ($per µs/probe) | $ngx | $rest | $steal |"$'\n'
  DOWN_TOTAL=$(( DOWN_TOTAL + down ))
  if [ "${rate%.*}" -gt "$BEST_PROBES" ]; then BEST_PROBES=${rate%.*}; BEST_PROBES_AT=$c; fi
done < <(grep '^result ' "$TMP/probes.out")
DOWN_LINES=$(grep '^down ' "$TMP/probes.out" | sed 's/^/    /' || true)

# --- the ceiling: wrk, a fresh connection per request -----------------------------------------
nginx_ticks() { local t=0 p; for p in $(nginx_pids); do t=$(( t + $(proc_ticks "$p") )); done; echo "$t"; }
cores() { awk -v d="$1" -v s="$SECONDS_PER_RUN" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", d / hz / s }'; }

WRK_ROWS=
BEST_WRK=0 BEST_WRK_AT=
for threads in 1 2; do
  for c in $CONCURRENCY; do
    [ "$c" -ge "$threads" ] || continue
    log "wrk -t$threads -c$c -d${SECONDS_PER_RUN}s -H 'Connection: close'"
    read -r _ _ p0 q0 s0 < <(machine_ticks); n0=$(nginx_ticks)
    # `times` after wrk prints the CPU time of the shell's children: wrk's own CPU.
    out=$(bash -c 'wrk -t"$1" -c"$2" -d"$3"s -H "Connection: close" "$4"; times' _ "$threads" "$c" "$SECONDS_PER_RUN" "$URL")
    read -r _ _ p1 q1 s1 < <(machine_ticks); n1=$(nginx_ticks)
    rate=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
    errors=$(awk '/Socket errors:/ { gsub(",", ""); s += $4 + $6 + $8 + $10 } /Non-2xx or 3xx/ { s += $NF } END { print s + 0 }' <<<"$out")
    wrk_cpu=$(tail -n 1 <<<"$out" | awk -v s="$SECONDS_PER_RUN" '{
        n = split($1 " " $2, t, " "); c = 0
        for (i = 1; i <= n; i++) { split(t[i], p, "m"); sub("s", "", p[2]); c += p[1] * 60 + p[2] }
        printf "%.2f", c / s }')
    ngx=$(cores $(( n1 - n0 ))); steal=$(cores $(( s1 - s0 )))
    rest=$(awk -v b="$(cores $(( p1 - p0 + q1 - q0 )))" -v w="$wrk_cpu" -v n="$ngx" 'BEGIN { o = b - w - n; printf "%.2f", o < 0 ? 0 : o }')
    log "  $rate requests/s, $errors errors"
    WRK_ROWS+="| wrk -t$threads -c$c | $rate | $errors | $wrk_cpu | $ngx | $rest | $steal |"$'\n'
    if [ "${rate:-0}" -gt "$BEST_WRK" ]; then BEST_WRK=$rate; BEST_WRK_AT="-t$threads -c$c"; fi
  done
done

RATIO=$(awk -v p="$BEST_PROBES" -v w="$BEST_WRK" 'BEGIN { if (w > 0) printf "%.2f", p / w; else print "n/a" }')
if [ "$BEST_PROBES" -ge "$TARGET" ] && [ "$DOWN_TOTAL" -eq 0 ]; then VERDICT="met"; else VERDICT="**not met**"; fi
REFS_AFTER=()
for i in 1 2 3; do REFS_AFTER+=("$(reference_ms)"); done

REPORT=$(cat <<EOF
## HTTP probe throughput benchmark

Command: \`bench/probes.sh\` (BENCH_SECONDS=${SECONDS_PER_RUN}, BENCH_WARMUP_SECONDS=${WARMUP}, BENCH_CONCURRENCY="${CONCURRENCY}")

CPU columns are cores (1.00 = one CPU fully busy) over the run: the client (the probe JVM, or wrk)
and nginx, each including the kernel's loopback TCP work done while it ran; the rest of the
machine (other processes, and softirq time charged to none); time stolen by the VM's host.

| run (${SECONDS_PER_RUN} s each, fresh TCP connection per request) | per second | DOWN / errors | client CPU | nginx CPU | rest of the machine | steal |
|---|---|---|---|---|---|---|
${PROBE_ROWS}${WRK_ROWS}
| Summary | |
|---|---|
| Best Andon probes/s | **${BEST_PROBES}** (${BEST_PROBES_AT} virtual threads) |
| Best wrk requests/s (ceiling) | ${BEST_WRK} (${BEST_WRK_AT}) |
| Probes / wrk | **${RATIO}** |
| Target: >= ${TARGET} probes/s, 0 DOWN | ${VERDICT} (DOWN: ${DOWN_TOTAL}) |
| Reference CPU task (awk loop), before / after | $(median "${REFS[@]}") ms / $(median "${REFS_AFTER[@]}") ms |
| Machine busy before measuring (other processes, 5 s) | ${QUIET_BEFORE} cores |

| Environment | |
|---|---|
$(environment_rows "$JAVA")
| JVM options (probe driver) | ${JAVA_OPTS} |
EOF
)
if [ -n "$DOWN_LINES" ]; then
  REPORT+=$'\n\nDOWN results (first distinct messages):\n'"$DOWN_LINES"
fi

printf '%s\n' "$REPORT"
mkdir -p "$ROOT/bench/out"
OUT=$ROOT/bench/out/probes-$(date -u +%Y%m%d-%H%M%S).md
printf '%s\n' "$REPORT" >"$OUT"
log "saved to ${OUT#"$ROOT"/}"
[ "$DOWN_TOTAL" -eq 0 ] || exit 2
