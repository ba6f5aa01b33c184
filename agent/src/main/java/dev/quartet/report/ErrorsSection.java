package dev.quartet.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Summarises {@code errors.jsonl}, the Rollbar items local mode wrote (one item body a line), as Rollbar's item
 * list would: one row per error group (exception class and message, or the text of a message item) with its count,
 * first and last occurrence, and the trace id of the latest occurrence that had one, to look the request up in the
 * traces. Counts include the occurrences a storm summary stands for ({@code custom.suppressed_occurrences}).
 */
final class ErrorsSection implements ReportSection {

    static final String FILE_NAME = "errors.jsonl";
    static final String MESSAGE_CLASS = "(message)";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String ROW = "%6s  %-8s  %-20s  %-20s  %-36s  %-40s  %s%n";
    private static final int CLASS_WIDTH = 36;
    private static final int MESSAGE_WIDTH = 40;

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public String itemsNoun() {
        return "error items";
    }

    /** One error group. */
    static final class Group {
        final String level;
        final String className;
        final String message;
        long count;
        double firstSeen = Double.MAX_VALUE;
        double lastSeen = -Double.MAX_VALUE;
        double traceSeen = -Double.MAX_VALUE;
        String traceId;

        Group(String level, String className, String message) {
            this.level = level;
            this.className = className;
            this.message = message;
        }
    }

    @Override
    public void render(Path file, PrintStream out) throws IOException {
        Map<String, Group> groups = new LinkedHashMap<>();
        long items = 0;
        long unreadable = 0;
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
                BufferedReader lines = new BufferedReader(reader)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    add(groups, MAPPER.readTree(line));
                    items++;
                } catch (IOException | RuntimeException e) {
                    unreadable++;
                }
            }
        }
        String unreadableText = unreadable + " unreadable line" + (unreadable == 1 ? "" : "s");
        if (groups.isEmpty()) {
            out.printf("%s: no error items, %s%n", FILE_NAME, unreadableText);
            return;
        }
        List<Group> rows = new ArrayList<>(groups.values());
        rows.sort(Comparator.comparingLong((Group g) -> g.count).reversed()
                .thenComparing(Comparator.comparingDouble((Group g) -> g.lastSeen).reversed()));
        long occurrences = rows.stream().mapToLong(g -> g.count).sum();
        double first = rows.stream().mapToDouble(g -> g.firstSeen).min().orElse(0);
        double last = rows.stream().mapToDouble(g -> g.lastSeen).max().orElse(0);
        out.printf("%s: %d item%s (%d occurrence%s) in %d group%s, %s .. %s, %s%n", FILE_NAME,
                items, items == 1 ? "" : "s", occurrences, occurrences == 1 ? "" : "s",
                rows.size(), rows.size() == 1 ? "" : "s", iso(first), iso(last), unreadableText);
        out.println();
        out.println("Error groups (Rollbar items by class and message)");
        out.printf(Locale.ROOT, ROW, "COUNT", "LEVEL", "FIRST_SEEN", "LAST_SEEN", "CLASS", "MESSAGE", "TRACE_ID");
        for (Group g : rows) {
            out.printf(Locale.ROOT, ROW, g.count, g.level, iso(g.firstSeen), iso(g.lastSeen),
                    abbreviate(g.className, CLASS_WIDTH), abbreviate(g.message, MESSAGE_WIDTH),
                    g.traceId == null ? "-" : g.traceId);
        }
    }

    /** Adds one item body ({"data": {…}}) to its group; throws on anything that is not an item. */
    static void add(Map<String, Group> groups, JsonNode item) {
        JsonNode data = item.get("data");
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("not a Rollbar item");
        }
        String level = data.path("level").asText("error");
        String className;
        String message;
        JsonNode body = data.path("body");
        JsonNode exception = firstException(body);
        if (exception != null) {
            className = exception.path("class").asText("");
            message = exception.path("message").asText("");
        } else if (body.has("message")) {
            className = MESSAGE_CLASS;
            message = body.path("message").path("body").asText("");
        } else {
            throw new IllegalArgumentException("an item with neither trace nor message");
        }
        String key = level + "\u0000" + className + "\u0000" + message;
        Group g = groups.computeIfAbsent(key, k -> new Group(level, className, message));
        JsonNode custom = data.path("custom");
        g.count += 1 + Math.max(0, custom.path("suppressed_occurrences").asLong(0));
        double at = data.path("timestamp").asDouble(0);
        g.firstSeen = Math.min(g.firstSeen, at);
        g.lastSeen = Math.max(g.lastSeen, at);
        String traceId = custom.path("trace_id").asText(null);
        if (traceId != null && at >= g.traceSeen) {
            g.traceId = traceId;
            g.traceSeen = at;
        }
    }

    /** The outermost exception: the first of a trace_chain, or a trace's. */
    private static JsonNode firstException(JsonNode body) {
        JsonNode chain = body.path("trace_chain");
        if (chain.isArray() && chain.size() > 0) {
            return chain.get(0).path("exception");
        }
        JsonNode trace = body.path("trace");
        return trace.isObject() ? trace.path("exception") : null;
    }

    static String iso(double epochSeconds) {
        return TracesSection.isoSeconds((long) (epochSeconds * 1e9));
    }

    static String abbreviate(String s, int width) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= width ? oneLine : oneLine.substring(0, width - 3) + "...";
    }
}
