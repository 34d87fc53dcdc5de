# Helpers shared by bench/probes.sh, bench/engine.sh, bench/ingest.sh and bench/paging.sh (sourced, not run).
# Needs: set -euo pipefail in the caller, and TMP set to the caller's scratch directory.

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

now_ms() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local t=${EPOCHREALTIME//[.,]/}   # microseconds (decimal separator may be locale-specific)
    printf '%s\n' $(( t / 1000 ))
  else
    date +%s%3N
  fi
}

port_in_use() { (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# First free TCP port on 127.0.0.1 at or after $1 (tries 100 ports).
free_port() {
  local port=$1 last=$(( $1 + 100 ))
  while port_in_use "$port"; do
    port=$(( port + 1 ))
    [ "$port" -lt "$last" ] || die "no free port in $1-$last"
  done
  printf '%s\n' "$port"
}

is_running() {
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $st != Z* ]]
}

# The JDK used to build and to run drivers: JAVA_HOME if it is 21+, else the usual Temurin 25.
pick_java_home() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    local major
    major=$("$candidate/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
    if [ "${major:-0}" -ge 21 ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  die "no JDK 21 or newer found: set JAVA_HOME"
}

# Compiles main and test classes (so bench drivers see the current andon-probe sources) and writes
# the test classpath to andon-server/target/bench-classpath.txt. Both in one Maven run: the reactor
# then points at */target/classes, never at a stale andon-*.jar in ~/.m2.
build_test_classpath() {
  log "compiling (./mvnw -o -pl andon-server -am test-compile) and resolving the test classpath"
  MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" \
    ./mvnw -B -o -q -pl andon-server -am test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2 \
    || die "build failed (run: ./mvnw -B -o -pl andon-server -am test-compile)"
  BENCH_CLASSPATH="$ROOT/andon-server/target/test-classes:$ROOT/andon-server/target/classes:$(cat "$ROOT/andon-server/target/bench-classpath.txt")"
}

# --- the probe target: a private nginx ----------------------------------------------
# Own config in $TMP/nginx, own port, no access log (unless NGINX_ACCESS_LOG), `return 200 "ok"` (no file I/O).
# NGINX_WORKERS (default 1): with 2 CPUs, one worker leaves the other core to the client, and
# both the probes and wrk meet the same server.
# NGINX_ACCESS_LOG (default unset: no access log): a file that gets one line per request,
# "UNIX_TIME_WITH_MS IDEMPOTENCY_KEY STATUS" (- when the request has no Idempotency-Key header),
# written through a 64 kB buffer flushed every second (bench/paging.sh counts webhook deliveries).
NGINX_PID=
start_nginx() {
  local port=$1 workers=${NGINX_WORKERS:-1} dir=$TMP/nginx i access="access_log off;"
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || die "nginx not found: apt-get install -y nginx-light"
  mkdir -p "$dir/logs"
  if [ -n "${NGINX_ACCESS_LOG:-}" ]; then
    access="log_format delivery '\$msec \$http_idempotency_key \$status';
    access_log $NGINX_ACCESS_LOG delivery buffer=64k flush=1s;"
  fi
  cat >"$dir/nginx.conf" <<CONF
worker_processes $workers;
worker_rlimit_nofile 65536;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events {
    worker_connections 16384;
}
http {
    $access
    default_type text/plain;
    server_tokens off;
    server {
        listen 127.0.0.1:$port backlog=4096;
        location / {
            return 200 "ok\n";
        }
    }
}
CONF
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/logs/stdout.log" 2>&1 &
  NGINX_PID=$!
  for i in $(seq 1 100); do
    if curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/" 2>/dev/null; then
      return 0
    fi
    is_running "$NGINX_PID" || { cat "$dir/logs/stdout.log" "$dir/logs/error.log" >&2 2>/dev/null; die "nginx did not start"; }
    sleep 0.05
  done
  die "nginx did not answer on port $port"
}

stop_nginx() {
  [ -n "$NGINX_PID" ] || return 0
  kill -QUIT "$NGINX_PID" 2>/dev/null || true    # graceful shutdown of master and workers
  local i
  for i in $(seq 1 100); do
    is_running "$NGINX_PID" || break
    sleep 0.05
  done
  kill -KILL "$NGINX_PID" 2>/dev/null || true
  wait "$NGINX_PID" 2>/dev/null || true
  NGINX_PID=
}

# The nginx master and its workers.
nginx_pids() {
  [ -n "$NGINX_PID" ] || return 0
  printf '%s\n' "$NGINX_PID"
  ps -o pid= --ppid "$NGINX_PID" 2>/dev/null | tr -d ' ' || true
}

# --- CPU accounting from /proc ---------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)

# utime+stime of a process in ticks (0 when gone). With "children", adds cutime+cstime: the
# time of its children that exited and were reaped (PostgreSQL backends, autovacuum workers).
proc_ticks() {
  local pid=$1 with_children=${2:-}
  [ -r "/proc/$pid/stat" ] || { echo 0; return; }
  # The command name (field 2) may contain spaces: cut everything up to the last ')'.
  local rest
  rest=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || { echo 0; return; }
  # After ')': field 3 is state, so utime (14) is the 12th word, stime 13th, cutime 14th, cstime 15th.
  awk -v children="$with_children" '{ t = $12 + $13; if (children != "") t += $14 + $15; print t }' <<<"$rest"
}

# Ticks of all CPUs from /proc/stat: "busy total process irq steal", where process is
# user+nice+system (what processes are charged for), irq is irq+softirq (loopback TCP is mostly
# processed there, charged to no process) and steal is time the VM's host took back.
machine_ticks() {
  awk '/^cpu / { p = $2 + $3 + $4; q = $7 + $8; busy = p + q + $9; print busy, busy + $5 + $6, p, q, $9; exit }' /proc/stat
}

# A fixed CPU task, timed: this VM's speed drifts, so compare ratios to it, as bench/startup.sh does.
reference_ms() {
  local t0
  t0=$(now_ms)
  awk 'BEGIN { s = 0; for (i = 0; i < 3000000; i++) s += i * i }'
  echo $(( $(now_ms) - t0 ))
}

median() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# Machine and build facts for the report, as Markdown table rows.
environment_rows() {
  local java_bin=$1 cpu mem commit dirty
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | sed -n 1p)
  mem=$(free -g | awk '/^Mem:/ { print $2 }')
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  dirty=$(git -C "$ROOT" status --porcelain 2>/dev/null | sed -n 1p || true)
  cat <<ROWS
| CPUs (nproc) | $(nproc) |
| CPU model | ${cpu:-unknown} |
| Memory (free -g total) | ${mem} GB |
| Kernel | $(uname -r) |
| JDK | $("$java_bin" -version 2>&1 | sed -n 1p) |
| nginx | $( (nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1) | sed 's/^nginx version: //'), worker_processes ${NGINX_WORKERS:-1} |
| Commit | ${commit}${dirty:+ (uncommitted changes in the worktree)} |
| Date | $(date -u '+%Y-%m-%d %H:%M:%S UTC') |
ROWS
}

# CPU cores the whole machine keeps busy over $1 seconds (from /proc/stat).
machine_busy_cores() {
  local seconds=${1:-5} b0 t0 b1 t1
  read -r b0 t0 < <(machine_ticks)
  sleep "$seconds"
  read -r b1 t1 < <(machine_ticks)
  awk -v b="$(( b1 - b0 ))" -v s="$seconds" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", b / hz / s }'
}

# Other work on the machine skews every figure (this VM is shared by builds and tests). Waits up to
# BENCH_QUIET_WAIT seconds (default 600; 0: do not wait) until the machine is busy with less than
# BENCH_QUIET_CORES cores (default 0.25) over 5 s; then goes on either way and sets QUIET_BEFORE
# to the last reading, which the report shows.
QUIET_BEFORE=
wait_for_quiet() {
  local limit=${BENCH_QUIET_WAIT:-600} threshold=${BENCH_QUIET_CORES:-0.25} start busy
  start=$(now_ms)
  while :; do
    busy=$(machine_busy_cores 5)
    QUIET_BEFORE=$busy
    if awk -v b="$busy" -v t="$threshold" 'BEGIN { exit !(b < t) }'; then
      log "machine quiet: ${busy} cores busy"
      return 0
    fi
    if [ $(( $(now_ms) - start )) -ge $(( limit * 1000 )) ]; then
      log "machine still busy (${busy} cores of $(nproc) used by other processes); measuring anyway — figures will be low"
      return 0
    fi
    log "machine busy (${busy} cores used by other processes); waiting for it to calm down (BENCH_QUIET_WAIT=0 to skip)"
    sleep 10
  done
}

# Stops a server with SIGTERM, waiting up to STOP_TIMEOUT_MS before SIGKILL; sets STOP_MS to how
# long it took (or "timeout").
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
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
  STOP_MS=$(( $(now_ms) - t0 ))
}

# PIDs of the postmaster of the benchmark's data dir ($DATA, set by the script; "M" before it) and of
# its children.
postgres_pids() {
  ps -eo pid=,ppid=,args= | awk -v dir="$DATA" '
    { pid[NR] = $1; ppid[NR] = $2; line[NR] = $0; exe[NR] = $3 }
    END {
      for (i = 1; i <= NR; i++)
        if (index(line[i], dir) && exe[i] ~ /(^|\/)(postgres|postmaster)$/) { master[pid[i]] = 1; print "M" pid[i] }
      for (i = 1; i <= NR; i++)
        if ((ppid[i] in master) && !(pid[i] in master)) print pid[i]
    }'
}

# CPU ticks of PostgreSQL: postmaster (with its reaped children) + live children.
postgres_ticks() {
  local t=0 p
  for p in $(postgres_pids); do
    if [[ $p == M* ]]; then t=$(( t + $(proc_ticks "${p#M}" children) )); else t=$(( t + $(proc_ticks "$p") )); fi
  done
  echo "$t"
}

# "pid<TAB>ticks<TAB>title" of every PostgreSQL process (the title says what it is: walwriter, a backend...).
postgres_table() {
  local p pid
  for p in $(postgres_pids); do
    pid=${p#M}
    printf '%s\t%s\t%s\n' "$pid" "$(proc_ticks "$pid")" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | sed 's/ *$//' | cut -c1-60)"
  done
}
