package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Local mode's four files: each created with its first line, and one that cannot be written affects only itself. */
class LocalFilesIT {

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final List<String[]> FILES = List.of(
      new String[] {"otel", "traces.jsonl"},
      new String[] {"xray", "segments.jsonl"},
      new String[] {"cloudwatch", "logs.jsonl"},
      new String[] {"rollbar", "errors.jsonl"});

  @Test
  void anUnwritableTelemetryDirAffectsOnlyItsFiles() throws IOException {
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      AppProcess.Builder b = AppProcess.withAgent("LocalFilesIT-unwritable");
      // a regular file where the directory should be: no one can write under it, root included
      Path notADirectory = Files.writeString(b.workDir().resolve("a-file"), "");
      Path dir = notADirectory.resolve("telemetry");
      b.env("QUARTET_TELEMETRY_DIR", dir.toString())
          .otlpEndpoint(receiver.endpoint())
          .env("OTEL_TRACES_EXPORTER", "otlp,quartet-local");
      String stderr;
      try (AppProcess app = b.start()) {
        Http http = app.http();
        http.send(Cruddur.HOME);
        http.send(Cruddur.ROLLBAR_TEST);
        http.send(Cruddur.DEBUG_ERROR);
        // the OTLP exporter next to the failing file still gets every span
        assertEquals(4, receiver.awaitSpans(SpanRecord::isServer, 4, TIMEOUT).size(),
            () -> "server spans at the OTLP receiver (probe + 3); stderr:\n" + app.stderrTail());
        app.stop(Duration.ofSeconds(20));
        stderr = app.stderr();
      }
      String ctx = "stderr:\n" + stderr;
      List<String> lines = stderr.lines().collect(Collectors.toList());
      for (String[] f : FILES) {
        String cannotWrite = "[quartet] WARN " + f[0] + ": cannot write " + dir.resolve(f[1]) + ": Not a directory";
        assertEquals(1, lines.stream().filter(l -> l.startsWith(cannotWrite)).count(),
            () -> "one line '" + cannotWrite + "…'; " + ctx);
      }
      for (String misleading : List.of("could not start", "Rollbar rejected", "refused by the destination")) {
        assertFalse(stderr.contains(misleading), () -> "'" + misleading + "' in " + ctx);
      }
      // every line about the files has a level
      lines.stream().filter(l -> l.startsWith("[quartet] ") && l.contains(dir.toString())
              && !l.startsWith("[quartet] Quartet "))
          .forEach(l -> assertTrue(l.startsWith("[quartet] WARN "), () -> "no level: " + l));
      assertTrue(Files.isRegularFile(notADirectory));
    }
  }

  @Test
  void aProgramThatRecordsNothingLeavesNoFile() {
    List<Path> cp = List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation());
    AppProcess.Builder b = AppProcess.withAgent("LocalFilesIT-idle");
    Path dir = b.workDir().resolve("telemetry"); // quartetDefaults: QUARTET_TELEMETRY_DIR
    try (AppProcess app = b.mainClass(IdleMain.class.getName(), cp).awaitHealth(false).start()) {
      assertTrue(app.waitFor(TIMEOUT), () -> "IdleMain did not exit; stderr:\n" + app.stderrTail());
      assertTrue(app.stdout().contains(IdleMain.DONE), () -> "stdout: " + app.stdout());
      assertTrue(app.stderr().contains("[quartet] Quartet "), () -> "the agent did not start: " + app.stderrTail());
    }
    assertFalse(Files.exists(dir), () -> dir + " was created although nothing was recorded");
  }
}
