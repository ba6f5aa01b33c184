package dev.quartet.backend.otel;

import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;

/**
 * {@code OTEL_TRACES_EXPORTER=quartet-local}: OTLP JSON lines (one {@code ExportTraceServiceRequest} a line, as the
 * collector's file exporter writes them) appended to {@code <quartet.telemetry.dir>/traces.jsonl}. The default
 * exporter when no OTLP endpoint is configured.
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
    Path file = tracesFile(config.getString("quartet.telemetry.dir", "quartet-telemetry"));
    try {
      Files.createDirectories(file.getParent());
      OutputStream out = new FileOutputStream(file.toFile(), true);
      SpanExporter json = OtlpStdoutSpanExporter.builder().setOutput(out).setWrapperJsonObject(true).build();
      return new ClosingExporter(json, out, file);
    } catch (IOException e) {
      throw new ConfigurationException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static Path tracesFile(String dir) {
    return Paths.get(dir).toAbsolutePath().resolve(FILE_NAME);
  }

  /** Closes the file once the SDK has flushed into it. */
  private static final class ClosingExporter implements SpanExporter {
    private final SpanExporter delegate;
    private final OutputStream out;
    private final Path file;

    ClosingExporter(SpanExporter delegate, OutputStream out, Path file) {
      this.delegate = delegate;
      this.out = out;
      this.file = file;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return delegate.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      CompletableResultCode result = delegate.shutdown();
      try {
        out.close();
      } catch (IOException ignored) {
        // nothing more to write
      }
      return result;
    }

    @Override
    public String toString() {
      return "quartet-local{" + file + "}";
    }
  }
}
