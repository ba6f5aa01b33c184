package dev.quartet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summarises {@code logs.jsonl}, which the CloudWatch Logs backend writes in local mode (one JSON object per log
 * event, the same object it would ship): events by level, the most frequent messages, and the access lines by
 * status class. A line that is not a JSON object is counted as unreadable and skipped.
 */
final class LogsSection implements ReportSection {

    static final String FILE_NAME = "logs.jsonl";
    static final String ACCESS_LOGGER = "access";
    static final List<String> LEVELS = List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LEVEL_ROW = "%-6s %8s%n";
    private static final String MESSAGE_ROW = "%7s  %-5s  %-40s  %s%n";
    private static final int MESSAGE_WIDTH = 100;

    private final int topMessages;

    LogsSection(int topMessages) {
        this.topMessages = topMessages;
    }

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public String itemsNoun() {
        return "log events";
    }

    @Override
    public void render(Path file, PrintStream out) throws IOException {
        Totals t = new Totals();
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            BufferedReader lines = new BufferedReader(reader);
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    t.add(line);
                }
            }
        }
        String unreadable = TracesSection.plural(t.unreadable, "unreadable line");
        if (t.events == 0) {
            out.printf("%s: no log events, %s%n", FILE_NAME, unreadable);
            return;
        }
        out.printf("%s: %s (%s), %s .. %s, %s%n", FILE_NAME, TracesSection.plural(t.events, "log event"),
                TracesSection.plural(t.access, "access line"), t.first, t.last, unreadable);
        out.println();
        out.println("Log events by level");
        out.printf(Locale.ROOT, LEVEL_ROW, "LEVEL", "COUNT");
        for (Map.Entry<String, Long> e : t.byLevel.entrySet()) {
            out.printf(Locale.ROOT, LEVEL_ROW, e.getKey(), e.getValue());
        }
        if (topMessages > 0 && !t.messages.isEmpty()) {
            out.println();
            out.println("Top messages (access lines aside)");
            out.printf(Locale.ROOT, MESSAGE_ROW, "COUNT", "LEVEL", "LOGGER", "MESSAGE");
            List<Map.Entry<List<String>, Long>> rows = new ArrayList<>(t.messages.entrySet());
            rows.sort(Map.Entry.<List<String>, Long>comparingByValue(Comparator.reverseOrder()));
            for (Map.Entry<List<String>, Long> row : rows.subList(0, Math.min(topMessages, rows.size()))) {
                List<String> key = row.getKey();
                out.printf(Locale.ROOT, MESSAGE_ROW, row.getValue(), key.get(0), abbreviate(key.get(1), 40),
                        abbreviate(key.get(2), MESSAGE_WIDTH));
            }
        }
        if (!t.byStatusClass.isEmpty()) {
            out.println();
            out.println("Access lines by status");
            out.printf(Locale.ROOT, LEVEL_ROW, "STATUS", "COUNT");
            for (Map.Entry<String, Long> e : t.byStatusClass.entrySet()) {
                out.printf(Locale.ROOT, LEVEL_ROW, e.getKey(), e.getValue());
            }
        }
    }

    /** First line of {@code s}, at most {@code width} characters. */
    static String abbreviate(String s, int width) {
        int newline = s.indexOf('\n');
        String first = newline < 0 ? s : s.substring(0, newline) + " ...";
        return first.length() <= width ? first : first.substring(0, width - 3) + "...";
    }

    /** What the report keeps while streaming: counts only, never the events. */
    private static final class Totals {
        long events;
        long access;
        long unreadable;
        String first;
        String last;
        final Map<String, Long> byLevel = new LinkedHashMap<>();
        final Map<List<String>, Long> messages = new HashMap<>();
        final Map<String, Long> byStatusClass = new TreeMap<>();

        Totals() {
            for (String level : LEVELS) {
                byLevel.put(level, 0L);
            }
        }

        void add(String line) {
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (IOException e) {
                unreadable++;
                return;
            }
            if (node == null || !node.isObject()) {
                unreadable++;
                return;
            }
            events++;
            String level = node.path("level").asText("");
            byLevel.merge(level.isEmpty() ? "(none)" : level, 1L, Long::sum);
            String time = node.path("timestamp").asText("");
            if (!time.isEmpty()) {
                first = first == null || time.compareTo(first) < 0 ? time : first;
                last = last == null || time.compareTo(last) > 0 ? time : last;
            }
            String logger = node.path("logger").asText("");
            if (logger.equals(ACCESS_LOGGER) && node.has("http")) {
                access++;
                int status = node.path("http").path("status").asInt(0);
                byStatusClass.merge(status <= 0 ? "other" : (status / 100) + "xx", 1L, Long::sum);
                return;
            }
            messages.merge(List.of(level, logger, node.path("message").asText("")), 1L, Long::sum);
        }
    }
}
