package dev.quartet.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quartet.smoke.AppProcess;
import dev.quartet.smoke.Await;
import dev.quartet.smoke.CloudWatchLogsReceiver.StoredEvent;
import dev.quartet.smoke.SmokeEnv;
import dev.quartet.smoke.SpanRecord;
import dev.quartet.smoke.TraceIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A client that hangs up during a long download from the Spring Boot app (embedded Tomcat): the server sent its 200
 * and did not fail, so no backend may report a server failure. The span records Tomcat's ClientAbortException as
 * the OpenTelemetry Java agent does, with the status sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientAbortIT {
  private static final String ABORT = String.join(".", "org", "apache", "catalina", "connector", "ClientAbortException");

  private Backends backends;
  private AppProcess app;
  private final String traceId = TraceIds.traceId();

  @BeforeAll
  void downloadHalfAndHangUp() throws IOException {
    Jdk.JDK_17.assumeInstalled();
    backends = new Backends();
    app = AppProcess.builder("spring-boot-client-abort").jar(CompatEnv.app("spring-boot-mvc")).healthPath("/health")
        .java(Jdk.JDK_17.java()).startTimeout(CompatContract.START_TIMEOUT)
        .agent(SmokeEnv.agentJar()).env(backends.env()).start();
    try (Socket s = new Socket("127.0.0.1", app.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /stream HTTP/1.1\r\nHost: localhost\r\ntraceparent: "
          + TraceIds.traceparent(traceId, TraceIds.spanId()) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buffer = new byte[8192];
      long read = 0;
      while (read < 256 * 1024) {
        int n = in.read(buffer);
        assertTrue(n > 0, "the download started");
        read += n;
      }
      s.setSoLinger(true, 0); // hang up hard: the server's next writes fail
    }
    Await.until(Duration.ofSeconds(90), () -> !spans().isEmpty() && !accessLines().isEmpty()
        && !backends.xray.segments(this::inTrace).isEmpty());
    app.stop(CompatContract.STOP_TIMEOUT); // flushes anything late
  }

  @AfterAll
  void cleanUp() {
    if (app != null) {
      app.close();
    }
    if (backends != null) {
      backends.close();
    }
  }

  private List<SpanRecord> spans() {
    return backends.otlp.spans(s -> s.isServer() && traceId.equals(s.traceId()));
  }

  private List<StoredEvent> accessLines() {
    return backends.cloudwatch.events(e -> "access".equals(e.field("logger")) && traceId.equals(e.field("trace_id")));
  }

  private boolean inTrace(JsonNode segment) {
    return segment.path("trace_id").asText().equals(CompatContract.xrayTraceId(traceId));
  }

  @Test
  void theSpanHasTheStatusSentAndTheAbortAsTheOpenTelemetryAgentRecordsIt() {
    List<SpanRecord> found = spans();
    assertEquals(1, found.size(), () -> "server spans " + found);
    SpanRecord span = found.get(0);
    assertEquals(200L, ((Number) span.attr("http.response.status_code")).longValue(), span::toString);
    assertEquals(ABORT, span.attr("error.type"), span::toString);
    assertTrue(span.events().stream().anyMatch(e -> e.name().equals("exception")
        && ABORT.equals(e.attributes().get("exception.type"))), span::toString);
  }

  @Test
  void noXrayFaultNo500AccessLineNoRollbarItem() {
    List<JsonNode> segments = backends.xray.segments(this::inTrace);
    assertEquals(1, segments.size(), segments::toString);
    assertFalse(segments.get(0).path("fault").asBoolean(), segments.get(0)::toString);
    assertEquals(200, segments.get(0).at("/http/response/status").asInt(), segments.get(0)::toString);
    List<StoredEvent> lines = accessLines();
    assertEquals(1, lines.size(), lines::toString);
    assertEquals(200, lines.get(0).json().path("http").path("status").asInt(), lines.get(0).message());
    assertTrue(lines.get(0).json().path("http").path("error").isMissingNode(), lines.get(0).message());
    assertEquals(List.of(), backends.rollbar.items(i -> traceId.equals(i.custom().path("trace_id").asText())),
        "Rollbar items in the trace");
  }
}
