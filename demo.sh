#!/usr/bin/env bash
# The Quartet demo: build, start the unmodified Cruddur sample app with the agent in local mode, drive every route
# (the failing one included), stop the app, and print the report a Honeycomb user would look at first.
#
#   ./demo.sh                      # local mode: spans go to ./quartet-telemetry/traces.jsonl
#   OTEL_EXPORTER_OTLP_ENDPOINT=https://api.honeycomb.io \
#   OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=YOUR_KEY ./demo.sh   # also to Honeycomb
#
# Environment: PORT (default 4567), DEMO_ROUNDS (default 20), SKIP_BUILD=1 to reuse the built jars.
set -euo pipefail
cd "$(dirname "$0")"

port="${PORT:-4567}"
rounds="${DEMO_ROUNDS:-20}"
telemetry="${QUARTET_TELEMETRY_DIR:-$PWD/quartet-telemetry}"
agent=agent/target/quartet-agent.jar
app=sample-app/target/sample-app.jar

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$agent" ] || [ ! -f "$app" ]; then
  echo "demo: building (mvn -B -q -DskipTests package) ..."
  mvn -B -q -DskipTests package
fi

# This run writes to a directory of its own; the previous run's telemetry is replaced only once this run has
# produced its own (the app came up and was stopped), so a failed start deletes nothing.
run_dir="$telemetry.run-$$"
rm -rf "$run_dir"
mkdir -p "$run_dir"
log="$run_dir/demo-app.log"

# A port already in use would make the app fail at once (or, worse, send the traffic to whatever listens there).
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "demo: port $port is already in use; stop what listens there, or choose another: PORT=4568 ./demo.sh" >&2
  rm -rf "$run_dir"
  exit 1
fi

export PORT="$port" QUARTET_TELEMETRY_DIR="$run_dir"
export OTEL_SERVICE_NAME="${OTEL_SERVICE_NAME:-backend-flask}"
cruddur_routes='/api/activities/@{handle},/api/activities/{uuid}/reply,/api/activities/{uuid},/api/messages/@{handle}'
export QUARTET_HTTP_ROUTES="${QUARTET_HTTP_ROUTES:-$cruddur_routes}"
# the students' custom spans and subsegments (docs/RULES.md)
export QUARTET_RULES_FILE="${QUARTET_RULES_FILE:-$PWD/sample-app/quartet-rules.yaml}"
if [ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}${OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:-}" ]; then
  # keep a local copy for the report as well
  export OTEL_TRACES_EXPORTER="${OTEL_TRACES_EXPORTER:-otlp,quartet-local}"
fi

echo "demo: starting the Cruddur sample app on port $port with -javaagent:$agent"
java -javaagent:"$agent" -jar "$app" >"$log" 2>&1 &
app_pid=$!
trap 'kill "$app_pid" 2>/dev/null || true; rm -rf "$run_dir"' EXIT

if ! java demo/DemoTraffic.java "http://127.0.0.1:$port" "$rounds" "$app_pid"; then
  echo "demo: the app did not come up; its output (stack frames left out):" >&2
  grep -v '^[[:space:]]*at ' "$log" >&2 || true
  echo "demo: the previous telemetry in $telemetry is untouched" >&2
  rm -rf "$run_dir"
  exit 1
fi
# the agent's startup line, with the paths its files will have once this run's directory replaces the previous one
grep '^\[quartet\]' "$log" | head -5 | sed "s|$run_dir|$telemetry|g" || true

echo "demo: stopping the app (SIGTERM; Quartet flushes pending spans)"
kill -TERM "$app_pid"
wait "$app_pid" || true
trap - EXIT

rm -rf "$telemetry"
mv "$run_dir" "$telemetry"

echo
java -jar "$agent" report "$telemetry"
