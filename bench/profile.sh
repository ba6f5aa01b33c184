#!/usr/bin/env bash
# Where does Quartet spend CPU per request? Starts the loopback sinks, runs the sample app with Quartet (all four
# backends, bench/backends.env) under Java Flight Recorder, drives /api/activities/home with wrk, and prints the
# hottest methods and stacks from the recording. A tuning aid, not a benchmark: the figures are in bench/run.sh.
#
#   bash bench/profile.sh [SECONDS]          # default 30 s of recording after a 10 s warm-up
#   BENCH_ENV=bench/backends.env JAVA=… bash bench/profile.sh
#   bash bench/profile.sh --startup [sample|spring-jpa|tomcat]   # startup instead (default: spring-jpa)
#
# Output: the hot methods (self time) and the hottest stacks containing a dev.quartet frame, plus the .jfr file
# in bench/target/profile/ for JDK Mission Control.
#
# --startup: the app of bench/run.sh's startup section, once, with Quartet and every backend at loopback sinks,
# recorded from the JVM's first moment through the first 200 and 10 s of one request a second to its exit; then the
# same summaries, plus where the JIT and GC time went and the classes loaded. Where do the class matching, the SDK
# loads, the AWS SDK client build go on each app: read the "by the first Quartet frame" list.
set -euo pipefail
cd "$(dirname "$0")/.."

summarize() { # $1: the .jfr file
  local jfr_file="$1"
  echo "== hot methods (the sampled frame itself, all threads)"
  jfr print --stack-depth 1 --events jdk.ExecutionSample "$jfr_file" \
    | awk '/line:/ { g = $0; sub(/^[ \t]+/, "", g); sub(/[ \t]+line:.*/, "", g); n[g]++ } END { for (k in n) print n[k], k }' \
    | sort -rn | head -25
  echo "== per thread"
  jfr print --events jdk.ExecutionSample "$jfr_file" \
    | awk '/sampledThread = "/ { split($0, a, "\""); t = a[2]; sub(/-[0-9]+$/, "-N", t); sub(/#[0-9]+$/, "", t); n[t]++ } END { for (k in n) print n[k], k }' \
    | sort -rn | head -15
  echo "== samples with a Quartet frame, by the first Quartet frame"
  jfr print --stack-depth 64 --events jdk.ExecutionSample "$jfr_file" \
    | awk '/jdk.ExecutionSample/ { if (f != "") q[f]++; f = "" ; total++ }
           /dev\.quartet\./ && f == "" && !/shaded/ { g = $0; sub(/^[ \t]+/, "", g); sub(/line:.*/, "", g); f = g }
           END { if (f != "") q[f]++; for (k in q) print q[k], k; print total, "TOTAL samples" }' \
    | sort -rn | head -30
}

if [ "${1:-}" = "--startup" ]; then
  app="${2:-spring-jpa}"
  if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f bench/target/benchmarks.jar ]; then
    mvn -B -q -Pbench -pl agent,sample-app,bench -am package -DskipTests
  fi
  out=bench/target/profile
  mkdir -p "$out"
  java -cp bench/target/benchmarks.jar dev.quartet.bench.run.BenchRunner --profile-startup "$app" \
    --work-dir "$out/startup-work" | tee "$out/startup-$app.log"
  jfr_file="$out/startup-work/profile-startup/$app/startup.jfr"
  summarize "$jfr_file"
  echo "== JIT compilations and GC pauses (total ms)"
  jfr summary "$jfr_file" | grep -E "jdk\.(Compilation|GarbageCollection|ClassLoad|ClassDefine) " || true
  jfr print --events jdk.Compilation "$jfr_file" | awk '/duration = / { v = $3; u = $4; if (u ~ /^s/) v *= 1000; if (u ~ /us/) v /= 1000; t += v } END { printf "%.0f ms compiling (JFR threshold 1 ms)\n", t }'
  jfr print --events jdk.GarbageCollection "$jfr_file" | awk '/sumOfPauses = / { v = $3; u = $4; if (u ~ /^s/) v *= 1000; if (u ~ /us/) v /= 1000; t += v } END { printf "%.0f ms in GC pauses\n", t }'
  echo "recording: $jfr_file"
  exit 0
fi

seconds="${1:-30}"
java_bin="${JAVA:-java}"
env_template="${BENCH_ENV:-bench/backends.env}"
out=bench/target/profile
mkdir -p "$out"

if ! command -v wrk >/dev/null 2>&1; then
  sudo=(); [ "$(id -u)" != 0 ] && sudo=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq wrk >/dev/null
fi
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f bench/target/benchmarks.jar ]; then
  mvn -B -q -Pbench -pl agent,sample-app,bench -am package -DskipTests
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

rm -f "$out/sinks.env"
java -cp bench/target/benchmarks.jar dev.quartet.bench.SinkServer --env "$env_template" --env-out "$out/sinks.env" \
  --max-seconds $((seconds + 120)) < <(sleep $((seconds + 120))) 2> "$out/sinks.log" &
pids+=($!)
for _ in $(seq 100); do [ -f "$out/sinks.env" ] && break; sleep 0.1; done

port=4599
(
  set -a
  # shellcheck disable=SC1090
  . "$out/sinks.env"
  set +a
  export PORT=$port
  exec "$java_bin" -javaagent:agent/target/quartet-agent.jar -Xms256m -Xmx256m -XX:+UseG1GC \
    -XX:StartFlightRecording=delay=10s,duration="${seconds}s",filename="$out/quartet.jfr",settings=profile \
    -jar sample-app/target/sample-app.jar
) > "$out/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port/api/health-check" >/dev/null && break; sleep 0.1; done

wrk -t1 -c16 -d$((seconds + 12))s "http://127.0.0.1:$port/api/activities/home" | sed -n '3,8p'
sleep 1

summarize "$out/quartet.jfr"
echo "recording: $out/quartet.jfr"
