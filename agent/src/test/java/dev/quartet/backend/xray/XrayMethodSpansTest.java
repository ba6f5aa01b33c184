package dev.quartet.backend.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import dev.quartet.core.TraceIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Method spans as X-Ray subsegments, in local mode: nesting, ids, annotations, metadata, faults. */
class XrayMethodSpansTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private XrayBackend backend;
    private Dispatcher dispatcher;

    @AfterEach
    void stop() {
        CurrentRequest.restoreSnapshot(null);
        if (backend != null) {
            backend.shutdown(Duration.ofSeconds(5));
        }
    }

    private void start(boolean awaitReady) {
        env.putIfAbsent("QUARTET_XRAY_SAMPLING", "all");
        Properties sys = new Properties();
        sys.setProperty("otel.service.name", "backend-flask");
        Config config = Config.load(env, sys, p -> { throw new AssertionError(p); });
        backend = XrayBackend.create(config, dir, new AwsXrayVariables(env, sys), Clock.systemUTC(), false);
        if (awaitReady) {
            assertTrue(backend.awaitReady(Duration.ofSeconds(30)), "the X-Ray SDK did not load");
        }
        dispatcher = new Dispatcher(List.of(backend));
    }

    private ServerRequest startRequest(String path) {
        ServerRequest r = new ServerRequest().method("GET").scheme("http").server("localhost", 4567).path(path);
        dispatcher.start(r, name -> null);
        return r;
    }

    private void endRequest(ServerRequest r) {
        r.finish(200, null);
        dispatcher.end(r);
    }

    private MethodSpan method(String name, boolean otel, boolean xray) {
        return dispatcher.methodStart(new MethodSpan(name, Span.Kind.INTERNAL, otel, xray), false);
    }

    private ClientRequest call(String host) {
        ClientRequest call = new ClientRequest(CurrentRequest.span(), "test", "GET", "http://" + host + "/x", host, 80);
        dispatcher.clientStart(call);
        call.finish(200, 2, null);
        dispatcher.clientEnd(call);
        return call;
    }

    private List<JsonNode> documents() throws Exception {
        backend.shutdown(Duration.ofSeconds(5));
        backend = null;
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("segments.jsonl"))) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static JsonNode child(JsonNode entity, String id) {
        for (JsonNode s : entity.path("subsegments")) {
            if (s.path("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no subsegment " + id + " in " + entity);
    }

    private static String header(ClientRequest call) {
        return call.requestHeaders().stream().filter(h -> h[0].equals("X-Amzn-Trace-Id")).map(h -> h[1])
                .findFirst().orElse(null);
    }

    @Test
    void methodSubsegmentsNestAsTheSpansDoWithTheSameIdsAndCallsInsideThem() throws Exception {
        start(true);
        ServerRequest request = startRequest("/api/activities/home");
        Span before = CurrentRequest.enter(request);
        MethodSpan outer = method("home-activities-mock-data", true, true);
        outer.xraySubsegmentName("mock-data");
        MethodSpan inner = method("user_activities", true, true);
        ClientRequest call = call("users.internal");
        dispatcher.methodEnd(inner);
        dispatcher.methodEnd(outer);
        CurrentRequest.restore(before);
        endRequest(request);

        List<JsonNode> docs = documents();
        assertEquals(1, docs.size(), docs::toString);
        JsonNode segment = docs.get(0);
        assertEquals(TraceIds.toXrayTraceId(request.traceId()), segment.path("trace_id").asText());
        JsonNode o = child(segment, outer.spanId());
        assertEquals("mock-data", o.path("name").asText(), "the subsegment's own name");
        JsonNode i = child(o, inner.spanId());
        assertEquals("user_activities", i.path("name").asText());
        JsonNode c = child(i, call.spanId());
        assertEquals("remote", c.path("namespace").asText());
        assertEquals("Root=" + TraceIds.toXrayTraceId(request.traceId()) + ";Parent=" + call.spanId() + ";Sampled=1",
                header(call));
        assertFalse(o.has("in_progress") && o.get("in_progress").asBoolean());
        assertTrue(i.path("end_time").asDouble() >= i.path("start_time").asDouble());
    }

    @Test
    void annotationsAreIndexableAndTypedAndMetadataSitsUnderItsNamespace() throws Exception {
        start(true);
        ServerRequest request = startRequest("/api/activities/@andrewbrown");
        Span before = CurrentRequest.enter(request);
        MethodSpan m = method("user_activities", true, true);
        m.xrayAnnotation("app.user", "andrewbrown");
        m.xrayAnnotation("result-count", 3);
        m.xrayAnnotation("cached", false);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("a", List.of(1, 2));
        nested.put("b", new StringBuilder("text"));
        m.xrayMetadata("cruddur", "now", "2026-12-05T12:00:00Z");
        m.xrayMetadata("cruddur", "results-size", 3);
        m.xrayMetadata("cruddur", "nested", nested);
        m.xrayMetadata(null, "big", "y".repeat(200 * 1024));
        dispatcher.methodEnd(m);
        CurrentRequest.restore(before);
        endRequest(request);

        List<JsonNode> docs = documents();
        JsonNode sub = null;
        for (JsonNode d : docs) {
            if (d.path("id").asText().equals(m.spanId())) {
                sub = d; // streamed alone: the 200 KB value does not fit in the segment's datagram
            } else if (d.has("subsegments")) {
                for (JsonNode s : d.path("subsegments")) {
                    if (s.path("id").asText().equals(m.spanId())) {
                        sub = s;
                    }
                }
            }
        }
        assertNotNull(sub, docs.toString());
        JsonNode annotations = sub.path("annotations");
        assertEquals("andrewbrown", annotations.path("app_user").asText());
        assertTrue(annotations.path("result_count").isNumber(), annotations.toString());
        assertEquals(3, annotations.path("result_count").asInt());
        assertTrue(annotations.path("cached").isBoolean());
        JsonNode cruddur = sub.path("metadata").path("cruddur");
        assertEquals("2026-12-05T12:00:00Z", cruddur.path("now").asText());
        assertEquals(3, cruddur.path("results-size").asInt());
        assertEquals(2, cruddur.path("nested").path("a").get(1).asInt());
        assertEquals("text", cruddur.path("nested").path("b").asText());
        String big = sub.path("metadata").path("default").path("big").asText();
        assertTrue(big.startsWith("yyyy") && big.contains("[truncated by Quartet:") && big.length() < 64 * 1024,
                "cut to fit the document");
    }

    @Test
    void anErrorIsAFaultWithItsCauseAndAnExpectedThrowOnlyACause() throws Exception {
        start(true);
        ServerRequest request = startRequest("/a");
        Span before = CurrentRequest.enter(request);
        MethodSpan failing = method("failing", true, true);
        failing.failed(new IllegalStateException("broken"), true);
        dispatcher.methodEnd(failing);
        MethodSpan expected = method("expected", true, true);
        expected.failed(new java.util.NoSuchElementException("not found"), false);
        dispatcher.methodEnd(expected);
        CurrentRequest.restore(before);
        endRequest(request);

        JsonNode segment = documents().get(0);
        JsonNode f = child(segment, failing.spanId());
        assertTrue(f.path("fault").asBoolean(), f.toString());
        assertEquals("broken", f.at("/cause/exceptions/0/message").asText());
        JsonNode e = child(segment, expected.spanId());
        assertFalse(e.path("fault").asBoolean(), e.toString());
        assertEquals("not found", e.at("/cause/exceptions/0/message").asText());
        assertFalse(segment.path("fault").asBoolean(), "the request itself did not fail");
    }

    @Test
    void aSpanOnlyMethodIsNoSubsegmentAndItsChildrenHangOnTheNearestEntity() throws Exception {
        start(true);
        ServerRequest request = startRequest("/a");
        Span before = CurrentRequest.enter(request);
        MethodSpan otelOnly = method("otel-only", true, false);
        MethodSpan child = method("child", false, true);
        dispatcher.methodEnd(child);
        dispatcher.methodEnd(otelOnly);
        CurrentRequest.restore(before);
        endRequest(request);

        JsonNode segment = documents().get(0);
        assertEquals(1, segment.path("subsegments").size(), segment.toString());
        assertEquals("child", child(segment, child.spanId()).path("name").asText());
    }

    @Test
    void aMethodThatStartsATraceIsASubsegmentOfASegmentNamedAfterTheService() throws Exception {
        start(true);
        MethodSpan job = dispatcher.methodStart(new MethodSpan("nightly-report", Span.Kind.INTERNAL, true, true),
                true);
        ClientRequest call = call("reports.internal");
        job.xrayAnnotation("rows", 12);
        dispatcher.methodEnd(job);

        List<JsonNode> docs = documents();
        assertEquals(1, docs.size(), docs::toString);
        JsonNode segment = docs.get(0);
        assertEquals("backend-flask", segment.path("name").asText());
        assertEquals(TraceIds.toXrayTraceId(job.traceId()), segment.path("trace_id").asText());
        JsonNode sub = child(segment, job.spanId());
        assertEquals("nightly-report", sub.path("name").asText());
        assertEquals(12, sub.path("annotations").path("rows").asInt());
        child(sub, call.spanId());
        assertEquals(sub.path("end_time").asDouble(), segment.path("end_time").asDouble(), 1e-6);
    }

    @Test
    void theSdksDefaultRulesSampleAMethodThatStartsATraceAsTheSdkSamplesANamedSegment() throws Exception {
        env.put("QUARTET_XRAY_SAMPLING", "local");
        start(true);
        MethodSpan job = dispatcher.methodStart(new MethodSpan("job", Span.Kind.INTERNAL, true, true), true);
        dispatcher.methodEnd(job);
        assertTrue(job.sampled(), "the default rule's reservoir takes the first one each second");
        JsonNode segment = documents().get(0);
        assertEquals("Default", segment.at("/aws/xray/rule_name").asText(), segment::toString);
    }

    @Test
    void aMethodEndingAfterItsRequestIsSentAloneUnderItsParent() throws Exception {
        start(true);
        ServerRequest request = startRequest("/a");
        Span before = CurrentRequest.enter(request);
        MethodSpan late = method("late", true, true);
        CurrentRequest.restore(before); // the request ends on another path while the method still runs
        endRequest(request);
        dispatcher.methodEnd(late);

        List<JsonNode> docs = documents();
        assertEquals(2, docs.size(), docs::toString);
        JsonNode alone = docs.get(1);
        assertEquals(late.spanId(), alone.path("id").asText());
        assertEquals("subsegment", alone.path("type").asText());
        assertEquals(request.spanId(), alone.path("parent_id").asText());
        assertFalse(alone.path("in_progress").asBoolean());
    }

    @Test
    void anEarlyRequestKeepsItsMethodSubsegmentsAndCalls() throws Exception {
        start(false);
        MethodSpan job = dispatcher.methodStart(new MethodSpan("early-job", Span.Kind.INTERNAL, true, true), true);
        ServerRequest request = startRequest("/early");
        assertFalse(request.backendState(0) instanceof com.amazonaws.xray.entities.Segment, "started before the SDK");
        Span before = CurrentRequest.enter(request);
        MethodSpan outer = method("early-outer", true, true);
        MethodSpan inner = method("early-inner", true, true);
        inner.xrayAnnotation("n", 7);
        ClientRequest call = call("early.internal");
        // No decision before the rules load: Root and Parent (the call's own id) only, the callee decides.
        assertEquals(
            List.of("X-Amzn-Trace-Id=Root=" + TraceIds.toXrayTraceId(request.traceId()) + ";Parent=" + call.spanId()),
            call.requestHeaders().stream().map(h -> h[0] + "=" + h[1]).collect(java.util.stream.Collectors.toList()));
        dispatcher.methodEnd(inner);
        dispatcher.methodEnd(outer);
        CurrentRequest.restore(before);
        endRequest(request);
        dispatcher.methodEnd(job);
        assertTrue(backend.awaitReady(Duration.ofSeconds(30)));

        List<JsonNode> docs = documents();
        JsonNode segment = null;
        JsonNode jobSegment = null;
        for (JsonNode d : docs) {
            if (d.path("id").asText().equals(request.spanId())) {
                segment = d;
            } else if (d.path("subsegments").size() > 0
                    && d.path("subsegments").get(0).path("id").asText().equals(job.spanId())) {
                jobSegment = d;
            }
        }
        assertNotNull(segment, docs.toString());
        assertNotNull(jobSegment, docs.toString());
        JsonNode o = child(segment, outer.spanId());
        JsonNode i = child(o, inner.spanId());
        child(i, call.spanId());
        assertEquals(7, i.path("annotations").path("n").asInt());
        assertEquals(inner.startEpochNanos() / 1e9, i.path("start_time").asDouble(), 1e-5);
        assertEquals(inner.endEpochNanos() / 1e9, i.path("end_time").asDouble(), 1e-5);
    }
}
