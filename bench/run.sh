#!/usr/bin/env bash
# Quartet side by side with no agent and with the OpenTelemetry Java agent 2.33.1, every backend sending to loopback
# sinks, in one run: startup (time to the first 200, CPU until 10 s after it with one request a second) of three
# apps (the sample app, a Spring Boot MVC + JPA app, the Tomcat 11 distribution serving a WAR); a short-lived JVM
# (wall and CPU); the sample app under wrk at 100% and at the backends' default sampling (throughput, latency, CPU
# per request, memory, threads) and with its backends refusing or hanging. Writes bench/results.json and
# docs/PERFORMANCE.md.
#
#   bench/run.sh                 # full run: about 20 minutes of measuring on a quiet 2-core machine (plus the build)
#   bench/run.sh --quick         # about 5 minutes: one startup round, 3 short-lived runs, short loads, no backends-
#                                #   down runs; the numbers are only indicative
#   bench/run.sh --dry-run       # about 2 minutes: each app starts and answers every request with each agent, and
#                                #   the short-lived JVM runs; nothing written
#   bench/run.sh --quick --only startup --apps spring-jpa   # one section (short-lived, startup, load), some apps
#   bench/run.sh --report-only   # rewrite docs/PERFORMANCE.md from bench/results.json (after a template edit or
#                                #   bench/targets-why.md)
#
# Full mode: short-lived 10 runs x 3 variants (about 1 min); startup 3 rounds x 3 apps x 3 agents, each run the
# app's start plus 10 s of traffic (about 8 min); steady state 2 rounds x 4 variants + 3 single runs, each 20 s
# warm-up (extended in 10 s steps, to 120 s at most, while the JIT compilers take over 3% of the JVM's CPU) + 20 s
# measured (about 10-20 min). Those times are for a quiet 2-core machine; other work on it (builds,
# tests) makes every figure slower and noisier. Everything runs on 127.0.0.1: the apps, wrk, and the sinks.
# Environment: SKIP_BUILD=1 reuses the built jars; BENCH_CONNECTIONS (16), BENCH_WRK_THREADS (1),
# BENCH_WARMUP_SECONDS, BENCH_MAX_WARMUP_SECONDS, BENCH_DURATION_SECONDS, BENCH_ROUNDS, BENCH_STARTUP_RUNS,
# BENCH_SHORT_LIVED_RUNS override the mode's defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

command_line="bench/run.sh${*:+ $*}"
runner_args=()
report_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick|--dry-run) runner_args+=("$1") ;;
    --report-only) runner_args+=(--report-only); report_only=1 ;;
    --only|--apps)
      [ $# -ge 2 ] || { echo "bench/run.sh: $1 needs a value" >&2; exit 2; }
      runner_args+=("$1" "$2"); shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1 (--quick, --dry-run, --only, --apps, --report-only)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$report_only" = 0 ] && ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk (Debian package) ..."
  if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo -n); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq wrk >/dev/null
fi

built=(agent/target/quartet-agent.jar sample-app/target/sample-app.jar bench/target/benchmarks.jar
  bench/target/otel/opentelemetry-javaagent.jar bench/apps/spring-jpa/target/spring-jpa.jar
  compat/apps/war-jakarta-log4j/target/compat.war bench/target/containers)
need_build=0
for f in "${built[@]}"; do [ -e "$f" ] || need_build=1; done
[ "$report_only" = 1 ] && [ -f bench/target/benchmarks.jar ] && SKIP_BUILD=1 && need_build=0
if [ "${SKIP_BUILD:-0}" != 1 ] || [ "$need_build" = 1 ]; then
  echo "bench: building the agent, the apps and the bench module; fetching the OTel Java agent and Tomcat (Maven) ..."
  mvn -B -q -Pbench -pl agent,sample-app,bench -am package -DskipTests
fi

overrides=()
[ -n "${BENCH_CONNECTIONS:-}" ] && overrides+=(--connections "$BENCH_CONNECTIONS")
[ -n "${BENCH_WRK_THREADS:-}" ] && overrides+=(--wrk-threads "$BENCH_WRK_THREADS")
[ -n "${BENCH_WARMUP_SECONDS:-}" ] && overrides+=(--warmup-seconds "$BENCH_WARMUP_SECONDS")
[ -n "${BENCH_MAX_WARMUP_SECONDS:-}" ] && overrides+=(--max-warmup-seconds "$BENCH_MAX_WARMUP_SECONDS")
[ -n "${BENCH_DURATION_SECONDS:-}" ] && overrides+=(--duration-seconds "$BENCH_DURATION_SECONDS")
[ -n "${BENCH_ROUNDS:-}" ] && overrides+=(--rounds "$BENCH_ROUNDS")
[ -n "${BENCH_STARTUP_RUNS:-}" ] && overrides+=(--startup-runs "$BENCH_STARTUP_RUNS")
[ -n "${BENCH_SHORT_LIVED_RUNS:-}" ] && overrides+=(--short-lived-runs "$BENCH_SHORT_LIVED_RUNS")

# The runner starts the app JVMs, wrk and jcmd itself and kills them when it ends; this trap covers the runner.
java -cp bench/target/benchmarks.jar dev.quartet.bench.run.BenchRunner \
  ${runner_args[@]+"${runner_args[@]}"} ${overrides[@]+"${overrides[@]}"} --command "$command_line" &
runner=$!
trap 'kill "$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true' EXIT INT TERM
wait "$runner"
