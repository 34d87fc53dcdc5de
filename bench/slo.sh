#!/usr/bin/env bash
# Measures the SLO evaluator at scale: BENCH_SLOS (default 10,000) SLOs with a 30-day rolling window
# and the default burn alerts over 30 days of counts; the time of a full recompute (every SLO's
# running sums built from storage, then evaluated) and of the incremental update after one new
# minute (sums moved on by one query for all SLOs, fresh minutes read, every SLO evaluated, changes
# written). Target: incremental under 1 s.
#
#   bench/slo.sh                      # about 5 minutes with the defaults
#   BENCH_SLOS=1000 bench/slo.sh      # a short trial
#
# Runs dev.andon.server.bench.SloBench (andon-server/src/test/java) in one JVM: the Spring context
# of the server with db-scheduler off, on the tests' embedded PostgreSQL, calling the evaluator at
# chosen instants (see that class for the data it writes). Writes bench/out/slo-DATE.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
source bench/lib/common.sh
JAVA_HOME=$(pick_java_home)
export JAVA_HOME
SLOS=${BENCH_SLOS:-10000}
build_test_classpath
wait_for_quiet
REF=$(reference_ms)
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT=bench/out/slo-$STAMP.md
mkdir -p bench/out
log "running SloBench with $SLOS SLOs"
"$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xmx4g} --sun-misc-unsafe-memory-access=allow -cp "$BENCH_CLASSPATH" dev.andon.server.bench.SloBench "$SLOS" \
  2> "$TMP/stderr.log" | tee "$TMP/stdout.log" >&2 || { tail -50 "$TMP/stderr.log" >&2; die "SloBench failed"; }
{
  echo "# SLO evaluator: $SLOS SLOs, 30-day windows"
  echo
  echo "| | |"
  echo "| --- | --- |"
  environment_rows "$JAVA_HOME/bin/java"
  echo "| Machine busy before (cores) | ${QUIET_BEFORE:-?} |"
  echo "| Reference CPU task | ${REF} ms |"
  echo
  echo '```'
  cat "$TMP/stdout.log"
  echo '```'
} > "$OUT"
log "report: $OUT"
grep '^RESULT' "$TMP/stdout.log"
