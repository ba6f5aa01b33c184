package dev.quartet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentsSectionTest {

    @TempDir
    Path dir;

    static String segment(String name, String id, double start, double millis, String flags, String rule) {
        return "{\"name\":\"" + name + "\",\"id\":\"" + id + "\",\"trace_id\":\"1-6b00fe70-" + id + "00000000\","
                + "\"start_time\":" + start + ",\"end_time\":" + (start + millis / 1000) + flags
                + ",\"aws\":{\"xray\":{\"sdk\":\"X-Ray for Java\"" + (rule == null ? "" : ",\"rule_name\":\"" + rule + "\"")
                + "}}}";
    }

    private List<String> render(String... lines) throws IOException {
        Path file = dir.resolve("segments.jsonl");
        Files.write(file, Arrays.asList(lines), StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SegmentsSection().render(file, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }

    private static List<String> row(List<String> lines, String first) {
        return lines.stream().map(l -> Arrays.asList(l.trim().split("\\s+")))
                .filter(f -> f.get(0).equals(first)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + first + " in " + lines));
    }

    @Test
    void segmentsPerNameWithFaultsErrorsThrottlesAndSamplingRules() throws IOException {
        List<String> out = render(
                segment("backend-flask", "0000000000000001", 1795227248.0, 2, "", "Cruddur"),
                segment("backend-flask", "0000000000000002", 1795227249.0, 4, ",\"fault\":true", "Cruddur"),
                segment("backend-flask", "0000000000000003", 1795227250.0, 6, ",\"error\":true", null),
                segment("backend-flask", "0000000000000004", 1795227251.0, 8,
                        ",\"error\":true,\"throttle\":true", "Default"),
                segment("api.cruddur.com", "0000000000000005", 1795227252.0, 1, "", "Default"),
                "{\"name\":\"call\",\"id\":\"0000000000000009\",\"type\":\"subsegment\",\"parent_id\":\"0000000000000001\"}",
                "{\"truncated");
        assertEquals("segments.jsonl: 5 segments in 5 traces (1 streamed subsegment), 2026-11-21T02:14:08Z .."
                + " 2026-11-21T02:14:12Z, 1 unreadable line", out.get(0));
        assertEquals(List.of("backend-flask", "4", "1", "2", "1", "4.00", "8.00"), row(out, "backend-flask"));
        assertEquals(List.of("api.cruddur.com", "1", "0", "0", "0", "1.00", "1.00"), row(out, "api.cruddur.com"));
        assertEquals(List.of("Cruddur", "2"), row(out, "Cruddur"));
        assertEquals(List.of("Default", "2"), row(out, "Default"));
        assertTrue(out.stream().anyMatch(l -> l.startsWith(SegmentsSection.NO_RULE) && l.endsWith(" 1")),
                out::toString);
        assertTrue(out.contains(SegmentsSection.NO_RULE_NOTE), out::toString);
        assertTrue(out.contains("Segments by name (every one sampled; faults: 5xx or exception, errors: 4xx,"
                + " throttles: 429)"), out::toString);
    }

    @Test
    void noSegmentsSaysSo() throws IOException {
        assertEquals(List.of("segments.jsonl: no segments, 0 streamed subsegments, 1 unreadable line"),
                render("not json"));
    }
}
