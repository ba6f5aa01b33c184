package dev.quartet.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the local-mode {@code traces.jsonl}: one OTLP/JSON {@code ExportTraceServiceRequest} per line.
 *
 * <p>The file is written by a live JVM that may be killed mid-line, so a line is all-or-nothing: if any part of it
 * fails to parse, none of its spans are emitted and it is counted as unreadable, rather than reporting half a batch
 * or aborting the whole report. Blank lines carry no data and are skipped without being counted.
 *
 * <p>Accepts both encodings seen in the wild for the protobuf JSON mapping: int64 fields as strings (the spec) or
 * as numbers, and enums as integers (what OpenTelemetry Java writes) or as their names.
 */
final class OtlpJsonSpans {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String[] SPAN_KINDS = {
        "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
        "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"
    };
    private static final String[] STATUS_CODES = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};

    private OtlpJsonSpans() {}

    /** What reading a file produced besides the spans themselves. */
    static final class ReadSummary {
        final long lines;
        final long unreadableLines;

        ReadSummary(long lines, long unreadableLines) {
            this.lines = lines;
            this.unreadableLines = unreadableLines;
        }
    }

    /** Streams every span of {@code file} to {@code sink}, so callers keep only what they aggregate. */
    static ReadSummary read(Path file, Consumer<SpanRecord> sink) throws IOException {
        // InputStreamReader replaces malformed bytes instead of throwing (unlike Files.newBufferedReader), so a
        // line cut in the middle of a multi-byte character becomes one unreadable line, not a failed report.
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            return read(new BufferedReader(reader), sink);
        }
    }

    static ReadSummary read(BufferedReader reader, Consumer<SpanRecord> sink) throws IOException {
        long lines = 0;
        long unreadable = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            List<SpanRecord> spans;
            try {
                spans = parseLine(line);
            } catch (MalformedSpansException e) {
                unreadable++;
                continue;
            }
            spans.forEach(sink);
        }
        return new ReadSummary(lines, unreadable);
    }

    /** Parses one {@code ExportTraceServiceRequest}; all its spans, or an exception. */
    static List<SpanRecord> parseLine(String line) throws MalformedSpansException {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedSpansException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedSpansException("not a JSON object");
        }
        List<SpanRecord> out = new ArrayList<>();
        for (JsonNode resourceSpans : array(root, "resourceSpans")) {
            String service = attributes(resourceSpans.path("resource")).getOrDefault("service.name", "");
            for (JsonNode scopeSpans : array(resourceSpans, "scopeSpans")) {
                for (JsonNode span : array(scopeSpans, "spans")) {
                    out.add(span(service, span));
                }
            }
        }
        return out;
    }

    private static SpanRecord span(String service, JsonNode span) throws MalformedSpansException {
        if (!span.isObject()) {
            throw new MalformedSpansException("span is not an object");
        }
        JsonNode status = span.path("status");
        return new SpanRecord(
                service,
                span.path("traceId").asText(""),
                span.path("spanId").asText(""),
                span.path("parentSpanId").asText(""),
                span.path("name").asText(""),
                enumValue(span.path("kind"), SPAN_KINDS),
                int64(span, "startTimeUnixNano"),
                int64(span, "endTimeUnixNano"),
                enumValue(status.path("code"), STATUS_CODES),
                attributes(span));
    }

    /** The {@code attributes} key/value list of {@code owner} as strings; empty when absent. */
    private static Map<String, String> attributes(JsonNode owner) throws MalformedSpansException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode kv : array(owner, "attributes")) {
            String key = kv.path("key").asText(null);
            if (key != null) {
                out.put(key, anyValue(kv.path("value")));
            }
        }
        return out;
    }

    private static String anyValue(JsonNode value) throws MalformedSpansException {
        if (value.has("stringValue")) {
            return value.get("stringValue").asText();
        }
        if (value.has("intValue")) {
            return Long.toString(int64(value, "intValue"));
        }
        if (value.has("boolValue")) {
            return Boolean.toString(value.get("boolValue").asBoolean());
        }
        if (value.has("doubleValue")) {
            return value.get("doubleValue").asText();
        }
        if (value.has("arrayValue")) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : array(value.get("arrayValue"), "values")) {
                items.add(anyValue(item));
            }
            return items.toString();
        }
        // kvlistValue, bytesValue and empty values are never grouped on; keep their JSON so nothing is lost.
        return value.isMissingNode() ? "" : value.toString();
    }

    private static long int64(JsonNode owner, String field) throws MalformedSpansException {
        JsonNode node = owner.path(field);
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                throw new MalformedSpansException(field + " is not an int64: " + node);
            }
        }
        throw new MalformedSpansException(field + " is missing or not an int64: " + node);
    }

    /** Protobuf JSON enums: an integer, or the enum constant's name. Absent means the zero value. */
    private static int enumValue(JsonNode node, String[] names) throws MalformedSpansException {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (node.isIntegralNumber()) {
            return node.asInt();
        }
        if (node.isTextual()) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(node.asText())) {
                    return i;
                }
            }
        }
        throw new MalformedSpansException("unknown enum value " + node);
    }

    private static Iterable<JsonNode> array(JsonNode owner, String field) throws MalformedSpansException {
        JsonNode node = owner.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new MalformedSpansException(field + " is not an array");
        }
        return node;
    }

    /** A line that is not a well-formed trace export request. */
    static final class MalformedSpansException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedSpansException(String message) {
            super(message);
        }
    }
}
