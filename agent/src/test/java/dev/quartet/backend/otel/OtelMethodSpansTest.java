package dev.quartet.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartet.config.Config;
import dev.quartet.core.ClientRequest;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.MethodSpan;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Method spans as OpenTelemetry spans, in local mode: the tree, its attributes and outcomes, in traces.jsonl. */
class OtelMethodSpansTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private OtelBackend backend;
    private Dispatcher dispatcher;

    @AfterEach
    void noContextLeft() {
        CurrentRequest.restoreSnapshot(null);
        if (backend != null) {
            backend.shutdown(Duration.ofSeconds(5));
        }
    }

    private void start(Runnable beforeLoad, boolean awaitReady) {
        Config config = Config.load(new HashMap<>(), new Properties(), p -> { throw new AssertionError(p); });
        backend = OtelBackend.create(config, dir.resolve("telemetry"), "test", beforeLoad);
        if (awaitReady) {
            assertTrue(backend.awaitReady(Duration.ofSeconds(30)), "the SDK did not load");
        }
        dispatcher = new Dispatcher(List.of(backend));
    }

    /** Every span written, by name, once the backend has shut down. */
    private Map<String, JsonNode> spans() throws Exception {
        backend.shutdown(Duration.ofSeconds(10));
        backend = null;
        Map<String, JsonNode> out = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("telemetry").resolve("traces.jsonl"))) {
            for (JsonNode rs : JSON.readTree(line).path("resourceSpans")) {
                for (JsonNode ss : rs.path("scopeSpans")) {
                    for (JsonNode span : ss.path("spans")) {
                        out.put(span.path("name").asText(), span);
                    }
                }
            }
        }
        return out;
    }

    private static JsonNode attribute(JsonNode span, String key) {
        for (JsonNode kv : span.path("attributes")) {
            if (kv.path("key").asText().equals(key)) {
                return kv.path("value");
            }
        }
        return null;
    }

    private static String kind(JsonNode span) {
        return span.path("kind").asText();
    }

    private ServerRequest startRequest(String path) {
        ServerRequest r = new ServerRequest().method("GET").path(path);
        dispatcher.start(r, name -> null);
        return r;
    }

    private void endRequest(ServerRequest r) {
        r.finish(200, null);
        dispatcher.end(r);
    }

    private ClientRequest call(String url) {
        ClientRequest call = new ClientRequest(CurrentRequest.span(), "test", "GET", url, "downstream", 8080);
        dispatcher.clientStart(call);
        call.finish(200, 2, null);
        dispatcher.clientEnd(call);
        return call;
    }

    @Test
    void aRequestsMethodSpansAndTheirCallsFormOneTreeWithTheCoresIds() throws Exception {
        start(() -> { }, true);
        ServerRequest request = startRequest("/api/activities/home");
        Span before = CurrentRequest.enter(request);
        MethodSpan outer = dispatcher.methodStart(new MethodSpan("HomeActivities.run", Span.Kind.INTERNAL, true, true),
                false);
        MethodSpan inner = dispatcher.methodStart(new MethodSpan("load", Span.Kind.CLIENT, true, false), false);
        ClientRequest call = call("http://downstream:8080/users");
        dispatcher.methodEnd(inner);
        outer.name("home-activities-mock-data");
        dispatcher.methodEnd(outer);
        ClientRequest afterMethods = call("http://downstream:8080/after");
        CurrentRequest.restore(before);
        endRequest(request);

        Map<String, JsonNode> spans = spans();
        JsonNode server = spans.get("GET");
        JsonNode method = spans.get("home-activities-mock-data");
        JsonNode nested = spans.get("load");
        assertNotNull(method, "renamed at its end: " + spans.keySet());
        assertNull(spans.get("HomeActivities.run"), "only the final name");
        for (JsonNode s : List.of(server, method, nested)) {
            assertEquals(request.traceId(), s.path("traceId").asText());
        }
        assertEquals(outer.spanId(), method.path("spanId").asText());
        assertEquals(request.spanId(), method.path("parentSpanId").asText());
        assertEquals(inner.spanId(), nested.path("spanId").asText());
        assertEquals(outer.spanId(), nested.path("parentSpanId").asText());
        assertTrue(kind(method).equals("1") || kind(method).equals("SPAN_KIND_INTERNAL"), kind(method));
        assertTrue(kind(nested).equals("3") || kind(nested).equals("SPAN_KIND_CLIENT"), kind(nested));
        assertEquals(String.valueOf(outer.startEpochNanos()), method.path("startTimeUnixNano").asText());

        List<JsonNode> calls = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("telemetry").resolve("traces.jsonl"))) {
            for (JsonNode span : JSON.readTree(line).findValues("spans").get(0)) {
                if (span.path("spanId").asText().equals(call.spanId())
                        || span.path("spanId").asText().equals(afterMethods.spanId())) {
                    calls.add(span);
                }
            }
        }
        assertEquals(2, calls.size());
        for (JsonNode c : calls) {
            String expectedParent = c.path("spanId").asText().equals(call.spanId()) ? inner.spanId() : request.spanId();
            assertEquals(expectedParent, c.path("parentSpanId").asText(), "a call is the child of the span it is made in");
        }
    }

    @Test
    void aMethodSpanEndedOnAnotherThreadAfterItsRequestIsStillRecordedUnderIt() throws Exception {
        start(() -> { }, true);
        ServerRequest request = startRequest("/a");
        Span before = CurrentRequest.enter(request);
        MethodSpan handedOff = dispatcher.methodStart(new MethodSpan("handed-off", Span.Kind.INTERNAL, true, true),
                false);
        CurrentRequest.restore(before);
        endRequest(request);
        Thread other = new Thread(() -> dispatcher.methodEnd(handedOff));
        other.start();
        other.join(30_000);

        JsonNode span = spans().get("handed-off");
        assertNotNull(span);
        assertEquals(request.spanId(), span.path("parentSpanId").asText());
        assertEquals(String.valueOf(handedOff.endEpochNanos()), span.path("endTimeUnixNano").asText());
    }

    @Test
    void attributesLandTypedAndCutToTheSdksLimit() throws Exception {
        start(() -> { }, true);
        ServerRequest request = startRequest("/a");
        Span before = CurrentRequest.enter(request);
        MethodSpan m = dispatcher.methodStart(new MethodSpan("typed", Span.Kind.INTERNAL, true, true), false);
        m.attribute("app.user", "andrewbrown");
        m.attribute("app.result_length", 3);
        m.attribute("app.ratio", 0.5);
        m.attribute("app.cached", true);
        m.attribute("app.tags", List.of("a", "b"));
        m.attribute("app.big", "x".repeat(OtelBackend.ATTRIBUTE_VALUE_LENGTH_LIMIT + 10_000));
        m.attribute("app.other", new StringBuilder("as text"));
        dispatcher.methodEnd(m);
        CurrentRequest.restore(before);
        endRequest(request);

        JsonNode span = spans().get("typed");
        assertEquals("andrewbrown", attribute(span, "app.user").path("stringValue").asText());
        assertEquals("3", attribute(span, "app.result_length").path("intValue").asText());
        assertEquals(0.5, attribute(span, "app.ratio").path("doubleValue").asDouble());
        assertTrue(attribute(span, "app.cached").path("boolValue").asBoolean());
        JsonNode tags = attribute(span, "app.tags").path("arrayValue").path("values");
        assertEquals("a", tags.get(0).path("stringValue").asText());
        assertEquals("b", tags.get(1).path("stringValue").asText());
        assertEquals(OtelBackend.ATTRIBUTE_VALUE_LENGTH_LIMIT,
                attribute(span, "app.big").path("stringValue").asText().length());
        assertEquals("as text", attribute(span, "app.other").path("stringValue").asText());
    }

    @Test
    void anErrorSetsTheErrorStatusAndAnExpectedThrowIsOnlyAnEvent() throws Exception {
        start(() -> { }, true);
        ServerRequest request = startRequest("/a");
        Span before = CurrentRequest.enter(request);
        MethodSpan failing = dispatcher.methodStart(new MethodSpan("failing", Span.Kind.INTERNAL, true, true), false);
        failing.failed(new IllegalStateException("broken"), true);
        dispatcher.methodEnd(failing);
        MethodSpan expected = dispatcher.methodStart(new MethodSpan("expected", Span.Kind.INTERNAL, true, true), false);
        expected.failed(new java.util.NoSuchElementException("not found"), false);
        dispatcher.methodEnd(expected);
        CurrentRequest.restore(before);
        endRequest(request);

        Map<String, JsonNode> spans = spans();
        JsonNode error = spans.get("failing");
        assertTrue(error.path("status").path("code").asText().matches("2|STATUS_CODE_ERROR"), error.toString());
        assertEquals("java.lang.IllegalStateException", attribute(error, "error.type").path("stringValue").asText());
        assertEquals("exception", error.path("events").get(0).path("name").asText());
        JsonNode notError = spans.get("expected");
        assertFalse(notError.path("status").path("code").asText().matches("2|STATUS_CODE_ERROR"), notError.toString());
        assertNull(attribute(notError, "error.type"));
        assertEquals("exception", notError.path("events").get(0).path("name").asText());
    }

    @Test
    void aMethodSpanThatStartsATraceIsARootSpanWithItsChildren() throws Exception {
        start(() -> { }, true);
        MethodSpan job = dispatcher.methodStart(new MethodSpan("nightly-report", Span.Kind.CONSUMER, true, true), true);
        ClientRequest call = call("http://downstream:8080/report");
        dispatcher.methodEnd(job);
        assertNull(CurrentRequest.span());

        JsonNode root = spans().get("nightly-report");
        assertEquals(job.traceId(), root.path("traceId").asText());
        assertEquals(job.spanId(), root.path("spanId").asText());
        assertEquals("", root.path("parentSpanId").asText(""));
        assertTrue(kind(root).equals("5") || kind(root).equals("SPAN_KIND_CONSUMER"), kind(root));
        assertEquals(job.spanId(), call.parentSpanId());
        String all = String.join("\n", Files.readAllLines(dir.resolve("telemetry").resolve("traces.jsonl")));
        assertTrue(all.contains("\"spanId\":\"" + call.spanId() + "\",\"parentSpanId\":\"" + job.spanId() + "\""),
                all);
    }

    @Test
    void aSubsegmentOnlyMethodIsNotASpanAndItsChildrenHangOnTheNearestSpan() throws Exception {
        start(() -> { }, true);
        ServerRequest request = startRequest("/a");
        Span before = CurrentRequest.enter(request);
        MethodSpan xrayOnly = dispatcher.methodStart(new MethodSpan("xray-only", Span.Kind.INTERNAL, false, true),
                false);
        MethodSpan child = dispatcher.methodStart(new MethodSpan("child", Span.Kind.INTERNAL, true, false), false);
        dispatcher.methodEnd(child);
        dispatcher.methodEnd(xrayOnly);
        CurrentRequest.restore(before);
        endRequest(request);

        Map<String, JsonNode> spans = spans();
        assertNull(spans.get("xray-only"));
        assertEquals(request.spanId(), spans.get("child").path("parentSpanId").asText());
    }

    @Test
    void anEarlyRequestKeepsItsMethodSpansAndCallsWithTheirOwnIdsAndTimes() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        start(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, false);
        ServerRequest request = startRequest("/early");
        Span before = CurrentRequest.enter(request);
        MethodSpan outer = dispatcher.methodStart(new MethodSpan("early-outer", Span.Kind.INTERNAL, true, true), false);
        MethodSpan inner = dispatcher.methodStart(new MethodSpan("early-inner", Span.Kind.INTERNAL, true, true), false);
        inner.attribute("app.n", 7);
        ClientRequest call = call("http://downstream:8080/early");
        // The propagators are not loaded yet; the call still passes the trace on, under its own span id.
        assertEquals(
            List.of("traceparent=00-" + request.traceId() + "-" + call.spanId() + "-01"),
            call.requestHeaders().stream().map(h -> h[0] + "=" + h[1]).collect(java.util.stream.Collectors.toList()));
        dispatcher.methodEnd(inner);
        dispatcher.methodEnd(outer);
        CurrentRequest.restore(before);
        endRequest(request);
        // A method span that starts a trace before the SDK is ready is kept too.
        MethodSpan job = dispatcher.methodStart(new MethodSpan("early-job", Span.Kind.INTERNAL, true, true), true);
        dispatcher.methodEnd(job);
        assertFalse(backend.awaitReady(Duration.ofMillis(50)), "held back by the test");
        gate.countDown();
        assertTrue(backend.awaitReady(Duration.ofSeconds(30)));

        Map<String, JsonNode> spans = spans();
        JsonNode o = spans.get("early-outer");
        JsonNode i = spans.get("early-inner");
        assertNotNull(o, spans.keySet().toString());
        assertNotNull(i, spans.keySet().toString());
        assertEquals(request.traceId(), o.path("traceId").asText());
        assertEquals(outer.spanId(), o.path("spanId").asText());
        assertEquals(request.spanId(), o.path("parentSpanId").asText());
        assertEquals(outer.spanId(), i.path("parentSpanId").asText());
        assertEquals(String.valueOf(inner.startEpochNanos()), i.path("startTimeUnixNano").asText());
        assertEquals(String.valueOf(inner.endEpochNanos()), i.path("endTimeUnixNano").asText());
        assertEquals("7", attribute(i, "app.n").path("intValue").asText());
        String all = String.join("\n", Files.readAllLines(dir.resolve("telemetry").resolve("traces.jsonl")));
        assertTrue(all.contains("\"spanId\":\"" + call.spanId() + "\",\"parentSpanId\":\"" + inner.spanId() + "\""),
                all);
        assertEquals(job.spanId(), spans.get("early-job").path("spanId").asText());
    }
}
