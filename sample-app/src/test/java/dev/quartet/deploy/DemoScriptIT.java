package dev.quartet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./demo.sh} on a port that is taken: fails at once with the reason, and deletes no telemetry. */
class DemoScriptIT {

  @Test
  void aTakenPortFailsAtOnceAndKeepsThePreviousTelemetry(@TempDir Path tmp) throws IOException {
    Path telemetry = Files.createDirectories(tmp.resolve("quartet-telemetry"));
    Path previous = Files.writeString(telemetry.resolve("traces.jsonl"), "{\"resourceSpans\":[]}\n");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      RepoTools.Result r = RepoTools.run(RepoTools.repo(), Map.of("PORT", String.valueOf(taken.getLocalPort()),
          "SKIP_BUILD", "1", "QUARTET_TELEMETRY_DIR", telemetry.toString()), 120, "bash", "demo.sh");
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertEquals(1, r.exit(), r::both);
      assertTrue(r.stderr().contains("port " + taken.getLocalPort() + " is already in use"), r::both);
      assertTrue(seconds < 60, "took " + seconds + " s");
    }
    assertEquals(List.of("{\"resourceSpans\":[]}"), Files.readAllLines(previous), "the previous telemetry is kept");
    try (var left = Files.list(tmp)) {
      assertEquals(List.of(telemetry), left.toList(), "no run directory left behind");
    }
  }
}
