#!/usr/bin/env bash
# JMH micro-benchmarks of Quartet's per-request hot path (dev.quartet.bench.jmh.ServletHotPathBenchmark): builds
# bench/target/benchmarks.jar, starts the loopback sinks (bench/backends.env, as bench/run.sh does) so that every
# backend exports to 127.0.0.1, and runs JMH with the arguments given, e.g.
#
#   bench/jmh.sh                                   # every benchmark, backends none / otel / all (~4 minutes)
#   bench/jmh.sh -p backends=otel -prof gc         # one backend, with allocation per request
#   bench/jmh.sh -wi 1 -i 2 -r 1s request          # a short look
#
# Not part of mvn -B verify (the bench module is only in the reactor with -Pbench). SKIP_BUILD=1 reuses the jar.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f bench/target/benchmarks.jar ]; then
  mvn -B -q -Pbench -pl agent,bench -am package -DskipTests
fi

work=bench/target/jmh
mkdir -p "$work"
rm -f "$work/sinks.env"
# the sinks serve until their stdin closes (this script's exit) or an hour passes
coproc SINKS { exec java -cp bench/target/benchmarks.jar dev.quartet.bench.SinkServer \
  --env bench/backends.env --env-out "$work/sinks.env" --max-seconds 3600 2>"$work/sinks.log"; }
sinks_pid=$SINKS_PID
trap 'kill "$sinks_pid" 2>/dev/null || true; wait "$sinks_pid" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 300); do
  [ -f "$work/sinks.env" ] && break
  kill -0 "$sinks_pid" 2>/dev/null || { cat "$work/sinks.log" >&2; exit 1; }
  sleep 0.1
done
[ -f "$work/sinks.env" ] || { echo "bench/jmh.sh: the sinks did not start within 30 s" >&2; exit 1; }

(
  # only the backends' configuration: nothing of the caller's OTEL_/AWS_/ROLLBAR_/QUARTET_ settings
  for v in $(env | sed -n 's/^\(\(OTEL\|AWS\|ROLLBAR\|QUARTET\)_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
  set -a
  . "$work/sinks.env"
  export OTEL_SERVICE_NAME=backend-flask QUARTET_TELEMETRY_DIR="$PWD/$work/telemetry"
  set +a
  java -jar bench/target/benchmarks.jar "$@"
)
