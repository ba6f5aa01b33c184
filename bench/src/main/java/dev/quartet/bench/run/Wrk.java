package dev.quartet.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** wrk (from Debian) at a fixed concurrency, its figures read from the JSON line of bench/wrk-report.lua. */
final class Wrk {
  private static final String MARKER = "QUARTET_BENCH_JSON ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String executable;
  private final Path script;
  final int threads;
  final int connections;

  Wrk(String executable, Path script, int threads, int connections) {
    this.executable = executable;
    this.script = script;
    this.threads = threads;
    this.connections = connections;
  }

  /** One run's figures; latencies in microseconds. */
  static final class Result {
    final long requests;
    final double seconds;
    final long errors;
    final JsonNode raw;

    Result(JsonNode raw) {
      this.raw = raw;
      this.requests = raw.path("requests").asLong();
      this.seconds = raw.path("duration_us").asDouble() / 1e6;
      long e = 0;
      for (JsonNode n : raw.path("errors")) {
        e += n.asLong();
      }
      this.errors = e;
    }

    double requestsPerSecond() {
      return requests / seconds;
    }

    double latencyMs(String percentile) {
      return raw.path("latency_us").path(percentile).asDouble() / 1000.0;
    }
  }

  /** Loads {@code url} for {@code seconds}; wrk's output goes to {@code output}. Killed if it overstays by 60 s. */
  Result run(String url, int seconds, Path output) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(executable, "-t" + threads, "-c" + connections, "-d" + seconds + "s",
        "--timeout", "10s", "--latency", "-s", script.toString(), url));
    Process p = Children.start(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()));
    p.getOutputStream().close();
    if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      Children.kill(p);
      throw new IOException("wrk did not finish " + (seconds + 60) + " s after its start; see " + output);
    }
    String out = Files.readString(output);
    int at = out.indexOf(MARKER);
    if (p.exitValue() != 0 || at < 0) {
      throw new IOException("wrk failed (exit " + p.exitValue() + "): " + out);
    }
    int end = out.indexOf('\n', at);
    return new Result(JSON.readTree(out.substring(at + MARKER.length(), end < 0 ? out.length() : end)));
  }
}
