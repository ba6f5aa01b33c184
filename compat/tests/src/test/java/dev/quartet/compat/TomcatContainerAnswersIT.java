package dev.quartet.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests a standalone Tomcat 11 answers around the app or instead of it, as a user of the OpenTelemetry agent sees
 * them: a request line Tomcat rejects (400, before any webapp), and a page behind FORM login (Tomcat forwards to the
 * login JSP) recorded under the URI the client asked for. Each is exactly one span, one segment and one access line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TomcatContainerAnswersIT {
  private static final Duration ARRIVAL = Duration.ofSeconds(60);
  private static final String PROTECTED = "/examples/jsp/security/protected/index.jsp";

  private Backends backends;
  private AppProcess tomcat;

  private String rejectedStatusLine;
  private String formTraceId;
  private String formAnswer;

  @BeforeAll
  void sendThroughTomcatWithTheAgent() throws IOException {
    Jdk.JDK_17.assumeInstalled();
    backends = new Backends();
    tomcat =
        StandaloneTomcat.launcher(
                "tomcat11-container-answers",
                CompatEnv.path("compat.tomcat11.home"),
                Map.of("compat", CompatEnv.app("war-jakarta")),
                "/compat/health")
            .java(Jdk.JDK_17.java())
            .startTimeout(CompatContract.START_TIMEOUT)
            .agent(SmokeEnv.agentJar())
            .env(backends.env())
            .start();
    rejectedStatusLine = sendRaw("GET /compat/a{b} HTTP/1.1\r\nHost: localhost\r\n\r\n", false);
    formTraceId = TraceIds.traceId();
    // Raw, with a long read timeout: Tomcat compiles the login JSP on first use (20 s on a loaded machine).
    formAnswer =
        sendRaw("GET " + PROTECTED + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n"
            + "traceparent: " + TraceIds.traceparent(formTraceId, TraceIds.spanId()) + "\r\n\r\n", true);
    Await.until(ARRIVAL, () -> !spans(REJECTED).isEmpty()
        && !backends.xray.segments(REJECTED_SEGMENT).isEmpty()
        && !backends.cloudwatch.events(REJECTED_LINE).isEmpty()
        && !spans(s -> formTraceId.equals(s.traceId())).isEmpty()
        && !backends.cloudwatch.events(this::formLine).isEmpty());
    tomcat.stop(CompatContract.STOP_TIMEOUT); // flushes anything late, or recorded twice
  }

  @AfterAll
  void cleanUp() {
    if (tomcat != null) {
      tomcat.close();
    }
    if (backends != null) {
      backends.close();
    }
  }

  /** A raw request's status line, or (whole) its whole response: also for what Tomcat's parser rejects. */
  private String sendRaw(String request, boolean whole) throws IOException {
    try (Socket s = new Socket("127.0.0.1", tomcat.port())) {
      s.setSoTimeout(120_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      if (whole) {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  private List<SpanRecord> spans(Predicate<SpanRecord> which) {
    return backends.otlp.spans(s -> s.isServer() && which.test(s));
  }

  private static final Predicate<SpanRecord> REJECTED =
      s -> s.attr("http.response.status_code") != null
          && Long.parseLong(s.attr("http.response.status_code").toString()) == 400;
  private static final Predicate<JsonNode> REJECTED_SEGMENT = d -> d.at("/http/response/status").asInt() == 400;
  private static final Predicate<StoredEvent> REJECTED_LINE =
      e -> "access".equals(e.field("logger")) && e.json().path("http").path("status").asInt() == 400;

  private boolean formLine(StoredEvent e) {
    return "access".equals(e.field("logger")) && formTraceId.equals(e.field("trace_id"));
  }

  @Test
  void aRequestLineTomcatRejectsIsOneRequestWithItsStatus() {
    assertTrue(rejectedStatusLine.startsWith("HTTP/1.1 400"), rejectedStatusLine);
    assertEquals(1, spans(REJECTED).size(), () -> "server spans with 400: " + spans(REJECTED));
    assertEquals(1, backends.xray.segments(REJECTED_SEGMENT).size(), "segments with 400");
    assertEquals(1, backends.cloudwatch.events(REJECTED_LINE).size(), "access lines with 400");
  }

  @Test
  void aPageBehindFormLoginIsRecordedUnderTheRequestedUri() {
    assertTrue(formAnswer.startsWith("HTTP/1.1 200"), () -> "Tomcat answers with its login form: " + formAnswer);
    assertTrue(formAnswer.contains("j_security_check"), () -> "the login form: " + formAnswer);
    List<SpanRecord> found = spans(s -> formTraceId.equals(s.traceId()));
    assertEquals(1, found.size(), () -> "server spans in its trace: " + found);
    assertEquals(PROTECTED, found.get(0).attr("url.path"), () -> "the URI the client asked for: " + found.get(0));
    List<StoredEvent> lines = backends.cloudwatch.events(this::formLine);
    assertEquals(1, lines.size(), "access lines in its trace");
    assertEquals(PROTECTED, lines.get(0).json().path("http").path("path").asText(), lines.get(0).message());
  }
}
