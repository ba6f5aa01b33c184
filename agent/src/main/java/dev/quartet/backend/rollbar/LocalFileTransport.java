package dev.quartet.backend.rollbar;

import dev.quartet.core.LocalFile;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Local mode: each item is appended to {@code <telemetry dir>/errors.jsonl} as one line, exactly the JSON body that
 * would be POSTed to Rollbar (which carries no token: Quartet sends the token in the header only). The file is
 * created with the first item, so a run without errors leaves none; a file that cannot be written is
 * reported and counted by {@link LocalFile}, never as something Rollbar did.
 */
final class LocalFileTransport implements Transport {
  static final String FILE_NAME = "errors.jsonl";

  private final LocalFile file;

  LocalFileTransport(Path telemetryDir) {
    this.file = new LocalFile(telemetryDir.resolve(FILE_NAME), "rollbar", "items");
  }

  @Override
  public String describe() {
    return "local file " + file.path();
  }

  @Override
  public Outcome deliver(byte[] json, Duration timeout) {
    byte[] line = new byte[json.length + 1];
    System.arraycopy(json, 0, line, 0, json.length);
    line[json.length] = '\n';
    return file.write(line, 1) ? Outcome.sent(0) : Outcome.NOT_WRITTEN_LOCALLY;
  }

  @Override
  public void close() {
    file.close();
  }
}
