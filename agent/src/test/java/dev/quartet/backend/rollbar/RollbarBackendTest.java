package dev.quartet.backend.rollbar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartet.config.Config;
import dev.quartet.core.BackendFactory;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.LogEvent;
import dev.quartet.core.RequestView;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.TraceIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend end to end inside this JVM, in local mode: what it is given (requests, LogEvents of any library,
 * uncaught exceptions) and the exact item bodies it writes to errors.jsonl.
 */
class RollbarBackendTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private RollbarBackend backend;
    private Dispatcher dispatcher;
    private final List<String> lines = new ArrayList<>();

    private static final ObjectMapper JSON = new ObjectMapper();

    private RollbarBackend start() {
        Config config = Config.load(env, new Properties(), problems::add);
        assertEquals(Collections.emptyList(), problems);
        backend = RollbarBackend.create(new BackendFactory.Context(config, dir, "test"));
        dispatcher = new Dispatcher(List.of(backend));
        return backend;
    }

    /** Shuts the backend down (which sends everything) and returns the items it wrote. */
    private List<JsonNode> items() throws IOException {
        backend.shutdown(Duration.ofSeconds(20));
        Path file = dir.resolve(LocalFileTransport.FILE_NAME);
        lines.clear();
        if (Files.exists(file)) {
            lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private JsonNode onlyItem() throws IOException {
        List<JsonNode> items = items();
        assertEquals(1, items.size(), () -> "items: " + lines);
        return items.get(0).path("data");
    }

    /** The request as the servlet container would show it. */
    static final class FakeView implements RequestView {
        final Map<String, String> headers = new LinkedHashMap<>();
        String principal;

        FakeView header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        @Override
        public String header(String name) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }

        @Override
        public List<String> headerNames() {
            return new ArrayList<>(headers.keySet());
        }

        @Override
        public String userPrincipal() {
            return principal;
        }

        @Override
        public String url() {
            return "http://localhost:4567/api/debug/error";
        }
    }

    private ServerRequest request(FakeView view, String query) {
        ServerRequest r = new ServerRequest().method("GET").scheme("http").server("localhost", 4567)
                .path("/api/debug/error").query(query).route("/api/debug/error")
                .client("203.0.113.9", "127.0.0.1", 50123).view(view);
        dispatcher.start(r, view::header);
        return r;
    }

    private void end(ServerRequest r, Throwable error) {
        r.finish(error == null ? 200 : 500, error);
        dispatcher.end(r);
    }

    private static LogEvent log(String library, LogEvent.Level level, String levelName, String message, Throwable t,
            dev.quartet.core.Span r) {
        return new LogEvent(library, System.currentTimeMillis(), level, levelName, "cruddur.Test", "qtp-7",
                message, t, r);
    }

    private static List<String> classesOf(JsonNode data) {
        List<String> out = new ArrayList<>();
        for (JsonNode trace : data.path("body").path("trace_chain")) {
            out.add(trace.path("exception").path("class").asText());
        }
        return out;
    }

    // ------------------------------------------------------------------ requests

    @Test
    void anExceptionEscapingARequestIsOneErrorItemWithItsRequestAndTrace() throws IOException {
        start();
        FakeView view = new FakeView()
                .header("Host", "localhost:4567")
                .header("User-Agent", "curl/8.0")
                .header("Authorization", "Bearer secret-token-123")
                .header("Cookie", "session=sess-abcdef; theme=dark")
                .header("X-Api-Key", "key-999999")
                .header("x-honeycomb-team", "hny-888888")
                .header("X-Custom-Token", "tok-555555")
                .header("X-Echo", "was sent secret-token-123");
        view.principal = "andrewbrown";
        ServerRequest r = request(view, "term=cloud&api_key=qk-777777");
        end(r, new IllegalStateException("boom", new IOException("disk full")));

        JsonNode data = onlyItem();
        String line = lines.get(0);
        assertEquals("error", data.path("level").asText());
        assertEquals("production", data.path("environment").asText());
        assertEquals(List.of("java.lang.IllegalStateException", "java.io.IOException"), classesOf(data));
        assertEquals("boom", data.path("body").path("trace_chain").get(0).path("exception").path("message").asText());
        assertTrue(data.path("body").path("trace_chain").get(0).path("frames").size() > 0, "frames");
        JsonNode request = data.path("request");
        assertEquals("http://localhost:4567/api/debug/error", request.path("url").asText());
        assertEquals("GET", request.path("method").asText());
        assertEquals("term=cloud&api_key=REDACTED", request.path("query_string").asText());
        assertEquals("203.0.113.9", request.path("user_ip").asText());
        assertEquals("curl/8.0", request.path("headers").path("User-Agent").asText());
        for (String scrubbed : List.of("Authorization", "Cookie", "X-Api-Key", "x-honeycomb-team", "X-Custom-Token")) {
            assertEquals(Scrubber.MASK, request.path("headers").path(scrubbed).asText(), scrubbed);
        }
        assertEquals("was sent ********", request.path("headers").path("X-Echo").asText());
        for (String secret : List.of("secret-token-123", "sess-abcdef", "key-999999", "hny-888888", "qk-777777",
                "tok-555555")) {
            assertFalse(line.contains(secret), secret + " in " + line);
        }
        assertEquals("andrewbrown", data.path("person").path("id").asText());
        assertEquals("GET /api/debug/error", data.path("context").asText());
        JsonNode custom = data.path("custom");
        assertEquals(r.traceId(), custom.path("trace_id").asText());
        assertEquals(TraceIds.toXrayTraceId(r.traceId()), custom.path("xray_trace_id").asText());
        assertEquals(r.spanId(), custom.path("span_id").asText());
        assertFalse(data.path("server").path("host").asText().isEmpty(), "server.host");
        assertFalse(data.path("uuid").asText().isEmpty(), "uuid");
        assertFalse(line.contains("access_token"), "the token is sent in a header only");
        assertEquals(Math.round(r.startEpochNanos() / 1e9), Math.round(data.path("timestamp").asDouble()), 2.0);
    }

    @Test
    void successfulRequestsMakeNoItem() throws IOException {
        start();
        for (int i = 0; i < 3; i++) {
            end(request(new FakeView().header("Authorization", "Bearer x"), null), null);
        }
        assertEquals(0, items().size());
        assertFalse(Files.exists(dir.resolve(LocalFileTransport.FILE_NAME)), "no file without errors");
    }

    @Test
    void secretsOfTheRequestAreMaskedInLogMessagesAndExceptionMessages() throws IOException {
        start();
        ServerRequest r = request(new FakeView().header("Authorization", "Bearer secret-token-123")
                .header("Cookie", "session=sess-abcdef"), null);
        backend.onLog(log("jul", LogEvent.Level.ERROR, "SEVERE", "login failed for Bearer secret-token-123",
                new IllegalArgumentException("bad cookie sess-abcdef"), r));
        end(r, null);
        JsonNode data = onlyItem();
        JsonNode exception = data.path("body").path("trace_chain").get(0).path("exception");
        assertEquals("login failed for ********", exception.path("description").asText());
        assertEquals("bad cookie ********", exception.path("message").asText());
        assertFalse(lines.get(0).contains("secret-token-123") || lines.get(0).contains("sess-abcdef"), lines.get(0));
    }

    @Test
    void aQueryCredentialQuotedInAMessageIsMaskedToo() throws IOException {
        start();
        ServerRequest r = request(new FakeView(), "page=1&token=tk-4242424242");
        end(r, new IllegalStateException("token tk-4242424242 expired"));
        JsonNode data = onlyItem();
        assertEquals("page=1&token=REDACTED", data.path("request").path("query_string").asText());
        assertEquals("token ******** expired",
                data.path("body").path("trace_chain").get(0).path("exception").path("message").asText());
        assertFalse(lines.get(0).contains("tk-4242424242"), lines.get(0));
    }

    @Test
    void captureIpCanAnonymizeOrLeaveTheAddressOut() throws IOException {
        env.put("QUARTET_ROLLBAR_CAPTURE_IP", "anonymize");
        start();
        end(request(new FakeView(), null), new IllegalStateException("x"));
        assertEquals("203.0.113.0", onlyItem().path("request").path("user_ip").asText());

        env.put("QUARTET_ROLLBAR_CAPTURE_IP", "false");
        Files.deleteIfExists(dir.resolve(LocalFileTransport.FILE_NAME));
        start();
        end(request(new FakeView(), null), new IllegalStateException("x"));
        assertFalse(onlyItem().path("request").has("user_ip"));
    }

    @Test
    void anonymizedAddresses() {
        assertEquals("198.51.100.0", RollbarBackend.anonymize("198.51.100.77"));
        assertEquals("2001:db8:85a3::", RollbarBackend.anonymize("2001:db8:85a3:8d3:1319:8a2e:370:7348"));
        assertEquals("2001:db8::", RollbarBackend.anonymize("2001:db8::1"));
        assertEquals("2001:db8:1::", RollbarBackend.anonymize("[2001:db8:1:2::7]"));
        assertEquals("fe80::", RollbarBackend.anonymize("fe80::1%eth0"));
        assertEquals("::", RollbarBackend.anonymize("::1"));
        assertEquals(null, RollbarBackend.anonymize("unknown"), "not an address: left out");
    }

    @Test
    void theTraceUrlTemplateLinksTheItemToItsTrace() throws IOException {
        env.put("QUARTET_ROLLBAR_TRACE_URL", "https://ui.honeycomb.io/t/environments/e/trace?trace_id={trace_id}"
                + "&x={xray_trace_id}&s={span_id}");
        start();
        ServerRequest r = request(new FakeView(), null);
        end(r, new IllegalStateException("x"));
        assertEquals("https://ui.honeycomb.io/t/environments/e/trace?trace_id=" + r.traceId() + "&x="
                + TraceIds.toXrayTraceId(r.traceId()) + "&s=" + r.spanId(),
                onlyItem().path("custom").path("trace_url").asText());
    }

    @Test
    void rollbarVariablesSetEnvironmentAndCodeVersion() throws IOException {
        env.put("ROLLBAR_ENVIRONMENT", "staging");
        env.put("ROLLBAR_CODE_VERSION", "abc123");
        start();
        backend.onLog(log("jul", LogEvent.Level.WARN, "WARNING", "w", null, null));
        JsonNode data = onlyItem();
        assertEquals("staging", data.path("environment").asText());
        assertEquals("abc123", data.path("code_version").asText());
        assertEquals("abc123", data.path("server").path("code_version").asText());
    }

    // ------------------------------------------------------------------ log records

    @Test
    void aRecordLoggedInsideAMethodSpanNamesThatSpanAndKeepsItsRequestsData() throws IOException {
        start();
        ServerRequest r = request(new FakeView(), null);
        dev.quartet.core.Span before = dev.quartet.core.CurrentRequest.enter(r);
        dev.quartet.core.MethodSpan m = dispatcher.methodStart(
                new dev.quartet.core.MethodSpan("m", dev.quartet.core.Span.Kind.INTERNAL, true, true), false);
        backend.onLog(log("jul", LogEvent.Level.WARN, "WARNING", "inside", null,
                dev.quartet.core.CurrentRequest.span()));
        dispatcher.methodEnd(m);
        dev.quartet.core.CurrentRequest.restore(before);
        end(r, null);
        JsonNode data = onlyItem();
        assertEquals(m.spanId(), data.path("custom").path("span_id").asText(), "the innermost span");
        assertEquals(r.traceId(), data.path("custom").path("trace_id").asText());
        assertEquals("GET /api/debug/error", data.path("context").asText(), "the request's data");
    }

    @Test
    void aWarningRecordIsAWarningMessageItemLikeReportMessage() throws IOException {
        start();
        ServerRequest r = request(new FakeView(), null);
        backend.onLog(log("jul", LogEvent.Level.WARN, "WARNING", "Hello World!", null, r));
        end(r, null);
        JsonNode data = onlyItem();
        assertEquals("warning", data.path("level").asText());
        assertEquals("Hello World!", data.path("body").path("message").path("body").asText());
        assertEquals("cruddur.Test", data.path("custom").path("logger").asText());
        assertEquals("WARNING", data.path("custom").path("log_level").asText());
        assertEquals(r.traceId(), data.path("custom").path("trace_id").asText(), "the record's request");
    }

    @Test
    void recordsBelowTheThresholdAreNotItems() throws IOException {
        start();
        backend.onLog(log("jul", LogEvent.Level.INFO, "INFO", "HomeActivities", null, null));
        backend.onLog(log("logback", LogEvent.Level.DEBUG, "DEBUG", "d", null, null));
        assertEquals(0, items().size());
    }

    @Test
    void theThresholdIsConfigurable() throws IOException {
        env.put("QUARTET_ROLLBAR_LOG_LEVEL", "error");
        start();
        backend.onLog(log("jul", LogEvent.Level.WARN, "WARNING", "w", null, null));
        backend.onLog(log("log4j2", LogEvent.Level.ERROR, "ERROR", "e", null, null));
        JsonNode data = onlyItem();
        assertEquals("error", data.path("level").asText());

        env.put("QUARTET_ROLLBAR_LOG_LEVEL", "off");
        Files.deleteIfExists(dir.resolve(LocalFileTransport.FILE_NAME));
        start();
        backend.onLog(log("log4j2", LogEvent.Level.ERROR, "FATAL", "e", null, null));
        assertEquals(0, items().size());
    }

    @Test
    void levelsOfEachLibraryMapToRollbarLevels() throws IOException {
        start();
        backend.onLog(log("log4j2", LogEvent.Level.ERROR, "FATAL", "fatal", null, null));
        backend.onLog(log("logback", LogEvent.Level.ERROR, "ERROR", "error", null, null));
        backend.onLog(log("logback", LogEvent.Level.WARN, "WARN", "warn", null, null));
        backend.onLog(log("jul", LogEvent.Level.ERROR, "SEVERE", "severe", null, null));
        Map<String, String> levels = new HashMap<>();
        for (JsonNode item : items()) {
            levels.put(item.path("data").path("body").path("message").path("body").asText(),
                    item.path("data").path("level").asText());
        }
        assertEquals(Map.of("fatal", "critical", "error", "error", "warn", "warning", "severe", "error"), levels);
    }

    @Test
    void aRecordWithAThrowableIsAnErrorItemAtTheRecordsLevel() throws IOException {
        start();
        backend.onLog(log("logback", LogEvent.Level.WARN, "WARN", "retrying", new IOException("timeout"), null));
        JsonNode data = onlyItem();
        assertEquals("warning", data.path("level").asText());
        assertEquals(List.of("java.io.IOException"), classesOf(data), "a trace_chain even without a cause");
        assertEquals("retrying",
                data.path("body").path("trace_chain").get(0).path("exception").path("description").asText());
        assertFalse(data.has("request"), "outside any request");
        assertFalse(data.path("custom").has("trace_id"));
        assertEquals("qtp-7", data.path("custom").path("thread").asText());
    }

    @Test
    void recordsLoggedByQuartetThreadsAreNeverItems() throws IOException {
        start();
        backend.onLog(new LogEvent("jul", System.currentTimeMillis(), LogEvent.Level.ERROR, "SEVERE",
                "jdk.internal.httpclient", RollbarBackend.THREAD_NAME + "-http-1", "send failed", null, null));
        backend.onLog(new LogEvent("jul", System.currentTimeMillis(), LogEvent.Level.ERROR, "SEVERE", "x",
                RollbarBackend.THREAD_NAME, "x", null, null));
        assertEquals(0, items().size());
    }

    // ------------------------------------------------------------------ one failure, one item

    @Test
    void anExceptionLoggedThenThrownOutOfTheRequestIsOneItem() throws IOException {
        for (String library : List.of("jul", "logback", "log4j2")) {
            Files.deleteIfExists(dir.resolve(LocalFileTransport.FILE_NAME));
            start();
            ServerRequest r = request(new FakeView(), null);
            IllegalStateException e = new IllegalStateException("failed " + library);
            backend.onLog(log(library, LogEvent.Level.ERROR, "ERROR", "could not load", e, r));
            end(r, e);
            JsonNode data = onlyItem();
            assertEquals("could not load",
                    data.path("body").path("trace_chain").get(0).path("exception").path("description").asText(),
                    library);
            assertEquals(r.traceId(), data.path("custom").path("trace_id").asText(), library);
        }
    }

    @Test
    void anExceptionLoggedThenRethrownWrappedIsOneItem() throws IOException {
        start();
        ServerRequest r = request(new FakeView(), null);
        IOException cause = new IOException("disk");
        backend.onLog(log("logback", LogEvent.Level.ERROR, "ERROR", "write failed", cause, r));
        end(r, new IllegalStateException("wrapped", cause));
        assertEquals(List.of("java.io.IOException"), classesOf(onlyItem()));
    }

    @Test
    void anExceptionThatEscapedAndIsThenLoggedByTheContainerIsOneItem() throws IOException {
        start();
        ServerRequest r = request(new FakeView(), null);
        IllegalStateException e = new IllegalStateException("escaped");
        end(r, e);
        // Jetty/Tomcat log the escaped exception after the request has ended: no current request any more
        backend.onLog(log("logback", LogEvent.Level.WARN, "WARN", "/api/debug/error", new RuntimeException(e), null));
        JsonNode data = onlyItem();
        assertEquals("error", data.path("level").asText());
        assertTrue(data.has("request"), "the request's item is the one kept");
    }

    @Test
    void theContainersErrorLineInsideTheRequestLeavesTheItemToTheRequestAsUncaught() throws IOException {
        start();
        ServerRequest r = request(new FakeView(), null);
        IllegalStateException app = new IllegalStateException("kaboom");
        r.failed(new RuntimeException("Request processing failed", app)); // the servlet chain threw
        // Tomcat's StandardWrapperValve / Undertow's UT005023, while the request is still current
        backend.onLog(log("jul", LogEvent.Level.ERROR, "SEVERE", "Servlet.service() threw exception", app, r));
        end(r, null);
        JsonNode data = onlyItem();
        assertTrue(classesOf(data).contains("java.lang.IllegalStateException"), classesOf(data).toString());
        assertTrue(data.has("request"), "the request's item, uncaught");
        assertTrue(lines.get(0).contains("\"is_uncaught\":true"), lines.get(0));
    }

    @Test
    void onePreallocatedExceptionThrownByTwoRequestsIsTwoItems() throws IOException {
        start();
        IllegalStateException shared = new IllegalStateException("preallocated");
        end(request(new FakeView(), null), shared);
        end(request(new FakeView(), null), shared);
        assertEquals(2, items().size());
    }

    // ------------------------------------------------------------------ uncaught exceptions

    @Test
    void anExceptionThatEndsAThreadIsAnErrorItemNamingTheThread() throws IOException {
        start();
        Thread worker = new Thread(() -> { }, "worker-7");
        backend.onUncaughtException(worker, new IllegalStateException("died"), null);
        backend.onUncaughtException(worker, new OutOfMemoryError("Java heap space"), null);
        backend.onUncaughtException(new Thread(() -> { }, "quartet-something"), new IllegalStateException("own"),
                null);
        List<JsonNode> items = items();
        assertEquals(2, items.size(), () -> "items: " + lines);
        JsonNode first = items.get(0).path("data");
        assertEquals("error", first.path("level").asText());
        assertEquals("worker-7", first.path("custom").path("thread").asText());
        assertEquals("thread worker-7", first.path("context").asText());
        assertTrue(first.path("is_uncaught").asBoolean());
        assertEquals("critical", items.get(1).path("data").path("level").asText(), "an Error, as rollbar-java");
    }

    @Test
    void aCycleOfCausesIsReportedOnce() throws IOException {
        start();
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        backend.onUncaughtException(Thread.currentThread(), a, null);
        assertEquals(List.of("java.lang.Exception", "java.lang.Exception"), classesOf(onlyItem()));
    }

    // ------------------------------------------------------------------ limits

    @Test
    void anErrorStormIsCappedAndTheSuppressedCountReported() throws IOException {
        start();
        for (int i = 0; i < 10_000; i++) {
            backend.onLog(log("logback", LogEvent.Level.ERROR, "ERROR", "storm", stormException(), null));
        }
        List<JsonNode> items = items();
        int max = Integer.parseInt(RollbarSettings.STORM_MAX_PER_MINUTE.defaultValue());
        assertEquals(max + 1, items.size(), "the cap, then one summary at shutdown");
        long suppressed = items.get(max).path("data").path("custom").path("suppressed_occurrences").asLong();
        assertEquals(10_000 - max - 1, suppressed);
        for (int i = 0; i < max; i++) {
            assertFalse(items.get(i).path("data").path("custom").has("suppressed_occurrences"));
        }
    }

    private static IllegalStateException stormException() {
        return new IllegalStateException("the same failure"); // one line: the same frames every time
    }

    @Test
    void theStormCapIsConfigurable() throws IOException {
        env.put("QUARTET_ROLLBAR_STORM_MAX_PER_MINUTE", "2");
        start();
        for (int i = 0; i < 50; i++) {
            backend.onLog(log("jul", LogEvent.Level.WARN, "WARNING", "same", null, null));
        }
        List<JsonNode> items = items();
        assertEquals(3, items.size());
        assertEquals(47, items.get(2).path("data").path("custom").path("suppressed_occurrences").asLong());
    }

    @Test
    void aHugeItemIsTruncatedBelowRollbarsLimitNotDropped() throws IOException {
        start();
        StringBuilder huge = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            huge.append("0123456789");
        }
        Exception deep = new Exception("deep");
        StackTraceElement[] frames = new StackTraceElement[20_000];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("c.C" + i, "m", "C.java", i);
        }
        deep.setStackTrace(frames);
        backend.onLog(log("jul", LogEvent.Level.ERROR, "SEVERE", huge.toString(), deep, null));
        JsonNode data = onlyItem();
        int bytes = lines.get(0).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < RollbarSender.MAX_PAYLOAD_BYTES, bytes + " bytes");
        assertEquals("java.lang.Exception", classesOf(data).get(0));
        assertTrue(data.path("body").path("trace_chain").get(0).path("frames").size() < 20_000, "frames cut first");
    }

    @Test
    void aFullQueueDropsAndCountsAndNeverMakesTheAppWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstArrived = new CountDownLatch(1);
        List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        Transport stuck = new Transport() {
            @Override
            public Outcome deliver(byte[] json, Duration timeout) {
                firstArrived.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                delivered.add(new String(json, StandardCharsets.UTF_8));
                return Outcome.sent(0);
            }

            @Override
            public String describe() {
                return "stuck";
            }
        };
        env.put("QUARTET_ROLLBAR_QUEUE_SIZE", "5");
        Config config = Config.load(env, new Properties(), problems::add);
        RollbarBackend b = new RollbarBackend(RollbarBackend.Options.from(config), stuck);
        b.onLog(log("jul", LogEvent.Level.WARN, "WARNING", "first", null, null));
        assertTrue(firstArrived.await(10, TimeUnit.SECONDS), "the sender thread took the first item");
        for (int i = 0; i < 100; i++) {
            b.onLog(log("jul", LogEvent.Level.WARN, "WARNING", "m" + i, null, null)); // would hang if it waited
        }
        assertEquals(100 - 5, b.queueFull.get());
        assertTrue(b.counts().contains("95 items dropped (queue full)"), b.counts());
        release.countDown();
        b.shutdown(Duration.ofSeconds(10));
        assertEquals(6, delivered.size());
    }

    /** Refuses (TRANSIENT) while down; records what it delivered. */
    static final class Outage implements Transport {
        volatile boolean down = true;
        final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Outcome deliver(byte[] json, Duration timeout) {
            if (down) {
                refused.incrementAndGet();
                return new Outcome(Outcome.Kind.TRANSIENT, 0, "java.net.ConnectException: Connection refused");
            }
            delivered.add(new String(json, StandardCharsets.UTF_8));
            return Outcome.sent(0);
        }

        @Override
        public String describe() {
            return "outage";
        }
    }

    @Test
    void itemsQueuedDuringAnOutageArriveOldestFirstWhenItEnds() throws Exception {
        Outage outage = new Outage();
        RollbarBackend b = new RollbarBackend(
                RollbarBackend.Options.from(Config.load(env, new Properties(), problems::add)), outage);
        for (int i = 0; i < 12; i++) {
            b.onLog(log("jul", LogEvent.Level.WARN, "WARNING", "message " + i, null, null));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (outage.refused.get() < 3 && System.nanoTime() < until) {
            Thread.sleep(50); // refused at 0 s, 1 s, 3 s: the old sender had given up on the first item by now
        }
        assertTrue(outage.refused.get() >= 3, "retried: " + outage.refused.get());
        outage.down = false;
        b.shutdown(Duration.ofSeconds(60));
        assertEquals(12, outage.delivered.size(), "every queued item arrived");
        for (int i = 0; i < 12; i++) {
            assertTrue(outage.delivered.get(i).contains("message " + i), "oldest first: " + i);
        }
        assertEquals("", b.counts());
    }

    private static IllegalStateException sameFailure() {
        return new IllegalStateException("same place every time");
    }

    @Test
    void whatTheShutdownDeadlineCutsOffIsCountedInItemsAndInOccurrences() {
        Outage outage = new Outage();
        RollbarBackend b = new RollbarBackend(
                RollbarBackend.Options.from(Config.load(env, new Properties(), problems::add)), outage);
        for (int i = 0; i < 25; i++) {
            b.onUncaughtException(new Thread("worker-" + i), sameFailure(), null);
        }
        b.shutdown(Duration.ofSeconds(2));
        // the storm cap: 10 items, then one summary standing for the other 15
        assertEquals(11, b.rollbarSender.droppedAtDeadline.get());
        assertEquals(25, b.rollbarSender.droppedAtDeadline.occurrences());
        assertEquals("11 items (25 occurrences)", b.rollbarSender.droppedAtDeadline.toString());
        assertEquals(0, outage.delivered.size());
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void theStartupDescriptionNeverShowsTheToken() {
        env.put("ROLLBAR_ACCESS_TOKEN", "tok-abcdef123456");
        env.put("ROLLBAR_ENDPOINT", "http://127.0.0.1:9/api/1/item/");
        start();
        String d = backend.describe();
        assertTrue(d.startsWith("http://127.0.0.1:9/api/1/item/"), d);
        assertFalse(d.contains("tok-abcdef123456"), d);
        backend.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void localModeWithoutAToken() {
        start();
        assertTrue(backend.describe().startsWith("local file " + dir.resolve("errors.jsonl")), backend.describe());
        backend.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlStopsTheBackendWithAClearMessage() {
        for (String bad : List.of("api.rollbar.com/api/1/item/", "ftp://x/", "not a url", "http://")) {
            env.put("ROLLBAR_ENDPOINT", bad);
            Config config = Config.load(env, new Properties(), problems::add);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RollbarBackend.create(new BackendFactory.Context(config, dir, "test")), bad);
            assertTrue(e.getMessage().contains("ROLLBAR_ENDPOINT"), e.getMessage());
            // a setting problem like Config's own: one line naming the variable and the value, counted by strict mode
            String line = problems.get(problems.size() - 1);
            assertTrue(line.startsWith("environment variable ROLLBAR_ENDPOINT: \"" + bad + "\" is not an http(s) URL"),
                line);
        }
        assertEquals(4, problems.size(), problems::toString);
    }

    @Test
    void badQuartetValuesFallBackToDefaultsWithOneLineEach() {
        env.put("QUARTET_ROLLBAR_QUEUE_SIZE", "lots");
        env.put("QUARTET_ROLLBAR_STORM_MAX_PER_MINUTE", "0");
        env.put("QUARTET_ROLLBAR_LOG_LEVEL", "loud");
        Config config = Config.load(env, new Properties(), problems::add);
        RollbarBackend.Options o = RollbarBackend.Options.from(config);
        assertEquals(500, o.queueSize);
        assertEquals(10, o.stormMaxPerMinute);
        assertEquals(LogEvent.Level.WARN, o.minLogLevel);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).toLowerCase(Locale.ROOT).contains("quartet_rollbar"), problems.toString());
        assertNotEquals(0, problems.size());
    }
}
