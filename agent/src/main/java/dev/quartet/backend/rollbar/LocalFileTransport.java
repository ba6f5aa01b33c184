package dev.quartet.backend.rollbar;

import dev.quartet.core.AgentLog;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Local mode: each item is appended to {@code <telemetry dir>/errors.jsonl} as one line, exactly the JSON body that
 * would be POSTed to Rollbar (which carries no token: Quartet sends the token in the header only). The file is
 * created with the first item, so a run without errors leaves none.
 */
final class LocalFileTransport implements Transport {
  static final String FILE_NAME = "errors.jsonl";

  private final Path file;
  private OutputStream out;

  LocalFileTransport(Path telemetryDir) {
    this.file = telemetryDir.resolve(FILE_NAME);
  }

  @Override
  public String describe() {
    return "local file " + file;
  }

  @Override
  public Outcome deliver(byte[] json, Duration timeout) {
    try {
      if (out == null) {
        Files.createDirectories(file.getParent());
        out = new FileOutputStream(file.toFile(), true);
      }
      byte[] line = new byte[json.length + 1];
      System.arraycopy(json, 0, line, 0, json.length);
      line[json.length] = '\n';
      out.write(line);
      out.flush();
      return Outcome.sent(0);
    } catch (IOException e) {
      AgentLog.warnOnce("rollbar.local", "rollbar: cannot write " + file, e);
      return new Outcome(Outcome.Kind.REJECTED, 0, e.toString());
    }
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException ignored) {
      // nothing more to write
    }
  }
}
