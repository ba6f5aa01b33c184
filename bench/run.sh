#!/usr/bin/env bash
# Quartet side by side with no agent and with the OpenTelemetry Java agent 2.33.1, on the Cruddur sample app:
# startup to the first 200, throughput and latency under wrk, CPU per request, memory, threads, agent jar size; then
# Quartet with its backends refusing connections and hanging. Writes bench/results.json and docs/PERFORMANCE.md.
#
#   bench/run.sh            # full run: about 11 minutes of measuring on 2 cores (plus the build)
#   bench/run.sh --quick    # about 2.5 minutes: few runs, short loads; the numbers are only indicative
#   bench/run.sh --report-only   # rewrite docs/PERFORMANCE.md from bench/results.json (after a template edit)
#
# Those times are for a quiet 2-core machine; other work on it (builds, tests) makes every figure slower and noisier.
# Everything runs on 127.0.0.1: the app, wrk, and the loopback sinks every backend sends to (bench/backends.env).
# Environment: SKIP_BUILD=1 reuses the built jars; BENCH_CONNECTIONS (16), BENCH_WRK_THREADS (1),
# BENCH_WARMUP_SECONDS, BENCH_DURATION_SECONDS, BENCH_ROUNDS, BENCH_STARTUP_RUNS override the mode's defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

command_line="bench/run.sh${*:+ $*}"
runner_args=()
report_only=0
for arg in "$@"; do
  case "$arg" in
    --quick) runner_args+=(--quick) ;;
    --report-only) runner_args+=(--report-only); report_only=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $arg (--quick or --report-only)" >&2; exit 2 ;;
  esac
done

if [ "$report_only" = 0 ] && ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk (Debian package) ..."
  if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo -n); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq wrk >/dev/null
fi

jars=(agent/target/quartet-agent.jar sample-app/target/sample-app.jar bench/target/benchmarks.jar
  bench/target/otel/opentelemetry-javaagent.jar)
need_build=0
for jar in "${jars[@]}"; do [ -f "$jar" ] || need_build=1; done
[ "$report_only" = 1 ] && [ -f bench/target/benchmarks.jar ] && SKIP_BUILD=1 && need_build=0
if [ "${SKIP_BUILD:-0}" != 1 ] || [ "$need_build" = 1 ]; then
  echo "bench: building the agent, the sample app and the bench module; fetching the OTel Java agent (Maven) ..."
  mvn -B -q -Pbench -pl agent,sample-app,bench -am package -DskipTests
fi

overrides=()
[ -n "${BENCH_CONNECTIONS:-}" ] && overrides+=(--connections "$BENCH_CONNECTIONS")
[ -n "${BENCH_WRK_THREADS:-}" ] && overrides+=(--wrk-threads "$BENCH_WRK_THREADS")
[ -n "${BENCH_WARMUP_SECONDS:-}" ] && overrides+=(--warmup-seconds "$BENCH_WARMUP_SECONDS")
[ -n "${BENCH_DURATION_SECONDS:-}" ] && overrides+=(--duration-seconds "$BENCH_DURATION_SECONDS")
[ -n "${BENCH_ROUNDS:-}" ] && overrides+=(--rounds "$BENCH_ROUNDS")
[ -n "${BENCH_STARTUP_RUNS:-}" ] && overrides+=(--startup-runs "$BENCH_STARTUP_RUNS")

# The runner starts the app JVMs, wrk and jcmd itself and kills them when it ends; this trap covers the runner.
java -cp bench/target/benchmarks.jar dev.quartet.bench.run.BenchRunner \
  ${runner_args[@]+"${runner_args[@]}"} ${overrides[@]+"${overrides[@]}"} --command "$command_line" &
runner=$!
trap 'kill "$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true' EXIT INT TERM
wait "$runner"
