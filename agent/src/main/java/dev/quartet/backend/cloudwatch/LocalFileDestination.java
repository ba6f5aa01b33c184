package dev.quartet.backend.cloudwatch;

import dev.quartet.core.LocalFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Local mode: no AWS credentials and no endpoint, so each event's JSON object is appended as one line to {@code
 * <quartet.telemetry.dir>/logs.jsonl} (created with its first event), which the {@code report} command
 * summarises.
 */
final class LocalFileDestination implements LogDestination {
  static final String FILE_NAME = "logs.jsonl";

  private final LocalFile file;

  LocalFileDestination(Path telemetryDir) {
    this.file = new LocalFile(telemetryDir.resolve(FILE_NAME), "cloudwatch", "log events");
  }

  @Override
  public String describe() {
    return "local file " + file.path() + " (no AWS credentials or endpoint)";
  }

  /**
   * Events the file cannot take are counted and reported by {@link LocalFile} (naming the file and why), not as
   * refused: no CloudWatch was asked.
   */
  @Override
  public Outcome write(List<PutLogEventsBatches.Event> events, Pacer pacer) {
    Outcome o = new Outcome();
    List<PutLogEventsBatches.Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(e -> e.timestamp));
    StringBuilder lines = new StringBuilder();
    for (PutLogEventsBatches.Event e : sorted) {
      lines.append(e.message).append('\n');
    }
    if (file.write(lines.toString().getBytes(StandardCharsets.UTF_8), sorted.size())) {
      o.sent = sorted.size();
    }
    return o;
  }

  @Override
  public void close() {
    file.close();
  }
}
