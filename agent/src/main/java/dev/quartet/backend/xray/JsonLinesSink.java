package dev.quartet.backend.xray;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Local mode: every segment document on a line of its own, appended to {@code segments.jsonl}. */
final class JsonLinesSink implements DocumentSink {
  static final String FILE_NAME = "segments.jsonl";

  private final Path file;
  private final Writer out;

  JsonLinesSink(Path file) throws IOException {
    this.file = file;
    Files.createDirectories(file.toAbsolutePath().getParent());
    this.out =
        new BufferedWriter(
            new java.io.OutputStreamWriter(
                Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                StandardCharsets.UTF_8));
  }

  @Override
  public void send(String document) throws IOException {
    out.write(document);
    out.write('\n');
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException ignored) {
      // nothing more can be written
    }
  }

  @Override
  public String describe() {
    return "local file " + file;
  }
}
