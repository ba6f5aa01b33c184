package dev.quartet.smoke;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Loopback OTLP/HTTP trace receiver: {@code POST /v1/traces} with {@code application/x-protobuf} (optionally
 * gzip) is decoded and every span stored with its resource and the export request's headers; the answer is 200
 * with an empty {@code ExportTraceServiceResponse}. Other content types get 415, other paths 404.
 */
public class OtlpHttpReceiver extends LoopbackHttpReceiver {

  public static final String TRACES_PATH = "/v1/traces";

  private final List<SpanRecord> spans = new CopyOnWriteArrayList<>();

  public OtlpHttpReceiver() {
    this(0);
  }

  /** On {@code port} (0: any), e.g. where a client already points after a refused-connection fault. */
  public OtlpHttpReceiver(int port) {
    super("otlp", port);
    route("POST", TRACES_PATH, this::traces);
  }

  private Reply traces(RecordedRequest req) throws Exception {
    String ct = req.header("content-type");
    if (ct == null || !ct.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/x-protobuf")) {
      return Reply.text(415, "only application/x-protobuf is supported, got " + ct);
    }
    ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(req.body());
    for (ResourceSpans rs : export.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          spans.add(SpanRecord.fromProto(s, rs.getResource(), ss.getScope().getName(), req.headers()));
        }
      }
    }
    return Reply.of(200, "application/x-protobuf", ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  /** Snapshot of every span received so far, in arrival order. */
  public List<SpanRecord> spans() {
    return List.copyOf(spans);
  }

  public List<SpanRecord> spans(Predicate<SpanRecord> filter) {
    return spans.stream().filter(filter).collect(Collectors.toList());
  }

  /** Export requests to {@code /v1/traces} (for header checks). */
  public List<RecordedRequest> traceExports() {
    return requests().stream().filter(r -> r.path().equals(TRACES_PATH)).collect(Collectors.toList());
  }

  /** Writes every received span, one per line, to {@code file} (for diagnosing failures). */
  public void dump(java.nio.file.Path file) {
    try {
      java.nio.file.Files.write(file, spans.stream().map(SpanRecord::toString).collect(Collectors.toList()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Waits until at least {@code count} received spans match; returns them (fails on timeout). */
  public List<SpanRecord> awaitSpans(Predicate<SpanRecord> filter, int count, Duration timeout) {
    Await.require(count + " matching span(s) at the OTLP receiver", timeout,
        () -> spans(filter).size() >= count,
        () -> "matched " + spans(filter).size() + " of " + spans.size() + " received spans; handler errors "
            + handlerErrors());
    return spans(filter);
  }

  /** Waits until a span matches; empty when the timeout passes first. */
  public Optional<SpanRecord> awaitSpan(Predicate<SpanRecord> filter, Duration timeout) {
    Await.until(timeout, () -> spans.stream().anyMatch(filter));
    return spans.stream().filter(filter).findFirst();
  }

  /** Waits until at least {@code count} spans (any) have arrived. */
  public List<SpanRecord> awaitSpans(int count, Duration timeout) {
    return awaitSpans(s -> true, count, timeout);
  }
}
