-- Used by bench/run.sh (through BenchRunner) with `wrk --latency -s bench/wrk-report.lua`: prints the run's figures
-- as one JSON line, because wrk's own --latency table stops at p99 and the benchmark reports p99.9 too.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'QUARTET_BENCH_JSON {"requests":%.0f,"duration_us":%.0f,"bytes":%.0f,'
      .. '"errors":{"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f},'
      .. '"latency_us":{"min":%.0f,"mean":%.1f,"stdev":%.1f,"max":%.0f,'
      .. '"p50":%.0f,"p90":%.0f,"p99":%.0f,"p999":%.0f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end
