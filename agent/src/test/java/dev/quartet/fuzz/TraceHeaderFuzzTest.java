package dev.quartet.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.backend.otel.OtelBackendFactory;
import dev.quartet.backend.xray.XrayBackendFactory;
import dev.quartet.config.Config;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;
import dev.quartet.core.ClientRequest;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.TraceIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile trace headers through the core and the two tracing backends, as a request would bring them: generated
 * {@code traceparent}, {@code tracestate}, {@code X-Amzn-Trace-Id} and {@code baggage} values (near-valid ones with
 * one character changed, random text, huge values) and arbitrary header and URL bytes. Whatever comes in, no
 * exception escapes a backend, and every id and header Quartet produces — the request's ids, {@code traceresponse},
 * the X-Ray response header, the headers sent on with an outgoing call — is well-formed. A valid caller's trace id
 * is always continued. 4 properties × 25,000 tries = 100,000 generated requests a run.
 */
class TraceHeaderFuzzTest {
    static final int TRIES = 25_000;

    static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    static final Pattern XRAY_HEADER =
        Pattern.compile("Root=1-[0-9a-f]{8}-[0-9a-f]{24}(;Parent=[0-9a-f]{16})?(;Sampled=[01?])?");
    static final Pattern VALID_TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

    static Path dir;
    static Dispatcher dispatcher;
    static final List<Throwable> escaped = Collections.synchronizedList(new ArrayList<>());
    static List<Backend> backends;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("quartet-fuzz");
        Map<String, String> env = new HashMap<>();
        env.put("OTEL_TRACES_EXPORTER", "none");
        env.put("OTEL_SERVICE_NAME", "fuzz");
        env.put("OTEL_PROPAGATORS", "tracecontext,baggage"); // X-Amzn-Trace-Id is the X-Ray backend's own
        env.put("QUARTET_XRAY_SAMPLING", "none"); // the caller's Sampled=1 still records: segments go to the file
        Config config = Config.load(env, new Properties(), p -> { throw new AssertionError(p); });
        BackendFactory.Context context = new BackendFactory.Context(config, dir, "fuzz");
        backends = new ArrayList<>();
        backends.add(CheckedBackend.of(escaped, new XrayBackendFactory().create(context)));
        backends.add(CheckedBackend.of(escaped, new OtelBackendFactory().create(context)));
        dispatcher = new Dispatcher(backends);
        // the SDKs load when the first request ends: wait until an outgoing call gets both backends' headers
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, String> sent = request(Collections.emptyMap(), "GET", "/warm-up", null);
            if (sent.containsKey("traceparent") && sent.containsKey("X-Amzn-Trace-Id")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the SDKs did not load");
    }

    @AfterContainer
    static void stop() throws Exception {
        dispatcher.shutdown(Duration.ofSeconds(10));
        try (var files = Files.walk(dir)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertTrue(escaped.isEmpty(), () -> "a backend threw: " + escaped.get(0));
    }

    /** One request with these headers and an outgoing call; checks everything produced; the call's headers. */
    static Map<String, String> request(Map<String, String> headers, String method, String path, String query) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        ServerRequest r = new ServerRequest().method(method).scheme("http").server("localhost", 4567).path(path)
            .query(query).client("203.0.113.9", "127.0.0.1", 50000).userAgent(h.get("User-Agent"));
        int before = escaped.size();
        dispatcher.start(r, h::get);
        assertWellFormed(r);
        String continued = validTraceparentTraceId(h.get("traceparent"));
        if (continued != null) {
            check(continued.equals(r.traceId()), "a valid traceparent's trace id is continued", h);
        }
        ClientRequest call = new ClientRequest(r, "fuzz", "GET", "http://downstream:8080/x", "downstream", 8080);
        dispatcher.clientStart(call);
        Map<String, String> sent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String[] header : call.requestHeaders()) {
            check(isHeaderSafe(header[0]) && isHeaderSafe(header[1]), "a header fit to send: " + header[0], h);
            sent.put(header[0], header[1]);
        }
        if (sent.containsKey("traceparent")) {
            check(TRACEPARENT.matcher(sent.get("traceparent")).matches(), "traceparent sent on", h);
            check(sent.get("traceparent").substring(3, 35).equals(r.traceId()), "the same trace sent on", h);
        }
        if (sent.containsKey("tracestate")) {
            check(sent.get("tracestate").length() <= 512, "tracestate within the W3C limit", h);
        }
        if (sent.containsKey("X-Amzn-Trace-Id")) {
            check(XRAY_HEADER.matcher(sent.get("X-Amzn-Trace-Id")).matches(), "X-Amzn-Trace-Id sent on", h);
        }
        call.finish(200, 10, null);
        dispatcher.clientEnd(call);
        r.finish(200, null);
        dispatcher.end(r);
        check(escaped.size() == before, "no backend threw", h);
        return sent;
    }

    static void assertWellFormed(ServerRequest r) {
        check(TRACE_ID.matcher(r.traceId()).matches() && !r.traceId().equals("0".repeat(32)), "trace id " + r.traceId(), null);
        check(SPAN_ID.matcher(r.spanId()).matches() && !r.spanId().equals("0".repeat(16)), "span id", null);
        check(TRACEPARENT.matcher(r.traceResponseHeader()).matches(), "traceresponse", null);
        check(Pattern.matches("1-[0-9a-f]{8}-[0-9a-f]{24}", TraceIds.toXrayTraceId(r.traceId())), "X-Ray id", null);
        for (String[] header : r.responseHeaders()) {
            check(isHeaderSafe(header[1]), "response header " + header[0], null);
            if (header[0].equalsIgnoreCase("X-Amzn-Trace-Id")) {
                check(XRAY_HEADER.matcher(header[1]).matches(), "X-Amzn-Trace-Id response " + header[1], null);
            }
        }
    }

    /** Visible ASCII and spaces, no CR/LF, not huge: what any HTTP stack accepts. */
    static boolean isHeaderSafe(String s) {
        if (s == null || s.length() > 8192) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** The trace id W3C says a receiver must continue, or null. */
    static String validTraceparentTraceId(String v) {
        if (v == null) {
            return null;
        }
        var m = VALID_TRACEPARENT.matcher(v);
        if (!m.matches() || m.group(1).equals("0".repeat(32)) || m.group(2).equals("0".repeat(16))) {
            return null;
        }
        return m.group(1);
    }

    static void check(boolean ok, String what, Map<String, String> headers) {
        if (!ok) {
            throw new AssertionError(what + " not well-formed for headers " + headers);
        }
    }

    // ------------------------------------------------------------------ generators

    static final String HEX = "0123456789abcdef";

    static Arbitrary<String> hex(int n) {
        return Arbitraries.strings().withChars(HEX.toCharArray()).ofLength(n);
    }

    /** A valid value with one character replaced, dropped or repeated — the most probing inputs. */
    static Arbitrary<String> mutated(Arbitrary<String> valid) {
        return Combinators.combine(valid, Arbitraries.integers().between(0, 200), Arbitraries.chars(),
            Arbitraries.integers().between(0, 3)).as((v, at, c, how) -> {
                int i = Math.min(at, v.length() - 1);
                switch (how) {
                    case 0: return v.substring(0, i) + c + v.substring(i + 1);
                    case 1: return v.substring(0, i) + v.substring(i + 1);
                    case 2: return v.substring(0, i) + v.charAt(i) + v.substring(i);
                    default: return v;
                }
            });
    }

    static Arbitrary<String> noise() {
        return Arbitraries.oneOf(
            Arbitraries.strings().ascii().ofMaxLength(80),
            Arbitraries.strings().all().ofMaxLength(200),
            Arbitraries.strings().withChars("-;=,0aA1f ?\t\r\n\u0000\u00ff\ud800").ofMaxLength(60),
            Arbitraries.strings().ascii().ofMinLength(9_000).ofMaxLength(10_000));
    }

    @Provide
    Arbitrary<String> traceparents() {
        Arbitrary<String> valid = Combinators.combine(
            Arbitraries.of("00", "01", "ff", "0g", "cc"), hex(32), hex(16), Arbitraries.of("00", "01", "03", "ff", "x1"))
            .as((v, t, s, f) -> v + "-" + t + "-" + s + "-" + f);
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, valid), net.jqwik.api.Tuple.of(4, mutated(valid)),
            net.jqwik.api.Tuple.of(2, noise()));
    }

    @Provide
    Arbitrary<String> xrayHeaders() {
        Arbitrary<String> valid = Combinators.combine(hex(8), hex(24), hex(16), Arbitraries.of("1", "0", "?", "", "2"),
            Arbitraries.of(";", ";;;;", "; ", ";Lineage=a:1;"), Arbitraries.integers().between(0, 2))
            .as((epoch, rest, parent, sampled, sep, order) -> {
                String root = "Root=1-" + epoch + "-" + rest;
                String p = "Parent=" + parent;
                String s = "Sampled=" + sampled;
                return order == 0 ? root + sep + p + sep + s : order == 1 ? s + sep + root + sep + p : p + sep + root;
            });
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, valid), net.jqwik.api.Tuple.of(4, mutated(valid)),
            net.jqwik.api.Tuple.of(2, noise()));
    }

    @Provide
    Arbitrary<String> tracestates() {
        Arbitrary<String> member = Combinators.combine(
            Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_-*/@").ofMinLength(1).ofMaxLength(20),
            Arbitraries.strings().withChars("abcXYZ0123456789!#$%&'()*+-./:<>?@[]^_`{|}~ =,").ofMaxLength(30))
            .as((k, v) -> k + "=" + v);
        Arbitrary<String> list = member.list().ofMaxSize(40).map(l -> String.join(",", l));
        return Arbitraries.oneOf(list, mutated(list.filter(s -> !s.isEmpty())), noise());
    }

    @Property(tries = TRIES)
    void anyTraceparentAndTracestate(@ForAll("traceparents") String traceparent,
                                     @ForAll("tracestates") String tracestate) {
        request(Map.of("traceparent", traceparent, "tracestate", tracestate), "GET", "/api/x", null);
    }

    @Property(tries = TRIES)
    void anyXrayHeader(@ForAll("xrayHeaders") String xray) {
        request(Map.of("X-Amzn-Trace-Id", xray), "GET", "/api/x", null);
    }

    @Property(tries = TRIES)
    void anyBaggageAndBothTraceHeaders(@ForAll("tracestates") String baggage,
                                       @ForAll("traceparents") String traceparent,
                                       @ForAll("xrayHeaders") String xray) {
        request(Map.of("baggage", baggage, "traceparent", traceparent, "X-Amzn-Trace-Id", xray), "POST", "/", null);
    }

    @Provide
    Arbitrary<String> latin1() {
        // what a servlet container hands over for raw header and URL bytes: one char per byte
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
            .map(b -> new String(b, StandardCharsets.ISO_8859_1));
    }

    @Property(tries = TRIES)
    void anyHeaderAndUrlBytes(@ForAll("latin1") String traceparent, @ForAll("latin1") String xray,
                              @ForAll("latin1") String userAgent, @ForAll("latin1") String method,
                              @ForAll("latin1") String path, @ForAll("latin1") String query) {
        Map<String, String> h = new HashMap<>();
        h.put("traceparent", traceparent);
        h.put("X-Amzn-Trace-Id", xray);
        h.put("User-Agent", userAgent);
        h.put("Host", userAgent);
        request(h, method, path, query);
    }
}
