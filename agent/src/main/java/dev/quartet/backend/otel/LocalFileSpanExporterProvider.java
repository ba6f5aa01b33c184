package dev.quartet.backend.otel;

import dev.quartet.core.LocalFile;
import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;

/**
 * {@code OTEL_TRACES_EXPORTER=quartet-local}: OTLP JSON lines (one {@code ExportTraceServiceRequest} a line, as the
 * collector's file exporter writes them) appended to {@code <quartet.telemetry.dir>/traces.jsonl}. The default
 * exporter when no OTLP endpoint is configured. The file is created with the first batch; one that cannot be written
 * drops its batches (counted and reported once by {@link LocalFile}) and leaves every other exporter and backend alone.
 */
public final class LocalFileSpanExporterProvider implements ConfigurableSpanExporterProvider {
  public static final String NAME = "quartet-local";
  public static final String FILE_NAME = "traces.jsonl";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return new LocalFileExporter(
        new LocalFile(tracesFile(config.getString("quartet.telemetry.dir", "quartet-telemetry")), "otel", "spans"));
  }

  static Path tracesFile(String dir) {
    return Paths.get(dir).toAbsolutePath().resolve(FILE_NAME);
  }

  /** Opens the file with the first batch, and again after a failed write. */
  private static final class LocalFileExporter implements SpanExporter {
    private final LocalFile file;
    private OutputStream open;
    private FailureCatching stream;
    private SpanExporter json;

    LocalFileExporter(LocalFile file) {
      this.file = file;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
      OutputStream out = file.stream();
      if (out == null) {
        file.notWritten(spans.size());
        return CompletableResultCode.ofFailure();
      }
      if (out != open) {
        open = out;
        stream = new FailureCatching(out);
        json = OtlpStdoutSpanExporter.builder().setOutput(stream).setWrapperJsonObject(true).build();
      }
      CompletableResultCode result = json.export(spans);
      IOException failure = stream.takeFailure();
      if (failure != null) {
        file.failed(failure, spans.size());
        return CompletableResultCode.ofFailure();
      }
      file.written();
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public synchronized CompletableResultCode shutdown() {
      file.close();
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public String toString() {
      return "quartet-local{" + file.path() + "}";
    }
  }

  /**
   * Keeps a write failure for {@link LocalFileExporter} to report in Quartet's words, instead of letting the JSON
   * writer log it through java.util.logging once per batch.
   */
  private static final class FailureCatching extends FilterOutputStream {
    private IOException failure;

    FailureCatching(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (failure == null) {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          failure = e;
        }
      }
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void flush() {
      if (failure == null) {
        try {
          out.flush();
        } catch (IOException e) {
          failure = e;
        }
      }
    }

    @Override
    public void close() {
      // the file is LocalFile's to close
    }

    IOException takeFailure() {
      IOException f = failure;
      failure = null;
      return f;
    }
  }
}
