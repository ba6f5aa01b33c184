package dev.quartet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Summarises {@code segments.jsonl}, the X-Ray backend's local-mode file (one segment document a line, as sent to the
 * daemon), the way the X-Ray console's service map first shows a service: segments per name with their faults
 * (5xx), errors (4xx) and throttles (429), latency, and which sampling rule recorded them. Subsegments streamed as
 * documents of their own are counted, not treated as requests.
 */
final class SegmentsSection implements ReportSection {

    static final String FILE_NAME = "segments.jsonl";
    /**
     * Segments whose rule is not named: the caller decided ({@code Sampled=1}), {@code QUARTET_XRAY_SAMPLING=all}, or
     * a rule of an X-Ray SDK rule file (such rules have no name). Every other decision names its rule, the
     * {@code Default} rule included.
     */
    static final String NO_RULE = "(no rule)";
    static final String NO_RULE_NOTE =
            NO_RULE + ": the caller's Sampled=1, QUARTET_XRAY_SAMPLING=all, or an unnamed rule of an X-Ray SDK rule file";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME_ROW = "%-37s %6s %7s %7s %9s %8s %8s%n";
    private static final String RULE_ROW = "%-37s %8s%n";

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public String itemsNoun() {
        return "segments";
    }

    @Override
    public void render(Path file, PrintStream out) throws IOException {
        Map<String, Counts> byName = new TreeMap<>();
        Map<String, Long> byRule = new TreeMap<>();
        Set<String> traces = new HashSet<>();
        long segments = 0;
        long subsegments = 0;
        long unreadable = 0;
        double first = Double.MAX_VALUE;
        double last = -Double.MAX_VALUE;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.trim().isEmpty()) {
                    continue;
                }
                JsonNode doc;
                try {
                    doc = JSON.readTree(line);
                } catch (IOException e) {
                    unreadable++;
                    continue;
                }
                if (doc == null || !doc.isObject() || !doc.path("name").isTextual() || !doc.path("id").isTextual()) {
                    unreadable++;
                    continue;
                }
                if ("subsegment".equals(doc.path("type").asText())) {
                    subsegments++;
                    continue;
                }
                segments++;
                traces.add(doc.path("trace_id").asText());
                double start = doc.path("start_time").asDouble();
                first = Math.min(first, start);
                last = Math.max(last, doc.path("end_time").asDouble(start));
                byName.computeIfAbsent(doc.get("name").asText(), k -> new Counts()).add(doc);
                String rule = doc.path("aws").path("xray").path("rule_name").asText(NO_RULE);
                byRule.merge(rule.isEmpty() ? NO_RULE : rule, 1L, Long::sum);
            }
        }
        String unreadableText = TracesSection.plural(unreadable, "unreadable line");
        if (segments == 0) {
            out.printf("%s: no segments, %s, %s%n", FILE_NAME,
                    TracesSection.plural(subsegments, "streamed subsegment"), unreadableText);
            return;
        }
        out.printf("%s: %s in %s (%s), %s .. %s, %s%n", FILE_NAME, TracesSection.plural(segments, "segment"),
                TracesSection.plural(traces.size(), "trace"), TracesSection.plural(subsegments, "streamed subsegment"),
                TracesSection.isoSeconds(epochNanos(first)), TracesSection.isoSeconds(epochNanos(last)),
                unreadableText);
        out.println();
        out.println("Segments by name (every one sampled; " + Outcomes.LEGEND + ")");
        out.printf(Locale.ROOT, NAME_ROW, "NAME", "COUNT", "FAULTS", "ERRORS", "THROTTLES", "P50_MS", "MAX_MS");
        List<Map.Entry<String, Counts>> rows = new ArrayList<>(byName.entrySet());
        rows.sort(Comparator.comparingLong((Map.Entry<String, Counts> e) -> e.getValue().durations.count()).reversed());
        for (Map.Entry<String, Counts> row : rows) {
            Counts c = row.getValue();
            out.printf(Locale.ROOT, NAME_ROW, row.getKey(), c.durations.count(), c.outcomes.faults, c.outcomes.errors,
                    c.outcomes.throttles, TracesSection.millis(c.durations.percentile(50)),
                    TracesSection.millis(c.durations.max()));
        }
        out.println();
        out.println("Sampled by");
        out.printf(Locale.ROOT, RULE_ROW, "RULE", "SEGMENTS");
        for (Map.Entry<String, Long> rule : byRule.entrySet()) {
            out.printf(Locale.ROOT, RULE_ROW, rule.getKey(), rule.getValue());
        }
        if (byRule.containsKey(NO_RULE)) {
            out.println(NO_RULE_NOTE);
        }
    }

    private static long epochNanos(double epochSeconds) {
        return Math.round(epochSeconds * 1e9);
    }

    /** One segment name's requests. */
    private static final class Counts {
        final DurationStats durations = new DurationStats();
        final Outcomes outcomes = new Outcomes();

        void add(JsonNode doc) {
            double start = doc.path("start_time").asDouble();
            double end = doc.path("end_time").asDouble(start);
            boolean fault = doc.path("fault").asBoolean(false);
            durations.add(Math.max(0, Math.round((end - start) * 1e9)), fault);
            outcomes.add(fault, doc.path("error").asBoolean(false), doc.path("throttle").asBoolean(false));
        }
    }
}
