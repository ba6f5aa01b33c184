#!/bin/bash
# startup async-profiler cpu profile + class load log of the sample app, all four backends. usage: startup.sh OUTDIR [envfile] [agentjar] [extra jvm args]
cd /work/main
out=$1; envt=${2:-bench/backends.env}; agent=${3:-agent/target/quartet-agent.jar}; shift 3; extra="$@"
mkdir -p $out; rm -f $out/sinks.env
java -cp bench/target/benchmarks.jar dev.quartet.bench.SinkServer --env "$envt" --env-out "$out/sinks.env" --max-seconds 40 < <(sleep 40) 2> "$out/sinks.log" &
sp=$!
for _ in $(seq 100); do [ -f "$out/sinks.env" ] && break; sleep 0.1; done
sleep 1
port=${PORT:-4621}
( set -a; . "$out/sinks.env"; set +a; export PORT=$port
  exec java $( [ "$agent" = none ] || echo -javaagent:$agent ) -agentpath:/work/tools/linux-x64/libasyncProfiler.so=start,event=cpu,interval=1ms,threads,file=$out/p.collapsed,collapsed -Xlog:class+load=info:file=$out/classes.txt -Xms256m -Xmx256m $extra -jar sample-app/target/sample-app.jar ) > $out/app.log 2>&1 &
ap=$!
for _ in $(seq 1200); do curl -fs -o /dev/null "http://127.0.0.1:$port/api/health-check" && break; sleep 0.05; done
for i in $(seq 10); do sleep 1; curl -fs -o /dev/null "http://127.0.0.1:$port/api/activities/home"; done
ps -o times= -p $ap
kill $ap; wait $ap; kill $sp; wait $sp 2>/dev/null
