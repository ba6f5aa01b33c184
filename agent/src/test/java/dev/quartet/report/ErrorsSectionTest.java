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

class ErrorsSectionTest {

    @TempDir
    Path dir;

    private static String error(String cls, String message, double ts, String traceId, long suppressed) {
        return "{\"data\":{\"level\":\"error\",\"timestamp\":" + ts + ",\"body\":{\"trace_chain\":[{\"exception\":"
                + "{\"class\":\"" + cls + "\",\"message\":\"" + message + "\"},\"frames\":[]},{\"exception\":"
                + "{\"class\":\"java.io.IOException\"},\"frames\":[]}]},\"custom\":{"
                + (traceId == null ? "" : "\"trace_id\":\"" + traceId + "\"")
                + (suppressed > 0 ? (traceId == null ? "" : ",") + "\"suppressed_occurrences\":" + suppressed : "")
                + "}}}";
    }

    private static String message(String level, String text, double ts) {
        return "{\"data\":{\"level\":\"" + level + "\",\"timestamp\":" + ts
                + ",\"body\":{\"message\":{\"body\":\"" + text + "\"}}}}";
    }

    private List<String> render(String... lines) throws IOException {
        Path file = dir.resolve("errors.jsonl");
        Files.write(file, Arrays.asList(lines), StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ErrorsSection().render(file, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }

    private static List<String> fields(String row) {
        return Arrays.asList(row.trim().split("\\s{2,}"));
    }

    @Test
    void groupsByClassAndMessageWithCountsFirstLastAndTheLatestTraceId() throws IOException {
        String a = "aaaaaaaabbbbbbbbccccccccdddddddd";
        String b = "11111111222222223333333344444444";
        List<String> out = render(
                error("java.lang.IllegalStateException", "boom", 1_700_000_000.5, a, 0),
                message("warning", "Hello World!", 1_700_000_001),
                error("java.lang.IllegalStateException", "boom", 1_700_000_100.0, b, 0),
                error("java.lang.IllegalStateException", "boom", 1_700_000_200.0, null, 9_989),
                "not json",
                "");
        assertEquals("errors.jsonl: 4 items (9993 occurrences) in 2 groups, 2023-11-14T22:13:20Z .. "
                + "2023-11-14T22:16:40Z, 1 unreadable line", out.get(0));
        int header = out.indexOf("Error groups (Rollbar items by class and message)");
        assertTrue(header > 0, String.join("\n", out));
        assertEquals(List.of("COUNT", "LEVEL", "FIRST_SEEN", "LAST_SEEN", "CLASS", "MESSAGE", "TRACE_ID"),
                fields(out.get(header + 1)));
        assertEquals(List.of("9992", "error", "2023-11-14T22:13:20Z", "2023-11-14T22:16:40Z",
                "java.lang.IllegalStateException", "boom", b), fields(out.get(header + 2)),
                "the trace id of the latest occurrence that had one");
        assertEquals(List.of("1", "warning", "2023-11-14T22:13:21Z", "2023-11-14T22:13:21Z", "(message)",
                "Hello World!", "-"), fields(out.get(header + 3)));
    }

    @Test
    void longMessagesAreCutToOneLine() {
        assertEquals("a b c", ErrorsSection.abbreviate("a\n b\tc ", 40));
        assertEquals(40, ErrorsSection.abbreviate("x".repeat(100), 40).length());
        assertTrue(ErrorsSection.abbreviate("x".repeat(100), 40).endsWith("..."));
    }

    @Test
    void aFileWithoutItems() throws IOException {
        assertEquals(List.of("errors.jsonl: no error items, 2 unreadable lines"), render("{}", "[1]"));
    }
}
