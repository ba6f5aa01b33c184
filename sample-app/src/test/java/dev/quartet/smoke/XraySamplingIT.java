package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Centralized sampling through a loopback daemon's sampling proxy: the decision follows the proxy's rules and changes
 * when they change; a daemon that cannot be reached leaves the decision to the local rule file and is reported in one
 * line, then one more when it answers again. The daemon address is given in the SDK's {@code host:port} form as the
 * SDK's system property, which must survive the agent's relocation of the SDK.
 */
class XraySamplingIT {

  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final String XRAY = "X-Amzn-Trace-Id";
  static final String UNREACHABLE = "cannot be reached";
  static final String ANSWERS_AGAIN = "answers again";

  /** Until the X-Ray SDK has loaded (it loads while the app starts) a response says no decision. */
  static void awaitSdk(Http http, AppProcess app) {
    Await.require("the X-Ray SDK to load", TIMEOUT, () -> http.send(Cruddur.HEALTH,
        Map.of(XRAY, "Root=1-" + TraceIds.epochHex() + "-" + TraceIds.randomHex(12) + ";Sampled=?")).header(XRAY)
        .contains("Sampled="), app::stderrTail);
  }

  /** What the app decided for a request that asked it to ({@code Sampled=?}): "1" or "0". */
  static String decision(Http http, Cruddur.Route route) {
    String tid = TraceIds.traceId();
    Http.Exchange ex = http.send(route, Map.of(XRAY, "Root=1-" + tid.substring(0, 8) + "-" + tid.substring(8)
        + ";Sampled=?"));
    String header = ex.header(XRAY);
    assertTrue(header != null && header.matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=[01]"),
        () -> "response " + XRAY + ": " + header);
    return header.substring(header.length() - 1);
  }

  private static List<JsonNode> byRule(XrayDaemonReceiver daemon, String rule) {
    return daemon.segments(s -> rule.equals(s.at("/aws/xray/rule_name").asText()));
  }

  @Test
  void theDecisionFollowsTheProxysRulesAndChangesWithThem() {
    try (XraySamplingProxy proxy = new XraySamplingProxy();
        XrayDaemonReceiver daemon = new XrayDaemonReceiver(proxy.port())) {
      proxy.rules(XraySamplingProxy.rule("home-off", 10, 0.0, 0, SmokeEnv.SERVICE_NAME, "/api/activities/home"),
          XraySamplingProxy.rule("rest-on", 100, 1.0, 0, "backend-*", "*"),
          XraySamplingProxy.defaultRule(0.0, 0));
      try (AppProcess app = AppProcess.withAgent("XraySamplingIT-rules")
          .sysProp("com.amazonaws.xray.emitters.daemonAddress", "127.0.0.1:" + proxy.port())
          .env("QUARTET_XRAY_SAMPLING_RULES_REFRESH", "1s")
          .start()) {
        Http http = app.http();
        Await.require("the proxy's rules to decide", TIMEOUT, () -> {
          http.send(Cruddur.HEALTH);
          return !byRule(daemon, "rest-on").isEmpty();
        }, () -> proxy.rulesRequests() + " rule requests; stderr " + app.stderrTail());

        for (int i = 0; i < 3; i++) {
          assertEquals("0", decision(http, Cruddur.HOME), "home-off: FixedRate 0, no reservoir");
        }
        assertEquals("1", decision(http, Cruddur.NOTIFICATIONS), "rest-on: FixedRate 1");

        proxy.rules(XraySamplingProxy.rule("home-on", 10, 1.0, 0, SmokeEnv.SERVICE_NAME, "/api/activities/home"),
            XraySamplingProxy.defaultRule(0.0, 0));
        int before = proxy.rulesRequests();
        // Two more fetches: at least one began after the change and has been applied.
        Await.require("the agent to fetch the changed rules", TIMEOUT, () -> proxy.rulesRequests() >= before + 2,
            app::stderrTail);
        assertEquals("1", decision(http, Cruddur.HOME), "home-on: FixedRate 1");
        daemon.awaitSegments(s -> "home-on".equals(s.at("/aws/xray/rule_name").asText()), 1, TIMEOUT);
        assertEquals("0", decision(http, Cruddur.NOTIFICATIONS), "rest-on is gone: the Default rule, 0");
        assertEquals(List.of(), daemon.problems());
      }
    }
  }

  @Test
  void anUnreachableDaemonLeavesTheDecisionToTheLocalRulesWithOneLineThenOneWhenItAnswers() throws IOException {
    int port = SmokeEnv.freeLoopbackPort();
    AppProcess.Builder b = AppProcess.withAgent("XraySamplingIT-unreachable");
    Path rules = b.workDir().resolve("xray.json");
    // The seed's format: nothing of backend-flask's home page is sampled, the rest always.
    Files.writeString(rules, "{\"SamplingRuleRecords\": [{\"SamplingRule\": "
        + XraySamplingProxy.rule("local-home-off", 1, 0.0, 0, SmokeEnv.SERVICE_NAME, "/api/activities/home")
        + "}, {\"SamplingRule\": " + XraySamplingProxy.defaultRule(1.0, 0) + "}]}");
    try (AppProcess app = b
        .env("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + port)
        .env("QUARTET_XRAY_SAMPLING_RULES", rules.toString())
        .env("QUARTET_XRAY_SAMPLING_RULES_REFRESH", "1s")
        .start()) {
      Http http = app.http();
      awaitSdk(http, app);
      for (int i = 0; i < 3; i++) {
        assertEquals("0", decision(http, Cruddur.HOME), "the local rule file decides while the daemon is away");
      }
      assertEquals("1", decision(http, Cruddur.HEALTH), "the local file's Default rule");
      // Several rule fetches fail meanwhile (one a second): still one line.
      Await.sleep(3500);
      assertEquals(1, lines(app, UNREACHABLE).size(), () -> "stderr:\n" + app.stderr());

      try (XraySamplingProxy proxy = new XraySamplingProxy(port)) {
        proxy.rules(XraySamplingProxy.defaultRule(1.0, 0));
        Await.require("the recovery line", TIMEOUT, () -> lines(app, ANSWERS_AGAIN).size() == 1, app::stderrTail);
        Await.require("the daemon's rules to decide", TIMEOUT, () -> "1".equals(decision(http, Cruddur.HOME)),
            app::stderrTail);
        assertEquals(1, lines(app, UNREACHABLE).size(), () -> "stderr:\n" + app.stderr());
        assertEquals(1, lines(app, ANSWERS_AGAIN).size(), () -> "stderr:\n" + app.stderr());
      }
      assertTrue(app.stderr().lines().noneMatch(l -> l.contains("Exception") && !l.startsWith("[quartet]")),
          () -> "stack traces on stderr:\n" + app.stderr());
    }
  }

  @Test
  void withOtelFollowsTheOpenTelemetryBackendRecordsExactlyWhatXraySamples() throws IOException {
    AppProcess.Builder b = AppProcess.withAgent("XraySamplingIT-otel-follows");
    Path rules = b.workDir().resolve("xray.json");
    Files.writeString(rules, "{\"SamplingRuleRecords\": [{\"SamplingRule\": "
        + XraySamplingProxy.rule("home-off", 1, 0.0, 0, SmokeEnv.SERVICE_NAME, "/api/activities/home")
        + "}, {\"SamplingRule\": " + XraySamplingProxy.defaultRule(1.0, 0) + "}]}");
    try (OtlpHttpReceiver otlp = new OtlpHttpReceiver();
        XrayDaemonReceiver daemon = new XrayDaemonReceiver();
        AppProcess app = b.otlpEndpoint(otlp.endpoint())
            .env("AWS_XRAY_DAEMON_ADDRESS", daemon.address())
            .env("QUARTET_XRAY_SAMPLING", "local")
            .env("QUARTET_XRAY_SAMPLING_RULES", rules.toString())
            .env("QUARTET_XRAY_SAMPLING_OTEL_FOLLOWS", "true")
            .start()) {
      Http http = app.http();
      awaitSdk(http, app);
      Http.Exchange home = http.send(Cruddur.HOME);
      Http.Exchange health = http.send(Cruddur.HEALTH);
      // OTEL_TRACES_SAMPLER is the default parentbased_always_on: on its own it would record both.
      assertFalse(home.traceResponse().orElseThrow().sampled(), "X-Ray's home-off decides for OTel too");
      assertTrue(health.traceResponse().orElseThrow().sampled());
      Traffic.barrier(otlp, http, TIMEOUT);
      daemon.awaitSegments(s -> s.path("id").asText().equals(health.traceResponse().orElseThrow().spanId()), 1,
          TIMEOUT);
      String homeTrace = home.traceResponse().orElseThrow().traceId();
      assertEquals(List.of(), otlp.spans(s -> s.traceId().equals(homeTrace)), "no span for an unsampled request");
      assertEquals(List.of(), daemon.documents().stream()
          .filter(d -> d.path("trace_id").asText().endsWith(homeTrace.substring(8))).collect(Collectors.toList()));
      assertEquals(1, otlp.spans(s -> health.traceResponse().orElseThrow().names(s)).size());
    }
  }

  @Test
  void aShortLivedProgramExitsWhileTheDaemonHangs() {
    try (BlackHoleEndpoint hole = new BlackHoleEndpoint();
        AppProcess app = AppProcess.withAgent("XraySamplingIT-short-lived")
            .env("AWS_XRAY_DAEMON_ADDRESS", hole.endpoint().replace("http://", ""))
            .env("QUARTET_XRAY_SAMPLING_RULES_REFRESH", "1s")
            .env("QUARTET_SHUTDOWN_TIMEOUT", "2s")
            .mainClass(ShortLivedMain.class.getName(), List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation()))
            .awaitHealth(false).start()) {
      Await.require("ShortLivedMain to finish its work", AppProcess.START_TIMEOUT,
          () -> app.stdout().contains(ShortLivedMain.DONE) || !app.isAlive(), app::stderrTail);
      long mainReturned = System.nanoTime();
      assertTrue(app.waitFor(Duration.ofSeconds(10)), () -> "the JVM was still running 10 s after main returned,"
          + " with the sampling poller stuck on a daemon that never answers; stderr:\n" + app.stderrTail());
      System.out.println("short-lived main with a hanging daemon: exited "
          + (System.nanoTime() - mainReturned) / 1_000_000 + " ms after main returned");
      assertEquals(0, app.exitValue(), app::stderrTail);
      assertTrue(hole.acceptedConnections() > 0, "the poller never reached the daemon, so the test proves nothing");
    }
  }

  private static List<String> lines(AppProcess app, String text) {
    return app.stderr().lines().filter(l -> l.startsWith("[quartet]") && l.contains(text))
        .collect(Collectors.toList());
  }
}
