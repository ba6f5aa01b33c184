package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An app using {@code @WithSpan}/{@code @SpanAttribute} ({@link WithSpanMain}, with the real
 * opentelemetry-instrumentation-annotations jar) gets its spans with no rules file: nested under the request's server
 * span in one trace, named and of the kind the annotation says, with the {@code @SpanAttribute} parameters.
 */
class WithSpanIT {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static List<Path> classPath() {
    List<Path> cp = new ArrayList<>(List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation()));
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.contains("opentelemetry-instrumentation-annotations") || entry.contains("opentelemetry-api")
          || entry.contains("opentelemetry-context")) {
        cp.add(Path.of(entry)); // the app's own OpenTelemetry API and annotations, as an app built for the OTel agent has
      }
    }
    return cp;
  }

  @Test
  void annotatedMethodsAreSpansNestedInTheRequestWithTheirAttributes() {
    try (OtlpHttpReceiver otlp = new OtlpHttpReceiver();
        AppProcess app = AppProcess.withAgent("WithSpanIT")
            .mainClass(WithSpanMain.class.getName(), classPath())
            .otlpEndpoint(otlp.endpoint())
            .start()) {
      Http.Exchange ex = app.http().get("/activities?user=andrewbrown");
      assertEquals("andrewbrown-1,andrewbrown-2", ex.body(), ex::toString);
      TraceResponse tr = ex.traceResponse().orElseThrow();

      SpanRecord server = otlp.awaitSpans(s -> s.isServer() && s.spanId().equals(tr.spanId()), 1, TIMEOUT).get(0);
      SpanRecord outer = otlp.awaitSpans(s -> s.name().equals("user-activities"), 1, TIMEOUT).get(0);
      SpanRecord inner = otlp.awaitSpans(s -> s.name().equals("Activities.load"), 1, TIMEOUT).get(0);

      assertEquals(server.traceId(), outer.traceId());
      assertEquals(server.spanId(), outer.parentSpanId(), "the @WithSpan method is a child of the server span");
      assertEquals(SpanRecord.KIND_INTERNAL, outer.kind());
      assertEquals("andrewbrown", outer.attr("app.user"));
      assertEquals(2L, outer.attr("app.limit"));
      assertEquals(outer.spanId(), inner.parentSpanId(), "the nested @WithSpan method is its child");
      assertEquals(SpanRecord.KIND_CLIENT, inner.kind());
      assertEquals(server.traceId(), inner.traceId());
    }
  }
}
