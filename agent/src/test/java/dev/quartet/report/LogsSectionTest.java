package dev.quartet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsSectionTest {
    @TempDir
    Path dir;

    private List<String> report(String... lines) throws IOException {
        Files.write(dir.resolve("logs.jsonl"), List.of(lines));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, ReportCommand.run(new String[] {dir.toString(), "--top", "2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        String text = out.toString(StandardCharsets.UTF_8);
        // the logs section only: up to the next file's section, if one follows
        List<String> all = text.substring(text.indexOf("logs.jsonl")).lines().toList();
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).matches("[a-z]+\\.jsonl: .*")) {
                return all.subList(0, all.get(i - 1).isEmpty() ? i - 1 : i);
            }
        }
        return all;
    }

    static String event(String time, String level, String logger, String message) {
        return "{\"timestamp\":\"" + time + "\",\"level\":\"" + level + "\",\"logger\":\"" + logger
                + "\",\"thread\":\"t\",\"message\":\"" + message + "\"}";
    }

    static String access(String time, int status) {
        return "{\"timestamp\":\"" + time + "\",\"level\":\"INFO\",\"logger\":\"access\",\"thread\":\"t\","
                + "\"message\":\"[x] GET /\",\"http\":{\"status\":" + status + "}}";
    }

    @Test
    void countsByLevelTopMessagesAndAccessStatuses() throws IOException {
        List<String> lines = report(
                event("2026-01-21T09:30:01.000Z", "INFO", "cruddur.services.HomeActivities", "HomeActivities"),
                event("2026-01-21T09:30:02.000Z", "INFO", "cruddur.services.HomeActivities", "HomeActivities"),
                event("2026-01-21T09:30:00.000Z", "WARN", "cruddur.web.RollbarTestServlet", "Hello World!"),
                event("2026-01-21T09:30:03.000Z", "ERROR", "app", "failed\\n\\tat x"),
                access("2026-01-21T09:30:04.000Z", 200),
                access("2026-01-21T09:30:05.000Z", 500),
                "{not json",
                "");
        assertEquals("logs.jsonl: 6 log events (2 access lines), 2026-01-21T09:30:00.000Z .. 2026-01-21T09:30:05.000Z,"
                + " 1 unreadable line", lines.get(0));
        assertTrue(lines.contains("ERROR         1"), () -> String.join("\n", lines));
        assertTrue(lines.contains("WARN          1"));
        assertTrue(lines.contains("INFO          4"));
        int top = lines.indexOf("Top messages (access lines aside)");
        assertTrue(lines.get(top + 2).matches("\\s+2  INFO   cruddur\\.services\\.HomeActivities\\s+HomeActivities"),
                lines.get(top + 2));
        assertEquals(4, lines.subList(top, lines.size()).indexOf(""), "--top 2: title, header, two rows");
        assertTrue(lines.contains("2xx           1"));
        assertTrue(lines.contains("5xx           1"));
    }

    @Test
    void emptyFileSaysSo() throws IOException {
        assertEquals(List.of("logs.jsonl: no log events, 0 unreadable lines"), report(""));
    }
}
