package dev.quartet.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.backend.cloudwatch.CloudWatchBackendFactory;
import dev.quartet.backend.otel.OtelBackendFactory;
import dev.quartet.backend.rollbar.RollbarBackendFactory;
import dev.quartet.backend.xray.XrayBackendFactory;
import dev.quartet.config.Config;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.LogEvent;
import dev.quartet.core.RequestView;
import dev.quartet.core.ServerRequest;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Huge inputs through all four backends in local mode, whose files hold exactly what would be sent: a 10 MB log
 * message, 10,000-character headers, path and query, a 1,000-deep cause chain and a cause cycle. Each is kept —
 * cut to its backend's limit, never dropped whole — and nothing throws or runs out of memory.
 */
class HugeInputsTest {
    static final int TEN_MB = 10 * 1024 * 1024;
    /** Each backend's limit on one record: CloudWatch's event, Rollbar's payload, a UDP datagram, Honeycomb's event. */
    static final int CLOUDWATCH_EVENT = 262_144;
    static final int ROLLBAR_PAYLOAD = 512 * 1000;
    static final int XRAY_DOCUMENT = 64 * 1024;
    static final int OTLP_SPAN_LINE = 1_000_000;

    @TempDir
    Path dir;

    final List<Throwable> escaped = Collections.synchronizedList(new ArrayList<>());

    static String repeat(char c, int n) {
        char[] a = new char[n];
        java.util.Arrays.fill(a, c);
        return new String(a);
    }

    static Throwable deepChain(int depth) {
        Throwable t = new IllegalStateException("root cause");
        for (int i = 1; i < depth; i++) {
            t = new RuntimeException("level " + i, t);
        }
        return t;
    }

    static Throwable cycle(String name) {
        IllegalStateException a = new IllegalStateException(name + " a");
        IllegalArgumentException b = new IllegalArgumentException(name + " b", a);
        a.initCause(b);
        return a;
    }

    @Test
    void hugeInputsAreCutToEachBackendsLimitAndNeverDroppedWhole() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("OTEL_SERVICE_NAME", "huge");
        env.put("QUARTET_XRAY_SAMPLING", "all");
        Config config = Config.load(env, new Properties(), p -> { throw new AssertionError(p); });
        BackendFactory.Context context = new BackendFactory.Context(config, dir, "huge");
        List<Backend> backends = new ArrayList<>();
        for (BackendFactory f : List.of(new XrayBackendFactory(), new OtelBackendFactory(),
                new CloudWatchBackendFactory(), new RollbarBackendFactory())) {
            backends.add(CheckedBackend.of(escaped, f.create(context)));
        }
        Dispatcher dispatcher = new Dispatcher(backends);
        warmUp(dispatcher);

        String tenThousand = repeat('x', 10_000);
        String tenMegabytes = "huge log message " + repeat('m', TEN_MB);
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("traceparent", tenThousand);
        h.put("X-Amzn-Trace-Id", tenThousand);
        h.put("User-Agent", tenThousand);
        h.put("X-Long", tenThousand);
        ServerRequest r = new ServerRequest().method("GET").scheme("http").server("localhost", 4567)
            .path("/" + tenThousand).query("q=" + tenThousand).client("203.0.113.9", "127.0.0.1", 50000)
            .userAgent(tenThousand).view(new RequestView() {
                @Override public String header(String name) { return h.get(name); }
                @Override public List<String> headerNames() { return new ArrayList<>(h.keySet()); }
                @Override public String userPrincipal() { return null; }
                @Override public String url() { return "http://localhost:4567/" + tenThousand; }
            });
        dispatcher.start(r, h::get);
        dispatcher.log(new LogEvent("jul", System.currentTimeMillis(), LogEvent.Level.WARN, "WARNING", "big.logger",
            "main", tenMegabytes, null, r));
        dispatcher.log(new LogEvent("jul", System.currentTimeMillis(), LogEvent.Level.ERROR, "SEVERE", "cycle.logger",
            "main", "a cycle of causes", cycle("logged"), r));
        r.finish(500, new RuntimeException("escaped " + tenMegabytes, deepChain(999)));
        dispatcher.end(r);
        dispatcher.uncaughtException(new Thread("worker"), cycle("uncaught"), null);
        // A bound, not a wait: shutdown returns as soon as every backend has written. Generous: the whole test takes
        // about 4 s on a quiet machine, but at load 30 the X-Ray emitter once needed more than 30 s to serialise and
        // cut the huge request's segment, and dropped it.
        dispatcher.shutdown(Duration.ofSeconds(180));

        assertTrue(escaped.isEmpty(), () -> "a backend threw: " + escaped);

        List<String> logs = lines("logs.jsonl");
        assertTrue(logs.stream().allMatch(l -> bytes(l) <= CLOUDWATCH_EVENT), "every event within 256 KiB");
        assertTrue(logs.stream().anyMatch(l -> l.contains("huge log message mmm") && l.contains("truncated by Quartet")),
            "the 10 MB message is kept, cut");
        assertTrue(logs.stream().anyMatch(l -> l.contains("a cycle of causes") && l.contains("logged b")),
            "the cycle is shipped");

        List<String> errors = lines("errors.jsonl");
        assertTrue(errors.stream().allMatch(l -> bytes(l) <= ROLLBAR_PAYLOAD), "every item within 512 KB");
        assertTrue(errors.stream().anyMatch(l -> l.contains("huge log message mmm")), "the 10 MB message item");
        assertTrue(errors.stream().anyMatch(l -> l.contains("escaped huge log message")), "the 1,000-deep chain item");
        assertTrue(errors.stream().anyMatch(l -> l.contains("uncaught a")), "the uncaught cycle item");
        assertTrue(errors.stream().anyMatch(l -> l.contains("logged a")), "the logged cycle item");

        List<String> segments = lines("segments.jsonl");
        assertTrue(segments.stream().allMatch(l -> bytes(l) <= XRAY_DOCUMENT), "every document fits a datagram");
        assertTrue(segments.stream().anyMatch(l -> l.contains("\"status\":500")),
            () -> "the request's segment: " + segments.stream().map(l -> l.substring(0, Math.min(300, l.length()))).toList());

        List<String> spans = lines("traces.jsonl");
        assertTrue(spans.stream().allMatch(l -> bytes(l) <= OTLP_SPAN_LINE),
            () -> "every span within 1 MB: " + spans.stream().mapToInt(HugeInputsTest::bytes).max());
        assertTrue(spans.stream().anyMatch(l -> l.contains("escaped huge log message mmm")),
            () -> "the request's span, its exception cut: " + spans.size() + " lines");
    }

    /**
     * One ordinary request first, and its segment awaited: the SDKs load when the first request ends, and what ends
     * before is recorded once they are (the start-up path has suites of its own); here the huge request meets loaded
     * SDKs.
     */
    private void warmUp(Dispatcher dispatcher) throws Exception {
        ServerRequest warm = new ServerRequest().method("GET").scheme("http").server("localhost", 4567).path("/warm");
        dispatcher.start(warm, name -> null);
        warm.finish(200, null);
        dispatcher.end(warm);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Path segments = dir.resolve("segments.jsonl");
        while (!(Files.exists(segments) && Files.size(segments) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(segments), "the X-Ray SDK did not load");
    }

    private List<String> lines(String file) throws Exception {
        Path p = dir.resolve(file);
        assertTrue(Files.exists(p), file);
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
