#!/usr/bin/env bash
# Measures paging under load on the real server: 10,000 alert groups pending escalation whose
# next steps all fall due within one minute; how late the steps fire (lateness = fired_at - due_at)
# and how many notifications per second the outbox delivers to a local webhook receiver (Linux only).
#
#   bench/paging.sh                       # about 5 minutes with the defaults
#   BENCH_GROUPS=1000 bench/paging.sh     # a short trial
#
# 1. builds the jar and its startup cache if needed (./andon prepare); starts the webhook receiver,
#    a private nginx (bench/lib/common.sh: temp config, free port, `return 200 "ok"`, 1 worker) that
#    logs each request's time and Idempotency-Key; times a fixed CPU task and waits for the machine
#    to be quiet
# 2. starts `./andon server` (default launcher JVM options, or ANDON_JAVA_OPTS) on a new data dir
#    and free ports; through the API: users alice and bob, each with one webhook contact method to
#    the receiver, and the policy `bench` (tier 1 alice, escalate after 10m; tier 2 bob); with psql:
#    BENCH_GROUPS services with that policy
# 3. phase 1, first page: opens BENCH_GROUPS alert groups (one triggered alert each) with psql,
#    spread evenly over BENCH_SPREAD_SECONDS, one insert statement every 250 ms; each goes through the
#    trigger andon_page_groups, which starts the escalation and its step 0 due at once (alice
#    paged); waits until every step 0 fired and every alice notification was sent
# 4. phase 2, escalation (the measured one): every escalation now waits on step 1 (bob), due 10
#    minutes later; psql moves those due times (escalations.next_step_at and the db-scheduler row
#    together, in one statement) so they fall due evenly over one BENCH_SPREAD_SECONDS window
#    starting BENCH_LEAD_SECONDS later: "BENCH_GROUPS steps due in the same minute". Waits until
#    every step 1 fired and every bob notification was sent (at most BENCH_DRAIN_TIMEOUT)
# 5. samples every BENCH_SAMPLE_SECONDS into a .tsv: db-scheduler backlog (due and not picked,
#    running) per task from scheduled_tasks, steps and notifications done (/metrics), webhook
#    requests received, Hikari connections active/pending and acquire time, PostgreSQL backends
#    active and waiting on a lock, CPU of the Andon JVM and of PostgreSQL
# 6. with psql, per phase: lateness p50/p90/p99/max (escalation_steps), the spread of due times and
#    the most due in any 60 s; notifications (sent_at): sent per second over the phase, in the
#    busiest second and the busiest 10 s, due -> sent and step due -> sent p50/p99; the receiver's
#    log loaded into a table: step due -> webhook received p50/p99; exactly once: one step row per
#    escalation and step, one notification per step, every one sent at the first attempt, received
#    once (no Idempotency-Key twice, none sent but missing at the receiver); CPU of the JVM (and its
#    busiest threads), of PostgreSQL (and its busiest processes), of nginx and of the rest
# 7. stops the server (SIGTERM), checks no PostgreSQL is left, prints a Markdown report and saves
#    it (and the samples) under bench/out/
#
# Tunables: BENCH_GROUPS (10000), BENCH_SPREAD_SECONDS (60), BENCH_LEAD_SECONDS (10),
# BENCH_DRAIN_TIMEOUT (900 s per phase), BENCH_SAMPLE_SECONDS (2), BENCH_PORT (free from 18580),
# BENCH_JFR=1 (a JFR profile of phase 2 into bench/out/), BENCH_QUIET_WAIT (600 s) /
# BENCH_QUIET_CORES (0.25), NGINX_WORKERS (1), ANDON_JAVA_OPTS (passed to ./andon).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/andon-bench-paging.XXXXXX")
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"

GROUPS_N=${BENCH_GROUPS:-10000}
SPREAD=${BENCH_SPREAD_SECONDS:-60}
LEAD=${BENCH_LEAD_SECONDS:-10}
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-900}
SAMPLE=${BENCH_SAMPLE_SECONDS:-2}
READY_TIMEOUT_MS=180000
STOP_TIMEOUT_MS=60000
PASSWORD=bench-password-123
TARGET_P99_MS=1000
TICK_MS=250

[ -d /proc/self ] || die "needs Linux (/proc)"
for tool in curl jq psql; do command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install -y curl jq postgresql-client)"; done
[ "$GROUPS_N" -ge 1 ] 2>/dev/null || die "BENCH_GROUPS must be a positive number"
[ "$SPREAD" -ge 1 ] 2>/dev/null || die "BENCH_SPREAD_SECONDS must be a positive number of seconds"

DATA=$TMP/data
LOG=$TMP/server.log
DELIVERIES=$TMP/deliveries.log
PHASE_FILE=$TMP/phase
SERVER_PID=
SAMPLER_PID=
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT_DIR=$ROOT/bench/out
mkdir -p "$OUT_DIR"
SAMPLES=$OUT_DIR/paging-$STAMP-samples.tsv

pg_title() { sed -E 's/postgres: postgres andon 127\.0\.0\.1\([0-9]+\).*/andon connection/; s/postgres: //'; }

nginx_ticks() { local t=0 p; for p in $(nginx_pids); do t=$(( t + $(proc_ticks "$p") )); done; echo "$t"; }

# Waits until no PostgreSQL process of our data dir is left (5 s at most); LEFT names any left.
wait_postgres_gone() {
  LEFT=
  for _ in $(seq 1 50); do
    LEFT=$(postgres_pids | tr -d M | paste -sd, -)
    [ -n "$LEFT" ] || return 0
    sleep 0.1
  done
  return 1
}

cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ] && is_running "$SERVER_PID"; then stop_server "$SERVER_PID" || true; fi
  for p in $(postgres_pids); do kill -TERM "${p#M}" 2>/dev/null || true; done
  sleep 0.5
  for p in $(postgres_pids); do kill -KILL "${p#M}" 2>/dev/null || true; done
  stop_nginx
  if [ -f "$LOG" ]; then
    cp "$LOG" "$OUT_DIR/paging-$STAMP-server.log" 2>/dev/null || true
    [ "$rc" -eq 0 ] || log "server log saved to bench/out/paging-$STAMP-server.log"
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build ---------------------------------------------------------------------------------------
JAVA_HOME=$(pick_java_home)
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
log "building the server jar and its startup cache if needed (./andon prepare)"
./andon prepare >/dev/null || die "./andon prepare failed"

# --- the webhook receiver --------------------------------------------------------------------------
RECEIVER_PORT=$(free_port 19580)
NGINX_ACCESS_LOG=$DELIVERIES
start_nginx "$RECEIVER_PORT"
RECEIVER=http://127.0.0.1:$RECEIVER_PORT
log "webhook receiver: nginx (pid $NGINX_PID) on $RECEIVER, one log line per request"

REFS=()
for _ in 1 2 3; do REFS+=("$(reference_ms)"); done
wait_for_quiet
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- server ----------------------------------------------------------------------------------------
PORT=${BENCH_PORT:-$(free_port 18580)}
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

PSQL=(psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -d andon -X -A -t -q -v ON_ERROR_STOP=1)
export PGPASSWORD
PGPASSWORD=$(cat "$DATA/postgres-password")
"${PSQL[@]}" -c 'select 1' >/dev/null || die "psql cannot connect to the embedded PostgreSQL on port $DB_PORT"
PG_VERSION=$("${PSQL[@]}" -c "show server_version")
PG_SETTINGS=$("${PSQL[@]}" -F ' ' -c "select string_agg(name || ' ' || setting, ', ' order by name) from pg_settings
  where name in ('fsync', 'synchronous_commit', 'max_connections', 'shared_buffers')")

TOKEN=$(curl -fsS -u "admin:$PASSWORD" -H 'Content-Type: application/json' \
  -d '{"name":"bench","scopes":["read","write"]}' "$BASE/api/v1/tokens" | jq -r .token)
[ -n "$TOKEN" ] && [ "$TOKEN" != null ] || die "could not create an API token"
AUTH=(-H "Authorization: Bearer $TOKEN")
api_post() {
  curl -fsS -o /dev/null "${AUTH[@]}" -H 'Content-Type: application/json' -d "$2" "$BASE$1" || die "POST $1 failed: $2"
}

# --- people, policy, services --------------------------------------------------------------------------
for user in alice bob; do
  api_post /api/v1/users "{\"username\":\"$user\",\"contactMethods\":[{\"name\":\"hook\",\"type\":\"webhook\",\"address\":\"$RECEIVER/$user\"}]}"
done
# Tier 1 waits 10 minutes: phase 2 moves every step 1 into its minute, whatever phase 1 took.
api_post /api/v1/escalation-policies \
  '{"slug":"bench","name":"Paging bench","tiers":[{"targets":[{"user":"alice"}],"escalateAfter":"10m"},{"targets":[{"user":"bob"}]}]}'
POLICY_ID=$("${PSQL[@]}" -c "select id from escalation_policies where slug = 'bench'")
ALICE_ID=$("${PSQL[@]}" -c "select id from users where username = 'alice'")
BOB_ID=$("${PSQL[@]}" -c "select id from users where username = 'bob'")
t0=$(now_ms)
"${PSQL[@]}" -c "insert into services (slug, name, escalation_policy_id)
  select 'page-' || i, 'Paging bench ' || i, $POLICY_ID from generate_series(1, $GROUPS_N) i"
log "users alice and bob (webhook to $RECEIVER/USER), policy bench (id $POLICY_ID), $GROUPS_N services in $(( $(now_ms) - t0 )) ms"

# --- metrics, samples ------------------------------------------------------------------------------------
METRIC_NAMES=andon_escalation_step_lateness_seconds,andon_escalation_step_lateness_seconds_max,dbscheduler_task_completions,dbscheduler_task_completions_total
METRIC_NAMES+=,dbscheduler_task_duration_seconds,andon_notifications,andon_notifications_total,andon_pages_unroutable
METRIC_NAMES+=,andon_pages_unroutable_total,hikaricp_connections_active,hikaricp_connections_pending,hikaricp_connections_max
METRIC_NAMES+=,hikaricp_connections_acquire_seconds
fetch_metrics() { curl -fsS --max-time 10 "${AUTH[@]}" "$BASE/metrics?includedNames=$METRIC_NAMES" >"$1"; }
# metric FILE NAME [LABEL_TEXT]: the value of the first series NAME whose labels contain LABEL_TEXT (0 when absent).
metric() {
  awk -v name="$2" -v label="${3:-}" '
    $0 !~ /^#/ && (index($0, name " ") == 1 || index($0, name "{") == 1) && index($0, label) { v = $NF; found = 1; exit }
    END { if (found) printf "%s\n", v; else print 0 }' "$1"
}
STEPS_OK='result="ok",task="escalation-step"'
NOTIFY_OK='result="ok",task="notification"'
SENT='channel="webhook",result="sent"'

# CPU time (ms) of every platform thread of the server, from a thread dump (as bench/engine.sh).
thread_cpu_table() {
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" Thread.print 2>/dev/null | awk '
    /^"/ {
      name = substr($0, 2); name = substr(name, 1, index(name, "\"") - 1)
      gsub(/[0-9]+$/, "*", name); gsub(/-[0-9]+-/, "-*-", name)
      for (i = 1; i <= NF; i++) if ($i ~ /^cpu=/) { v = $i; gsub(/cpu=|ms/, "", v); cpu[name] += v }
    }
    END { for (n in cpu) printf "%s\t%.0f\n", n, cpu[n] }'
}

deliveries() { if [ -f "$DELIVERIES" ]; then wc -l <"$DELIVERIES" | tr -d ' '; else echo 0; fi; }

# One line every SAMPLE seconds (see the header of the .tsv).
sampler() {
  local prev=$TMP/sample-prev.txt cur=$TMP/sample-cur.txt t_start tp tn jp jn pp pn backlog
  fetch_metrics "$prev" || return 0
  t_start=$(now_ms); tp=$t_start; jp=$(proc_ticks "$SERVER_PID"); pp=$(postgres_ticks)
  while sleep "$SAMPLE"; do
    backlog=$("${PSQL[@]}" -F $'\t' -c "select
        count(*) filter (where task_name = 'escalation-step' and not picked and execution_time <= now()),
        count(*) filter (where task_name = 'escalation-step' and picked),
        count(*) filter (where task_name = 'notification' and not picked and execution_time <= now()),
        count(*) filter (where task_name = 'notification' and picked),
        (select count(*) from pg_stat_activity where datname = 'andon' and state = 'active' and pid <> pg_backend_pid()),
        (select count(*) from pg_stat_activity where datname = 'andon' and wait_event_type = 'Lock')
      from scheduled_tasks") || continue
    fetch_metrics "$cur" || continue
    tn=$(now_ms); jn=$(proc_ticks "$SERVER_PID"); pn=$(postgres_ticks)
    awk -v el="$(( tn - t_start ))" -v ms="$(( tn - tp ))" -v phase="$(cat "$PHASE_FILE" 2>/dev/null || echo -)" -v backlog="$backlog" \
      -v st="$(metric "$cur" dbscheduler_task_completions_total "$STEPS_OK")" -v nt="$(metric "$cur" dbscheduler_task_completions_total "$NOTIFY_OK")" \
      -v sent="$(metric "$cur" andon_notifications_total "$SENT")" -v recv="$(deliveries)" \
      -v active="$(metric "$cur" hikaricp_connections_active)" -v pending="$(metric "$cur" hikaricp_connections_pending)" \
      -v a0="$(metric "$prev" hikaricp_connections_acquire_seconds_sum)" -v a1="$(metric "$cur" hikaricp_connections_acquire_seconds_sum)" \
      -v c0="$(metric "$prev" hikaricp_connections_acquire_seconds_count)" -v c1="$(metric "$cur" hikaricp_connections_acquire_seconds_count)" \
      -v j="$(( jn - jp ))" -v p="$(( pn - pp ))" -v hz="$CLK_TCK" 'BEGIN {
        acquire = (c1 > c0) ? sprintf("%.2f", 1000 * (a1 - a0) / (c1 - c0)) : "-"
        printf "%.1f\t%s\t%s\t%.0f\t%.0f\t%.0f\t%s\t%.0f\t%.0f\t%s\t%.2f\t%.2f\n", el / 1000, phase, backlog, st, nt, sent, recv,
          active, pending, acquire, j / hz / (ms / 1000), p / hz / (ms / 1000) }' >>"$SAMPLES"
    tail -n 1 "$SAMPLES" | awk -F'\t' '{ printf "bench: %6ss %-7s steps due %s running %s | notifications due %s running %s | sent %s received %s | pool active %s pending %s | JVM %s PG %s cores\n",
      $1, $2, $3, $4, $5, $6, $11, $12, $13, $14, $16, $17 }' >&2
    mv "$cur" "$prev"; tp=$tn; jp=$jn; pp=$pn
  done
}
printf 'elapsed_s\tphase\tsteps_due_not_picked\tsteps_picked\tnotifications_due_not_picked\tnotifications_picked\tbackends_active\tbackends_waiting_lock\tsteps_done_total\tnotification_tasks_done_total\twebhooks_sent_total\twebhook_requests_received\tpool_active\tpool_pending\tpool_acquire_ms_mean\tjvm_cores\tpostgres_cores\n' >"$SAMPLES"
echo setup >"$PHASE_FILE"
sampler & SAMPLER_PID=$!

# "steps0 steps1 alice_sent bob_sent" of the bench's escalations.
progress() {
  "${PSQL[@]}" -F ' ' -c "select
      (select count(*) from escalation_steps st join escalations e on e.id = st.escalation_id where e.policy_id = $POLICY_ID and st.step = 0),
      (select count(*) from escalation_steps st join escalations e on e.id = st.escalation_id where e.policy_id = $POLICY_ID and st.step = 1),
      (select count(*) from notifications where user_id = $ALICE_ID and kind = 'page' and status = 'sent'),
      (select count(*) from notifications where user_id = $BOB_ID and kind = 'page' and status = 'sent')"
}

# drain PHASE STEP_FIELD SENT_FIELD: waits until both counts of `progress` reach GROUPS_N (or DRAIN_TIMEOUT); sets DRAINED.
drain() {
  local phase=$1 step_field=$2 sent_field=$3 start line steps sent
  start=$(now_ms)
  DRAINED=yes
  while :; do
    line=$(progress)
    steps=$(awk -v f="$step_field" '{ print $f }' <<<"$line"); sent=$(awk -v f="$sent_field" '{ print $f }' <<<"$line")
    [ "$steps" -ge "$GROUPS_N" ] && [ "$sent" -ge "$GROUPS_N" ] && return 0
    is_running "$SERVER_PID" || die "the server died during $phase"
    if [ $(( $(now_ms) - start )) -ge $(( DRAIN_TIMEOUT * 1000 )) ]; then
      log "$phase: only $steps steps fired and $sent notifications sent of $GROUPS_N after $DRAIN_TIMEOUT s"
      DRAINED="**no**: $steps steps fired, $sent notifications sent after ${DRAIN_TIMEOUT} s"
      return 1
    fi
    sleep 0.5
  done
}

# --- phase 1: first page, groups opening over one minute ------------------------------------------------------
TICKS=$(( SPREAD * 1000 / TICK_MS ))
[ "$TICKS" -ge 1 ] || TICKS=1
log "phase 1: opening $GROUPS_N alert groups over $SPREAD s ($TICKS commits, one every $TICK_MS ms): step 0 pages alice"
echo phase1 >"$PHASE_FILE"
P1_T0=$(now_ms); P1_J0=$(proc_ticks "$SERVER_PID"); P1_P0=$(postgres_ticks); P1_N0=$(nginx_ticks)
read -r _ _ P1_MP0 P1_MQ0 P1_MS0 < <(machine_ticks)
# One psql session runs a generated script: each tick waits in a statement of its own (pg_sleep_until,
# autocommit), then one statement opens the tick's groups, so now() (the trigger's due time for step 0)
# is when they open, not when the wait began.
P1_START_MS=$(( $(now_ms) + 500 ))
for (( k = 0; k < TICKS; k++ )); do
  printf "select pg_sleep_until(to_timestamp(%s / 1000.0));\n" $(( P1_START_MS + k * SPREAD * 1000 / TICKS ))
  cat <<SQL
with g as (
  insert into alert_groups (service_id, status, severity, title, opened_at)
  select s.id, 'triggered', 'critical', 'Paging bench ' || i, now()
  from generate_series($(( k * GROUPS_N / TICKS + 1 )), $(( (k + 1) * GROUPS_N / TICKS ))) i join services s on s.slug = 'page-' || i
  returning id, service_id, title)
insert into alerts (origin, service_id, group_id, dedup_key, status, severity, summary, source, created_at, last_event_at)
select 'bench', g.service_id, g.id, 'page-' || g.id, 'triggered', 'critical', g.title, 'bench/paging.sh', now(), now() from g;
SQL
done >"$TMP/open-groups.sql"
"${PSQL[@]}" -f "$TMP/open-groups.sql" >/dev/null || die "opening the alert groups failed"
P1_INSERTED_MS=$(( $(now_ms) - P1_T0 ))
ESCALATIONS=$("${PSQL[@]}" -c "select count(*) from escalations where policy_id = $POLICY_ID")
log "phase 1: $GROUPS_N groups opened in $(( P1_INSERTED_MS / 1000 )) s, $ESCALATIONS escalations started; waiting until every step 0 fired and alice got every page"
[ "$ESCALATIONS" -eq "$GROUPS_N" ] || die "$ESCALATIONS escalations for $GROUPS_N groups: the trigger did not start one per group"
drain "phase 1" 1 3 || die "phase 1 did not finish: $DRAINED"
P1_T1=$(now_ms); P1_J1=$(proc_ticks "$SERVER_PID"); P1_P1=$(postgres_ticks); P1_N1=$(nginx_ticks)
read -r _ _ P1_MP1 P1_MQ1 P1_MS1 < <(machine_ticks)
log "phase 1 done in $(( (P1_T1 - P1_T0) / 1000 )) s"
echo between >"$PHASE_FILE"
sleep 5

# --- phase 2: every step 1 due within one minute --------------------------------------------------------------
T0_MS=$(( ($(now_ms) / 1000 + LEAD) * 1000 ))
MOVED=$("${PSQL[@]}" -c "with e as (
    select e.id, (row_number() over (order by e.id) - 1) as k
    from escalations e
    where e.policy_id = $POLICY_ID and e.state = 'active' and e.step = 1),
  u as (
    update escalations x set next_step_at = to_timestamp($T0_MS / 1000.0) + e.k * make_interval(secs => $SPREAD::float8 / $GROUPS_N)
    from e where x.id = e.id
    returning x.id, x.next_step_at),
  t as (
    update scheduled_tasks t set execution_time = u.next_step_at
    from u where t.task_name = 'escalation-step' and t.task_instance = u.id || ':1' and not t.picked
    returning 1)
  select (select count(*) from u) || ' ' || (select count(*) from t)")
read -r MOVED_ESC MOVED_TASKS <<<"$MOVED"
[ "$MOVED_ESC" -eq "$GROUPS_N" ] && [ "$MOVED_TASKS" -eq "$GROUPS_N" ] \
  || die "moved $MOVED_ESC escalations and $MOVED_TASKS step tasks, expected $GROUPS_N of each"
log "phase 2: $GROUPS_N step-1 tasks (bob) now due evenly from $(date -u -d "@$(( T0_MS / 1000 ))" '+%H:%M:%S') UTC over $SPREAD s"
while [ "$(now_ms)" -lt "$T0_MS" ]; do sleep 0.05; done
echo phase2 >"$PHASE_FILE"
P2_T0=$(now_ms); P2_J0=$(proc_ticks "$SERVER_PID"); P2_P0=$(postgres_ticks); P2_N0=$(nginx_ticks)
read -r _ _ P2_MP0 P2_MQ0 P2_MS0 < <(machine_ticks)
fetch_metrics "$TMP/m0.txt"
thread_cpu_table >"$TMP/threads0.tsv" || true
postgres_table >"$TMP/pg0.tsv"
JFR_FILE=
if [ "${BENCH_JFR:-}" = 1 ]; then
  JFR_FILE=$OUT_DIR/paging-$STAMP.jfr
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.start name=bench settings=profile filename="$JFR_FILE" >/dev/null || log "JFR.start failed"
fi
drain "phase 2" 2 4 || true
P2_DRAINED=$DRAINED
P2_T1=$(now_ms); P2_J1=$(proc_ticks "$SERVER_PID"); P2_P1=$(postgres_ticks); P2_N1=$(nginx_ticks)
read -r _ _ P2_MP1 P2_MQ1 P2_MS1 < <(machine_ticks)
thread_cpu_table >"$TMP/threads1.tsv" || true
postgres_table >"$TMP/pg1.tsv"
if [ -n "$JFR_FILE" ]; then
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.stop name=bench >/dev/null || log "JFR.stop failed"
fi
echo after >"$PHASE_FILE"
log "phase 2 done in $(( (P2_T1 - P2_T0) / 1000 )) s after the first step was due; letting retries and the receiver's log settle"
sleep 3   # the receiver flushes its log every second; a retry or a duplicate would show by now
fetch_metrics "$TMP/m1.txt"
kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- results ----------------------------------------------------------------------------------------------------
Q=("${PSQL[@]}" -F '|')
"${PSQL[@]}" -c "create table bench_received (at float8 not null, key text not null, status int not null)"
"${PSQL[@]}" -c "\\copy bench_received from '$DELIVERIES' with (format text, delimiter ' ')"

ms_of() { printf "round((1000 * %s)::numeric, 1)" "$1"; }

# step_stats STEP: count|distinct|p50|p90|p99|max ms|late >= 1 s|first due|last due|due spread s|most due in 60 s
step_stats() {
  "${Q[@]}" -c "with s as (
      select st.escalation_id, st.due_at, extract(epoch from st.fired_at - st.due_at) as late
      from escalation_steps st join escalations e on e.id = st.escalation_id
      where e.policy_id = $POLICY_ID and st.step = $1)
    select count(*), count(distinct escalation_id),
      $(ms_of "percentile_cont(0.5) within group (order by late)"), $(ms_of "percentile_cont(0.9) within group (order by late)"),
      $(ms_of "percentile_cont(0.99) within group (order by late)"), $(ms_of "max(late)"),
      count(*) filter (where late >= 1),
      to_char(min(due_at) at time zone 'UTC', 'HH24:MI:SS.MS'), to_char(max(due_at) at time zone 'UTC', 'HH24:MI:SS.MS'),
      round(extract(epoch from max(due_at) - min(due_at))::numeric, 1),
      (select max(c) from (select count(*) over (order by due_at range between current row and interval '59.999 seconds' following) as c from s) w)
    from s"
}

# notify_stats USER_ID STEP: notifications|sent|not first attempt|per s over first->last sent|busiest second|busiest 10 s (per s)|
#   due->sent p50|p99|max ms|step due->sent p50|p99|max ms|first->last sent s
notify_stats() {
  "${Q[@]}" -c "with n as (
      select n.status, n.attempts, n.sent_at, extract(epoch from n.sent_at - n.due_at) as outbox, extract(epoch from n.sent_at - st.due_at) as total
      from notifications n
      join escalations e on e.id = n.escalation_id
      join escalation_steps st on st.escalation_id = n.escalation_id and st.step = $2
      where e.policy_id = $POLICY_ID and n.user_id = $1 and n.kind = 'page')
    select count(*), count(*) filter (where status = 'sent'), count(*) filter (where attempts <> 1),
      round(count(sent_at) / nullif(extract(epoch from max(sent_at) - min(sent_at)), 0)::numeric, 0),
      (select max(c) from (select count(*) as c from n where sent_at is not null group by date_trunc('second', sent_at)) b),
      (select round(max(c) / 10.0, 0) from (select count(*) over (order by sent_at range between current row and interval '9.999 seconds' following) as c
                                            from n where sent_at is not null) w),
      $(ms_of "percentile_cont(0.5) within group (order by outbox)"), $(ms_of "percentile_cont(0.99) within group (order by outbox)"), $(ms_of "max(outbox)"),
      $(ms_of "percentile_cont(0.5) within group (order by total)"), $(ms_of "percentile_cont(0.99) within group (order by total)"), $(ms_of "max(total)"),
      round(extract(epoch from max(sent_at) - min(sent_at))::numeric, 1)
    from n"
}

# received_stats USER_ID STEP: webhook requests for these notifications|distinct keys|keys received more than once|
#   sent but never received|step due->first received p50|p99|max ms
received_stats() {
  "${Q[@]}" -c "with r as (select key, min(at) as at, count(*) as c from bench_received group by key),
    n as (
      select n.idempotency_key, n.status, st.due_at
      from notifications n
      join escalations e on e.id = n.escalation_id
      join escalation_steps st on st.escalation_id = n.escalation_id and st.step = $2
      where e.policy_id = $POLICY_ID and n.user_id = $1 and n.kind = 'page'),
    j as (select n.status, r.c, extract(epoch from to_timestamp(r.at) - n.due_at) as total from n left join r on r.key = n.idempotency_key)
    select coalesce(sum(c), 0), count(c), count(*) filter (where c > 1), count(*) filter (where status = 'sent' and c is null),
      $(ms_of "percentile_cont(0.5) within group (order by total)"), $(ms_of "percentile_cont(0.99) within group (order by total)"), $(ms_of "max(total)")
    from j"
}

IFS='|' read -r S0_N S0_D S0_P50 S0_P90 S0_P99 S0_MAX S0_LATE S0_FIRST S0_LAST S0_SPREAD S0_MINUTE < <(step_stats 0)
IFS='|' read -r S1_N S1_D S1_P50 S1_P90 S1_P99 S1_MAX S1_LATE S1_FIRST S1_LAST S1_SPREAD S1_MINUTE < <(step_stats 1)
IFS='|' read -r A_N A_SENT A_RETRY A_RATE A_BUSY1 A_BUSY10 A_O50 A_O99 A_OMAX A_T50 A_T99 A_TMAX A_SPAN < <(notify_stats "$ALICE_ID" 0)
IFS='|' read -r B_N B_SENT B_RETRY B_RATE B_BUSY1 B_BUSY10 B_O50 B_O99 B_OMAX B_T50 B_T99 B_TMAX B_SPAN < <(notify_stats "$BOB_ID" 1)
IFS='|' read -r AR_REQ AR_KEYS AR_DUP AR_MISSING AR_T50 AR_T99 AR_TMAX < <(received_stats "$ALICE_ID" 0)
IFS='|' read -r BR_REQ BR_KEYS BR_DUP BR_MISSING BR_T50 BR_T99 BR_TMAX < <(received_stats "$BOB_ID" 1)
RECEIVED_ALL=$("${PSQL[@]}" -c "select count(*) from bench_received")
RECEIVED_OTHER=$("${PSQL[@]}" -c "select count(*) from bench_received r where not exists (select 1 from notifications n where n.idempotency_key = r.key)")
RECEIVED_NOT2XX=$("${PSQL[@]}" -c "select count(*) from bench_received where status <> 200")
NOTIFICATIONS_ALL=$("${PSQL[@]}" -c "select count(*) from notifications")
ESC_STATES=$("${PSQL[@]}" -c "select string_agg(state || ' ' || c, ', ' order by state) from (select state, count(*) as c from escalations where policy_id = $POLICY_ID group by state) s")
TASKS_LEFT=$("${PSQL[@]}" -c "select count(*) from scheduled_tasks where task_name in ('escalation-step', 'notification')")
UNROUTABLE=$(metric "$TMP/m1.txt" andon_pages_unroutable_total | awk '{ printf "%.0f", $1 }')
STEP_FAILED=$(metric "$TMP/m1.txt" dbscheduler_task_completions_total 'result="failed",task="escalation-step"' | awk '{ printf "%.0f", $1 }')
NOTIFY_FAILED=$(metric "$TMP/m1.txt" dbscheduler_task_completions_total 'result="failed",task="notification"' | awk '{ printf "%.0f", $1 }')
# Micrometer's own view of step lateness (both phases; the percentiles cover its last ~2 minutes).
M_LATE_P99=$(metric "$TMP/m1.txt" andon_escalation_step_lateness_seconds 'quantile="0.99"' | awk '{ printf "%.1f", 1000 * $1 }')
M_LATE_MAX=$(metric "$TMP/m1.txt" andon_escalation_step_lateness_seconds_max | awk '{ printf "%.1f", 1000 * $1 }')
M_LATE_COUNT=$(metric "$TMP/m1.txt" andon_escalation_step_lateness_seconds_count | awk '{ printf "%.0f", $1 }')

# Phase 2 figures from /metrics: mean task time (db-scheduler's own timer), mean wait for a pooled connection.
mdelta_mean_ms() {
  awk -v s0="$(metric "$TMP/m0.txt" "${1}_sum" "${2:-}")" -v s1="$(metric "$TMP/m1.txt" "${1}_sum" "${2:-}")" \
      -v c0="$(metric "$TMP/m0.txt" "${1}_count" "${2:-}")" -v c1="$(metric "$TMP/m1.txt" "${1}_count" "${2:-}")" \
      'BEGIN { if (c1 > c0) printf "%.1f ms (%d)", 1000 * (s1 - s0) / (c1 - c0), c1 - c0; else print "n/a" }'
}
STEP_TASK_MS=$(mdelta_mean_ms dbscheduler_task_duration_seconds 'task="escalation-step"')
NOTIFY_TASK_MS=$(mdelta_mean_ms dbscheduler_task_duration_seconds 'task="notification"')
ACQUIRE_MS=$(mdelta_mean_ms hikaricp_connections_acquire_seconds)
POOL_MAX=$(metric "$TMP/m1.txt" hikaricp_connections_max | awk '{ printf "%.0f", $1 }')

# Phase 2 series: the largest backlog and pool figures of its samples.
col_max() { awk -F'\t' -v c="$1" '$2 == "phase2" && $c != "-" { if (!n++ || $c + 0 > m) m = $c + 0 } END { print (n ? m : "n/a") }' "$SAMPLES"; }
STEPS_BACKLOG_MAX=$(col_max 3); NOTIFY_BACKLOG_MAX=$(col_max 5); RUNNING_STEPS_MAX=$(col_max 4); RUNNING_NOTIFY_MAX=$(col_max 6)
POOL_ACTIVE_MAX=$(col_max 13); POOL_PENDING_MAX=$(col_max 14); LOCK_WAIT_MAX=$(col_max 8)

cores() { awk -v d="$1" -v ms="$2" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", d / hz / (ms / 1000) }'; }
per_escalation() { awk -v d="$1" -v n="$GROUPS_N" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", 1000 * d / hz / n }'; }
P1_MS=$(( P1_T1 - P1_T0 )); P2_MS=$(( P2_T1 - P2_T0 ))
P1_JVM=$(cores $(( P1_J1 - P1_J0 )) "$P1_MS"); P1_PG=$(cores $(( P1_P1 - P1_P0 )) "$P1_MS"); P1_NGX=$(cores $(( P1_N1 - P1_N0 )) "$P1_MS")
P2_JVM=$(cores $(( P2_J1 - P2_J0 )) "$P2_MS"); P2_PG=$(cores $(( P2_P1 - P2_P0 )) "$P2_MS"); P2_NGX=$(cores $(( P2_N1 - P2_N0 )) "$P2_MS")
P1_BUSY=$(cores $(( P1_MP1 - P1_MP0 + P1_MQ1 - P1_MQ0 )) "$P1_MS"); P2_BUSY=$(cores $(( P2_MP1 - P2_MP0 + P2_MQ1 - P2_MQ0 )) "$P2_MS")
P1_STEAL=$(cores $(( P1_MS1 - P1_MS0 )) "$P1_MS"); P2_STEAL=$(cores $(( P2_MS1 - P2_MS0 )) "$P2_MS")
rest() { awk -v a="$1" -v j="$2" -v p="$3" -v n="$4" 'BEGIN { o = a - j - p - n; printf "%.2f", o < 0 ? 0 : o }'; }
P1_REST=$(rest "$P1_BUSY" "$P1_JVM" "$P1_PG" "$P1_NGX"); P2_REST=$(rest "$P2_BUSY" "$P2_JVM" "$P2_PG" "$P2_NGX")
P1_PER="$(per_escalation $(( P1_J1 - P1_J0 ))) / $(per_escalation $(( P1_P1 - P1_P0 )))"
P2_PER="$(per_escalation $(( P2_J1 - P2_J0 ))) / $(per_escalation $(( P2_P1 - P2_P0 )))"

THREADS=n/a
[ -s "$TMP/threads0.tsv" ] && THREADS=$(awk -F'\t' -v ms="$P2_MS" 'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; if (d > 0) printf "%.1f\t%s\n", 100 * d / ms, $1 }' \
  "$TMP/threads0.tsv" "$TMP/threads1.tsv" | sort -t$'\t' -k1 -g -r | head -n 8 | awk -F'\t' '{ printf "%s %s %%, ", $2, $1 }' | sed 's/, $//')
PGS=$(awk -F'\t' -v ms="$P2_MS" -v hz="$CLK_TCK" 'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; if (d > 0) printf "%.1f\t%s\n", 100 * d / hz / (ms / 1000), $3 }' \
  "$TMP/pg0.tsv" "$TMP/pg1.tsv" | sort -t$'\t' -k1 -g -r | head -n 5 | pg_title | awk -F'\t' '{ printf "%s %s %%, ", $2, $1 }' | sed 's/, $//')
PG_CONNECTIONS=$(awk -F'\t' -v ms="$P2_MS" -v hz="$CLK_TCK" 'NR == FNR { before[$1] = $2; next }
    index($3, "andon 127.0.0.1(") { n++; t += $2 - before[$1] } END { printf "%d connections, %.1f %% together", n, 100 * t / hz / (ms / 1000) }' \
  "$TMP/pg0.tsv" "$TMP/pg1.tsv")

log "stopping the server (SIGTERM)"
STOP_MS=
stop_server "$SERVER_PID" || true
SERVER_PID=
LEFTOVER=none
wait_postgres_gone || LEFTOVER="yes: $LEFT"
stop_nginx

# --- report -------------------------------------------------------------------------------------------------------
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "**not met**"; fi; }
LATENESS_VERDICT=$(verdict "$S1_P99 < $TARGET_P99_MS")
[ "$P2_DRAINED" = yes ] || LATENESS_VERDICT="**not met** (phase 2 did not finish)"
ok_if() { if [ "$1" = "$2" ]; then echo "ok"; else echo "**MISMATCH**"; fi; }
ONCE_STEPS=$(ok_if "$S0_N/$S0_D/$S1_N/$S1_D" "$GROUPS_N/$GROUPS_N/$GROUPS_N/$GROUPS_N")
ONCE_SENT=$(ok_if "$A_N/$A_SENT/$A_RETRY/$B_N/$B_SENT/$B_RETRY" "$GROUPS_N/$GROUPS_N/0/$GROUPS_N/$GROUPS_N/0")
ONCE_RECEIVED=$(ok_if "$AR_REQ/$AR_KEYS/$AR_DUP/$AR_MISSING/$BR_REQ/$BR_KEYS/$BR_DUP/$BR_MISSING/$RECEIVED_NOT2XX" \
  "$GROUPS_N/$GROUPS_N/0/0/$GROUPS_N/$GROUPS_N/0/0/0")
ONCE_REST=$(ok_if "$ESC_STATES/$TASKS_LEFT/$STEP_FAILED/$NOTIFY_FAILED/$UNROUTABLE/$NOTIFICATIONS_ALL" "exhausted $GROUPS_N/0/0/0/0/$(( 2 * GROUPS_N ))")
OFFERED=$(awk -v n="$GROUPS_N" -v s="$SPREAD" 'BEGIN { printf "%.0f", n / s }')
iso() { date -u -d "@$(awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }')" '+%Y-%m-%d %H:%M:%S'; }
sec() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

SCHED_THREADS=$(sed -n 's/^db-scheduler.threads=//p' andon-server/src/main/resources/application.properties)
SCHED_POLL=$(sed -n 's/^db-scheduler.polling-interval=//p' andon-server/src/main/resources/application.properties)
SCHED_STRATEGY=$(sed -n 's/^db-scheduler.polling-strategy=//p' andon-server/src/main/resources/application.properties)
REPORT=$(cat <<EOF
## Paging benchmark: ${GROUPS_N} pending escalations with steps due in the same minute

Command: \`bench/paging.sh\` (BENCH_GROUPS=${GROUPS_N}, BENCH_SPREAD_SECONDS=${SPREAD}, BENCH_LEAD_SECONDS=${LEAD})

| Setup | |
|---|---|
| People and policy (API) | alice and bob, one webhook contact method each, no notification rules (paged at once) to nginx on ${RECEIVER}/USER (\`return 200\`, 1 worker, a log line per request); policy \`bench\`: tier 1 alice, escalate after 10m; tier 2 bob |
| Alerts (psql) | ${GROUPS_N} services with that policy; one alert group per service with one triggered alert, each opening through the trigger \`andon_page_groups\` (escalation + step 0 task due at once) |
| Phase 1, first page | ${GROUPS_N} groups opened over ${SPREAD} s in $TICKS commits (took $(sec "$P1_INSERTED_MS") s); step 0 pages alice; phase until every step 0 fired and alice got every page: $(sec "$P1_MS") s |
| Phase 2, escalation (measured against the target) | the ${GROUPS_N} step-1 tasks (bob) moved with psql to fall due evenly from $(iso "$T0_MS") UTC over ${SPREAD} s (${OFFERED} steps/s offered); phase until every step 1 fired and bob got every page: $(sec "$P2_MS") s (finished: ${P2_DRAINED}) |
| Server | \`./andon server\`, db-scheduler ${SCHED_THREADS} threads, polling every ${SCHED_POLL}, ${SCHED_STRATEGY} (application.properties); Hikari pool of ${POOL_MAX} connections; PostgreSQL ${PG_VERSION} embedded (${PG_SETTINGS}) |

**Target: step lateness p99 under ${TARGET_P99_MS} ms with ${GROUPS_N} steps due in the same minute (phase 2): ${LATENESS_VERDICT}** (p99 ${S1_P99} ms).

| Step lateness (escalation_steps: fired_at - due_at) | steps | p50 ms | p90 ms | p99 ms | max ms | late by 1 s or more | due from / to (UTC) | due spread | most due in any 60 s |
|---|---|---|---|---|---|---|---|---|---|
| phase 2: step 1, bob | ${S1_N} | ${S1_P50} | ${S1_P90} | **${S1_P99}** | ${S1_MAX} | ${S1_LATE} | ${S1_FIRST} / ${S1_LAST} | ${S1_SPREAD} s | ${S1_MINUTE} |
| phase 1: step 0, alice (groups opening) | ${S0_N} | ${S0_P50} | ${S0_P90} | ${S0_P99} | ${S0_MAX} | ${S0_LATE} | ${S0_FIRST} / ${S0_LAST} | ${S0_SPREAD} s | ${S0_MINUTE} |

| Notifications through the outbox (notifications.sent_at) | sent / written | per s, first to last sent | busiest second | busiest 10 s, per s | first to last sent | due -> sent p50 / p99 / max ms | step due -> sent p50 / p99 / max ms | step due -> webhook received p50 / p99 / max ms |
|---|---|---|---|---|---|---|---|---|
| phase 2: bob | ${B_SENT} / ${B_N} | **${B_RATE}** | ${B_BUSY1} | ${B_BUSY10} | ${B_SPAN} s | ${B_O50} / ${B_O99} / ${B_OMAX} | ${B_T50} / **${B_T99}** / ${B_TMAX} | ${BR_T50} / ${BR_T99} / ${BR_TMAX} |
| phase 1: alice | ${A_SENT} / ${A_N} | ${A_RATE} | ${A_BUSY1} | ${A_BUSY10} | ${A_SPAN} s | ${A_O50} / ${A_O99} / ${A_OMAX} | ${A_T50} / ${A_T99} / ${A_TMAX} | ${AR_T50} / ${AR_T99} / ${AR_TMAX} |

Offered rate in both phases: ${OFFERED} steps/s and as many notifications/s; a rate at the offered rate
means the outbox kept up, not that it cannot go faster.

| Exactly once | result | check |
|---|---|---|
| escalation_steps rows / distinct escalations, step 0 and step 1 | ${S0_N} / ${S0_D}, ${S1_N} / ${S1_D} (expected ${GROUPS_N} each) | ${ONCE_STEPS} |
| pages written / sent / sent after more than one attempt: alice, bob | ${A_N} / ${A_SENT} / ${A_RETRY}, ${B_N} / ${B_SENT} / ${B_RETRY} | ${ONCE_SENT} |
| webhook requests received / distinct Idempotency-Keys / keys received twice / sent but never received: alice, bob | ${AR_REQ} / ${AR_KEYS} / ${AR_DUP} / ${AR_MISSING}, ${BR_REQ} / ${BR_KEYS} / ${BR_DUP} / ${BR_MISSING}; answers other than 200: ${RECEIVED_NOT2XX} | ${ONCE_RECEIVED} |
| escalations by state; step and notification tasks left; failed task runs (step, notification); unroutable pages; notifications in all | ${ESC_STATES}; ${TASKS_LEFT}; ${STEP_FAILED}, ${NOTIFY_FAILED}; ${UNROUTABLE}; ${NOTIFICATIONS_ALL} | ${ONCE_REST} |
| receiver log lines in all (incl. nginx's readiness GET) / not a notification of this run | ${RECEIVED_ALL} / ${RECEIVED_OTHER} | |

| Phase 2 internals (from /metrics and the ${SAMPLE}-s samples) | |
|---|---|
| db-scheduler task time, mean (runs): escalation-step / notification | ${STEP_TASK_MS} / ${NOTIFY_TASK_MS} |
| Backlog, max of the samples: steps due and not picked / notifications due and not picked | ${STEPS_BACKLOG_MAX} / ${NOTIFY_BACKLOG_MAX} |
| Running (picked), max of the samples: steps / notifications (16 threads) | ${RUNNING_STEPS_MAX} / ${RUNNING_NOTIFY_MAX} |
| Hikari: active max / threads waiting for a connection, max / mean wait for a connection (acquires) | ${POOL_ACTIVE_MAX} of ${POOL_MAX} / ${POOL_PENDING_MAX} / ${ACQUIRE_MS} |
| PostgreSQL backends waiting on a lock, max of the samples | ${LOCK_WAIT_MAX} |
| andon_escalation_step_lateness (Micrometer, both phases): count / p99 of its last ~2 min / max | ${M_LATE_COUNT} / ${M_LATE_P99} ms / ${M_LATE_MAX} ms |

| CPU, in cores (the machine has $(nproc)) | Andon JVM | PostgreSQL (all processes) | nginx | rest of the machine | stolen by the VM host | CPU ms per escalation step + its page: JVM / PostgreSQL |
|---|---|---|---|---|---|---|
| phase 2 ($(sec "$P2_MS") s) | ${P2_JVM} | ${P2_PG} | ${P2_NGX} | ${P2_REST} | ${P2_STEAL} | ${P2_PER} |
| phase 1 ($(sec "$P1_MS") s, with the inserts) | ${P1_JVM} | ${P1_PG} | ${P1_NGX} | ${P1_REST} | ${P1_STEAL} | ${P1_PER} |

Busiest in phase 2 (% of one core): JVM threads: ${THREADS}; PostgreSQL: ${PGS:-n/a} (the server's ${PG_CONNECTIONS})

| Run | |
|---|---|
| Graceful stop (SIGTERM to exit); PostgreSQL left after | ${STOP_MS} ms; ${LEFTOVER} |
| Reference CPU task (awk loop), median of 3 before | $(median "${REFS[@]}") ms |
| Machine busy before the run (other processes, 5 s) / load average before, after | ${QUIET_BEFORE} cores / ${LOAD_BEFORE}; ${LOAD_AFTER} |
| Measured from / to | $(iso "$P1_T0") / $(date -u -d "@$(( P2_T1 / 1000 ))" '+%H:%M:%S') UTC |

| Environment | |
|---|---|
$(environment_rows "$JAVA")
| JVM options (server) | ${ANDON_JAVA_OPTS-default of ./andon} |

Samples (every ${SAMPLE} s): bench/out/$(basename "$SAMPLES"); server log: bench/out/paging-$STAMP-server.log${JFR_FILE:+; JFR recording: bench/out/$(basename "$JFR_FILE")}
EOF
)
printf '%s\n' "$REPORT"
OUT=$OUT_DIR/paging-$STAMP.md
printf '%s\n' "$REPORT" >"$OUT"
log "saved to ${OUT#"$ROOT"/}"
