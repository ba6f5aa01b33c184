package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The agent on the newest LTS JVM. */
class Java25IT {

  @Test
  void tracesOnJava25() {
    Assumptions.assumeTrue(Files.isExecutable(SmokeEnv.JAVA25), SmokeEnv.JAVA25 + " not installed");
    List<Cruddur.Route> routes = List.of(Cruddur.HEALTH, Cruddur.HOME, Cruddur.DEBUG_ERROR);
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver();
        AppProcess app = AppProcess.withAgent("Java25IT").java(SmokeEnv.JAVA25)
            .otlpEndpoint(receiver.endpoint()).start()) {
      Http http = app.http();
      List<Traffic.Call> calls = Traffic.callAll(http, routes);
      Map<Traffic.Call, SpanRecord> spans = Traffic.awaitSpans(receiver, calls, Duration.ofSeconds(15));
      Traffic.barrier(receiver, http, Duration.ofSeconds(15));
      List<SpanRecord> server = receiver.spans(SpanRecord::isServer);
      assertTrue(app.stderr().lines().anyMatch(l -> l.startsWith("[quartet]")), "no [quartet] startup line");
      assertAll(calls.stream().map(c -> (Executable) () -> {
        assertEquals(c.route().expectedStatus(), c.exchange().status(), c::toString);
        SpanRecord s = spans.get(c);
        assertNotNull(s, () -> c + ": no span named by its traceresponse");
        List<SpanRecord> sameTrace = server.stream().filter(x -> x.traceId().equals(s.traceId()))
            .collect(Collectors.toList());
        assertEquals(1, sameTrace.size(), () -> c + ": server spans in its trace " + sameTrace);
        SpanChecks.serverSpan(c, s, app.port());
      }));
      app.stop(Duration.ofSeconds(20));
    }
  }
}
