package dev.quartet.backend.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartet.config.Config;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.RequestView;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.TraceIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend end to end in local mode: requests in, segment documents in segments.jsonl out. */
class XrayBackendTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();
    final Properties sys = new Properties();
    XrayBackend backend;
    Dispatcher dispatcher;

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.shutdown(Duration.ofSeconds(5));
        }
    }

    private void start() throws Exception {
        start(dir);
    }

    private void start(Path telemetryDir) throws Exception {
        sys.putIfAbsent("otel.service.name", "backend-flask");
        Config config = Config.load(env, sys, p -> { throw new AssertionError(p); });
        backend = XrayBackend.create(config, telemetryDir, new AwsXrayVariables(env, sys), Clock.systemUTC(), false);
        assertTrue(backend.awaitReady(Duration.ofSeconds(20)), "the X-Ray SDK did not load");
        dispatcher = new Dispatcher(List.of(backend));
    }

    /** One request: its headers (case-insensitive), then its outcome. */
    private ServerRequest request(String method, String path, Map<String, String> headers, int status,
            Throwable error) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("Host", "localhost:4567");
        h.putAll(headers);
        ServerRequest r = new ServerRequest()
                .method(method).scheme("http").server("localhost", 4567).path(path)
                .client(clientAddress(h.get("X-Forwarded-For"), "10.0.0.7"), "10.0.0.7", 50000)
                .userAgent("test-agent/1.0")
                .view(new RequestView() {
                    @Override
                    public String header(String name) {
                        return h.get(name);
                    }

                    @Override
                    public List<String> headerNames() {
                        return new ArrayList<>(h.keySet());
                    }

                    @Override
                    public String userPrincipal() {
                        return null;
                    }

                    @Override
                    public String url() {
                        return "http://localhost:4567" + path;
                    }
                });
        dispatcher.start(r, h::get);
        r.finish(status, error);
        r.responseContentLength(status == 200 ? 42 : -1);
        dispatcher.end(r);
        return r;
    }

    private static String clientAddress(String forwardedFor, String peer) {
        return forwardedFor == null ? peer : forwardedFor.split(",")[0].trim();
    }

    private ServerRequest get(String path, Map<String, String> headers) {
        return request("GET", path, headers, 200, null);
    }

    /** Every document written, once the backend has shut down (which sends what is queued). */
    private List<JsonNode> documents() throws IOException {
        backend.shutdown(Duration.ofSeconds(5));
        backend = null;
        Path file = dir.resolve("segments.jsonl");
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static String header(ServerRequest r, String name) {
        return r.responseHeaders().stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst()
                .orElse(null);
    }

    @Test
    void theSegmentQuotesTheRequestsTraceAndSpanIdAndContinuesTheCaller() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "all");
        start();
        String caller = TraceIds.newTraceId();
        String parent = TraceIds.newSpanId();
        ServerRequest r = get("/api/activities/home", Map.of("traceparent", "00-" + caller + "-" + parent + "-01"));
        List<JsonNode> docs = documents();
        assertEquals(1, docs.size(), docs::toString);
        JsonNode s = docs.get(0);
        assertEquals(caller, r.traceId());
        assertEquals("1-" + caller.substring(0, 8) + "-" + caller.substring(8), s.get("trace_id").asText());
        assertEquals(r.spanId(), s.get("id").asText());
        assertEquals(parent, s.get("parent_id").asText());
        assertEquals("backend-flask", s.get("name").asText());
        assertEquals(r.startEpochNanos() / 1e9, s.get("start_time").asDouble(), 1e-6);
        assertEquals(r.endEpochNanos() / 1e9, s.get("end_time").asDouble(), 1e-6);
        assertFalse(s.has("in_progress"), s::toString);
        assertEquals("Root=1-" + caller.substring(0, 8) + "-" + caller.substring(8), header(r, "X-Amzn-Trace-Id"));
        JsonNode http = s.get("http");
        assertEquals("GET", http.at("/request/method").asText());
        assertEquals("http://localhost:4567/api/activities/home", http.at("/request/url").asText());
        assertEquals("test-agent/1.0", http.at("/request/user_agent").asText());
        assertEquals("10.0.0.7", http.at("/request/client_ip").asText());
        assertFalse(http.get("request").has("x_forwarded_for"));
        assertEquals(200, http.at("/response/status").asInt());
        assertEquals(42, http.at("/response/content_length").asInt());
        assertFalse(s.has("fault") || s.has("error") || s.has("throttle") || s.has("cause"), s::toString);
        assertEquals("X-Ray for Java", s.at("/aws/xray/sdk").asText());
        assertEquals("2.21.0", s.at("/aws/xray/sdk_version").asText(), "sdk.properties must load");
        assertTrue(s.at("/aws/xray/auto_instrumentation").asBoolean());
        assertEquals(System.getProperty("java.version"), s.at("/service/runtime_version").asText());
    }

    @Test
    void theSdksDefaultRuleIsNamedDefaultAsTheServiceNamesIt() throws Exception {
        start(); // local mode, no rule file: the X-Ray SDK's default rule decides
        get("/api/activities/home", Map.of());
        List<JsonNode> docs = documents();
        assertEquals(1, docs.size(), docs::toString);
        assertEquals("Default", docs.get(0).at("/aws/xray/rule_name").asText(), docs.get(0)::toString);
    }

    @Test
    void anUnwritableTelemetryDirLeavesTheSdkRunning() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "all");
        Path notADirectory = Files.createFile(dir.resolve("a-file"));
        start(notADirectory.resolve("telemetry")); // asserts that the SDK loads
        ServerRequest r = get("/api/activities/home", Map.of());
        assertTrue(header(r, "X-Amzn-Trace-Id").startsWith("Root=1-"), r.responseHeaders()::toString);
        backend.shutdown(Duration.ofSeconds(5));
        backend = null;
        assertTrue(Files.isRegularFile(notADirectory));
    }

    @Test
    void clientIpComesFromTheFirstForwardedForEntry() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "all");
        start();
        get("/api/health-check", Map.of("X-Forwarded-For", "203.0.113.9, 10.0.0.1"));
        JsonNode request = documents().get(0).at("/http/request");
        assertEquals("203.0.113.9", request.get("client_ip").asText());
        assertTrue(request.get("x_forwarded_for").asBoolean());
    }

    @Test
    void errorThrottleAndFaultFlagsAndTheCause() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "all");
        start();
        request("GET", "/api/activities/@", Map.of(), 422, null);
        request("GET", "/api/activities/home", Map.of(), 429, null);
        request("GET", "/api/activities/home", Map.of(), 503, null);
        request("GET", "/api/debug/error", Map.of(), 500, new IllegalStateException("thrown on purpose"));
        List<JsonNode> docs = documents();
        assertEquals(4, docs.size());
        assertTrue(docs.get(0).path("error").asBoolean() && !docs.get(0).has("fault") && !docs.get(0).has("throttle"));
        assertTrue(docs.get(1).path("error").asBoolean() && docs.get(1).path("throttle").asBoolean());
        assertTrue(docs.get(2).path("fault").asBoolean() && !docs.get(2).has("cause") && !docs.get(2).has("error"));
        JsonNode failed = docs.get(3);
        assertTrue(failed.path("fault").asBoolean(), failed::toString);
        JsonNode exception = failed.at("/cause/exceptions/0");
        assertEquals("java.lang.IllegalStateException", exception.get("type").asText());
        assertEquals("thrown on purpose", exception.get("message").asText());
        assertTrue(exception.get("stack").size() > 0, exception::toString);
        assertEquals(500, failed.at("/http/response/status").asInt());
    }

    @Test
    void aCallersDecisionWinsAndSampledZeroRecordsNothing() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "none");
        start();
        String tid = TraceIds.newTraceId();
        String xray = "Root=1-" + tid.substring(0, 8) + "-" + tid.substring(8) + ";Parent=" + TraceIds.newSpanId();
        ServerRequest zero = get("/api/activities/home", Map.of("X-Amzn-Trace-Id", xray + ";Sampled=0"));
        ServerRequest one = get("/api/activities/home", Map.of("X-Amzn-Trace-Id", xray + ";Sampled=1"));
        ServerRequest mine = get("/api/activities/home", Map.of());
        assertFalse(zero.sampled());
        assertTrue(one.sampled());
        assertFalse(mine.sampled(), "sampling none, no decision from the caller");
        assertTrue(zero.traceResponseHeader().endsWith("-00"));
        List<JsonNode> docs = documents();
        assertEquals(1, docs.size(), docs::toString);
        assertEquals(one.spanId(), docs.get(0).get("id").asText());
        assertNull(one.sharedSamplingDecision(), "each backend samples by its own rules unless asked otherwise");
    }

    @Test
    void sampledQuestionMarkGetsTheDecisionBack() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "none");
        start();
        String tid = TraceIds.newTraceId();
        String root = "Root=1-" + tid.substring(0, 8) + "-" + tid.substring(8);
        ServerRequest asked = get("/api/health-check", Map.of("X-Amzn-Trace-Id", root + ";Sampled=?"));
        assertEquals(root + ";Sampled=0", header(asked, "X-Amzn-Trace-Id"));
        ServerRequest notAsked = get("/api/health-check", Map.of("X-Amzn-Trace-Id", root));
        assertEquals(root, header(notAsked, "X-Amzn-Trace-Id"));
    }

    @Test
    void otelFollowsTheXrayDecisionWhenAsked() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "none");
        env.put("QUARTET_XRAY_SAMPLING_OTEL_FOLLOWS", "true");
        start();
        ServerRequest r = get("/api/health-check", Map.of());
        assertEquals(Boolean.FALSE, r.sharedSamplingDecision());
        assertFalse(r.sampled());
    }

    @Test
    void theSamplingRuleIsRecordedAndTheNameFollowsTheSdkVariables() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "local");
        env.put("QUARTET_XRAY_SAMPLING_RULES", ServiceRuleSamplingTest.SEED.toString());
        env.put("AWS_XRAY_TRACING_NAME", "backend-flask");
        sys.setProperty("otel.service.name", "not-this-one");
        start();
        get("/api/activities/home", Map.of());
        JsonNode s = documents().get(0); // the first request of the second is in the reservoir
        assertEquals("backend-flask", s.get("name").asText());
        assertEquals("Cruddur", s.at("/aws/xray/rule_name").asText(), s::toString);
    }

    @Test
    void dynamicNamingUsesAMatchingHostAndFallsBackOtherwise() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "all");
        env.put("AWS_XRAY_URL", "*4567-workspace.GITPOD.io*");
        start();
        get("/api/health-check", Map.of("Host", "4567-workspace.gitpod.io"));
        get("/api/health-check", Map.of("Host", "evil.example.com"));
        List<JsonNode> docs = documents();
        assertEquals("4567-workspace.gitpod.io", docs.get(0).get("name").asText());
        assertEquals("backend-flask", docs.get(1).get("name").asText());
    }

    @Test
    void aRequestBeforeTheSdkIsLoadedNeitherWaitsNorLosesItsHeader() throws Exception {
        java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
        XrayBackend slow = new XrayBackend(new SegmentNaming("svc", null), false, "test", () -> {
            loading.await();
            return null;
        });
        dispatcher = new Dispatcher(List.of(slow));
        ServerRequest early = get("/api/health-check", Map.of());
        assertEquals("Root=" + TraceIds.toXrayTraceId(early.traceId()), header(early, "X-Amzn-Trace-Id"));
        assertFalse(early.backendState(0) instanceof com.amazonaws.xray.entities.Segment, "no segment yet");
        assertNull(early.sharedSamplingDecision());
        loading.countDown();
        assertFalse(slow.awaitReady(Duration.ofSeconds(5)));
    }

    @Test
    void requestsEndingBeforeTheSdkIsLoadedGetTheirSegmentsOnceItIs() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "all");
        sys.putIfAbsent("otel.service.name", "backend-flask");
        Config config = Config.load(env, sys, p -> { throw new AssertionError(p); });
        // The SDK loads when the first request ends (or after BackgroundStart.LATEST): these two come before it.
        backend = XrayBackend.create(config, dir, new AwsXrayVariables(env, sys), Clock.systemUTC(), false);
        dispatcher = new Dispatcher(List.of(backend));
        ServerRequest first = get("/api/health-check", Map.of());
        ServerRequest failed = request("GET", "/api/boom", Map.of(), 500, new IllegalStateException("boom"));
        assertEquals("Root=" + TraceIds.toXrayTraceId(first.traceId()), header(first, "X-Amzn-Trace-Id"));

        List<JsonNode> docs = documents();
        assertEquals(2, docs.size(), docs.toString());
        assertEquals(TraceIds.toXrayTraceId(first.traceId()), docs.get(0).get("trace_id").asText());
        assertEquals(first.spanId(), docs.get(0).get("id").asText());
        assertEquals("http://localhost:4567/api/health-check", docs.get(0).at("/http/request/url").asText());
        assertEquals(500, docs.get(1).at("/http/response/status").asInt());
        assertTrue(docs.get(1).get("fault").asBoolean());
        assertTrue(docs.get(0).get("end_time").asDouble() >= docs.get(0).get("start_time").asDouble());
    }

    @Test
    void logGroupsForSegments() {
        assertEquals(List.of(), names(XrayBackend.logGroups(false, "cruddur", "backend-flask", null)));
        assertEquals(List.of("cruddur"), names(XrayBackend.logGroups(true, "cruddur", "backend-flask", null)));
        assertEquals(List.of("backend-flask", "from-env"),
                names(XrayBackend.logGroups(true, null, "backend-flask", "from-env")));
        assertEquals(List.of("from-env"), names(XrayBackend.logGroups(false, null, "backend-flask", "from-env")));
    }

    @Test
    void awsLogGroupAppearsInEverySegment() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "all");
        env.put("AWS_LOG_GROUP", "cruddur");
        start();
        get("/api/health-check", Map.of());
        assertEquals("cruddur", documents().get(0).at("/aws/cloudwatch_logs/0/log_group").asText());
    }

    @Test
    void contextMissingValues() {
        assertEquals(ContextMissing.Mode.LOG_ERROR, ContextMissing.parse(null).mode());
        assertEquals(ContextMissing.Mode.IGNORE_ERROR, ContextMissing.parse("ignore_error").mode());
        assertEquals(ContextMissing.Mode.RUNTIME_ERROR, ContextMissing.parse("RUNTIME_ERROR").mode());
        assertEquals(ContextMissing.Mode.LOG_ERROR, ContextMissing.parse("SHOUT").mode());
        // never thrown into the app, whatever the mode
        ContextMissing.parse("RUNTIME_ERROR").contextMissing("no segment", IllegalStateException.class);
    }

    @Test
    void sdkVariablesWinInTheSdksOrder() {
        Map<String, String> e = new HashMap<>();
        Properties p = new Properties();
        p.setProperty(AwsXrayVariables.DAEMON_ADDRESS_PROPERTY, "10.0.0.1:2000");
        assertEquals("10.0.0.1:2000", new AwsXrayVariables(e, p).daemonAddress());
        e.put("AWS_XRAY_DAEMON_ADDRESS", "xray-daemon:2000");
        assertEquals("xray-daemon:2000", new AwsXrayVariables(e, p).daemonAddress());
        assertEquals("com.amazonaws.xray.emitters.daemonAddress", AwsXrayVariables.DAEMON_ADDRESS_PROPERTY);
        assertEquals("com.amazonaws.xray.strategy.tracingName", AwsXrayVariables.TRACING_NAME_PROPERTY);
        assertEquals("com.amazonaws.xray.strategy.contextMissingStrategy", AwsXrayVariables.CONTEXT_MISSING_PROPERTY);
    }

    private static List<String> names(java.util.Set<com.amazonaws.xray.entities.AWSLogReference> refs) {
        List<String> out = new ArrayList<>();
        refs.forEach(r -> out.add(r.getLogGroup()));
        return out;
    }

    @Test
    void aBadDaemonAddressIsReportedOnceAndTheDefaultIsReallyUsed() throws Exception {
        // The SDK reads its variable itself too (here its system property, as the test cannot set the environment).
        String sdkProperty = AwsXrayVariables.DAEMON_ADDRESS_PROPERTY;
        String saved = System.getProperty(sdkProperty);
        System.setProperty(sdkProperty, "not-a-host:abc");
        try {
            sys.setProperty(sdkProperty, "not-a-host:abc");
            sys.putIfAbsent("otel.service.name", "backend-flask");
            List<String> seen = new java.util.ArrayList<>();
            Config config = Config.load(env, sys, seen::add);
            backend = XrayBackend.create(config, dir, new AwsXrayVariables(env, sys), Clock.systemUTC(), false);
            assertEquals(1, seen.size(), seen::toString);
            assertTrue(seen.get(0).startsWith("system property " + sdkProperty + ": \"not-a-host:abc\" is not host:port"),
                    seen.get(0));
            assertTrue(seen.get(0).endsWith("; using the default 127.0.0.1:2000"), seen.get(0));
            assertTrue(backend.describe().contains("X-Ray daemon 127.0.0.1:2000"), backend.describe());
            assertTrue(backend.awaitReady(Duration.ofSeconds(20)), "the X-Ray SDK did not load");
        } finally {
            if (saved == null) {
                System.clearProperty(sdkProperty);
            } else {
                System.setProperty(sdkProperty, saved);
            }
        }
    }

    @Test
    void daemonAddressForms() {
        assertEquals("127.0.0.1:2000", DaemonAddress.parse("127.0.0.1:2000").toString());
        DaemonAddress split = DaemonAddress.parse("udp:10.0.0.1:2001  tcp:10.0.0.2:2000");
        assertEquals("10.0.0.1", split.udpHost);
        assertEquals(2001, split.udpPort);
        assertEquals("10.0.0.2:2000", split.tcp);
        assertEquals("xray-daemon:2000", DaemonAddress.parse("xray-daemon:2000").tcp);
        for (String bad : new String[] {"not-a-host:abc", "host", ":2000", "host:", "host:0", "host:65536",
                "tcp:a:1", "tcp:a:1 udp:b", "udp:a:1 udp:b:2", "a:1 b:2 c:3", "::1:2000"}) {
            assertNull(DaemonAddress.parse(bad), bad);
        }
    }

    @Test
    void emptyFieldsInTheCallersHeaderAreSkippedAndSampledQuestionMarkStillAnswered() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "none");
        start();
        String tid = TraceIds.newTraceId();
        String root = "Root=1-" + tid.substring(0, 8) + "-" + tid.substring(8);
        ServerRequest r = get("/api/health-check",
                Map.of("X-Amzn-Trace-Id", root + ";;;;Parent=53995c3f42cd8ad8;; Sampled = ? ;"));
        assertEquals(tid, r.traceId(), "the caller's trace continues");
        assertEquals(root + ";Sampled=0", header(r, "X-Amzn-Trace-Id"));
        assertTrue(XrayBackend.asksForDecision("Root=x;;;Sampled=?"));
        assertFalse(XrayBackend.asksForDecision("Root=x;;;Sampled=1"));
        assertFalse(XrayBackend.asksForDecision(";;;;"));
        assertFalse(XrayBackend.asksForDecision(null));
    }

    /**
     * A W3C trace id whose first 8 hex digits are no plausible epoch second (2011 here, or 0) goes into the segment
     * unchanged, so that every backend quotes one trace id: X-Ray's PutTraceSegments takes W3C ids in this form and
     * no longer validates the time in them.
     */
    @Test
    void aContinuedW3cTraceIdWithAnImplausibleEpochIsKeptInTheSegment() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "all");
        start();
        List<String> callers = List.of("4efaaf4d1e8720b39541901950019ee5", "000000001e8720b39541901950019ee5",
                "ffffffff1e8720b39541901950019ee5");
        for (String caller : callers) {
            get("/api/activities/home", Map.of("traceparent", "00-" + caller + "-53995c3f42cd8ad8-01"));
        }
        List<JsonNode> docs = documents();
        assertEquals(callers.size(), docs.size(), docs::toString);
        for (int i = 0; i < callers.size(); i++) {
            String c = callers.get(i);
            assertEquals("1-" + c.substring(0, 8) + "-" + c.substring(8), docs.get(i).get("trace_id").asText());
        }
    }
}
