package dev.quartet.backend.xray;

import dev.quartet.core.LocalFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Local mode: every segment document on a line of its own, appended to {@code segments.jsonl}. A file that cannot
 * be written never stops the emitter: its documents are dropped and counted there ({@link LocalFile}), and the
 * daemon sink next to it still gets every one.
 */
final class JsonLinesSink implements DocumentSink {
  static final String FILE_NAME = "segments.jsonl";

  private final LocalFile file;
  /** Documents since the last flush, written in one go: the emitter flushes when its queue runs dry. */
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private int pendingCount;

  JsonLinesSink(Path file) {
    this.file = new LocalFile(file, "xray", "segment documents");
  }

  @Override
  public void send(String document) {
    byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
    pending.write(bytes, 0, bytes.length);
    pending.write('\n');
    pendingCount++;
    if (pending.size() >= 64 * 1024) {
      flush();
    }
  }

  @Override
  public void flush() {
    if (pendingCount == 0) {
      return;
    }
    OutputStream out = file.stream();
    if (out == null) {
      file.notWritten(pendingCount);
    } else {
      try {
        pending.writeTo(out);
        out.flush();
        file.written();
      } catch (IOException e) {
        file.failed(e, pendingCount);
      }
    }
    pending.reset();
    pendingCount = 0;
  }

  @Override
  public void close() {
    flush();
    file.close();
  }

  @Override
  public String describe() {
    return "local file " + file.path();
  }
}
