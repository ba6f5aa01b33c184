package dev.quartet.backend.cloudwatch;

import dev.quartet.core.AgentLog;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Local mode: no AWS credentials and no endpoint, so each event's JSON object is appended as one line to {@code
 * <quartet.telemetry.dir>/logs.jsonl}, which the {@code report} command summarises.
 */
final class LocalFileDestination implements LogDestination {
  static final String FILE_NAME = "logs.jsonl";

  private final Path file;
  private Writer out;

  LocalFileDestination(Path telemetryDir) {
    this.file = telemetryDir.resolve(FILE_NAME);
  }

  @Override
  public String describe() {
    return "local file " + file + " (no AWS credentials or endpoint)";
  }

  @Override
  public Outcome write(List<PutLogEventsBatches.Event> events, Pacer pacer) {
    Outcome o = new Outcome();
    List<PutLogEventsBatches.Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(e -> e.timestamp));
    try {
      if (out == null) {
        Files.createDirectories(file.getParent());
        out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(file.toFile(), true), StandardCharsets.UTF_8));
      }
      for (PutLogEventsBatches.Event e : sorted) {
        out.write(e.message);
        out.write('\n');
        o.sent++;
      }
      out.flush();
      AgentLog.resetOnce("cloudwatch.local");
    } catch (IOException e) {
      AgentLog.warnOnce("cloudwatch.local", "cloudwatch: cannot write " + file + "; log events are dropped", e);
      o.rejected += sorted.size() - o.sent;
    }
    return o;
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // nothing more to write
      }
    }
  }
}
