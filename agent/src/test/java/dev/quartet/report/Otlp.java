package dev.quartet.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds traces.jsonl lines shaped like OpenTelemetry Java's OTLP JSON writer output. */
final class Otlp {

    /** 2024-11-21T00:00:00Z, a fixed base so expected timestamps are readable. */
    static final long T0 = 1_732_147_200_000_000_000L;
    static final long MS = 1_000_000L;

    private Otlp() {}

    /** A span as the JSON text of one element of {@code spans}. */
    static final class Span {
        String traceId = "6740a1b2c0ffee000000000000000001";
        String spanId = "00000000000000a1";
        String name = "GET /api/activities/home";
        String kind = "2";
        String start = Long.toString(T0);
        String end = Long.toString(T0 + 4 * MS);
        Integer httpStatus = 200;
        String status = "{}";
        boolean int64AsNumbers;

        Span trace(String id) {
            traceId = id;
            return this;
        }

        Span span(String id) {
            spanId = id;
            return this;
        }

        Span name(String n) {
            name = n;
            return this;
        }

        Span kind(String k) {
            kind = k;
            return this;
        }

        /** Start {@code startMs} after {@link #T0}, lasting {@code durationMicros}. */
        Span timing(long startMs, long durationMicros) {
            start = Long.toString(T0 + startMs * MS);
            end = Long.toString(T0 + startMs * MS + durationMicros * 1000);
            return this;
        }

        Span http(Integer code) {
            httpStatus = code;
            return this;
        }

        Span status(String json) {
            status = json;
            return this;
        }

        Span numbers() {
            int64AsNumbers = true;
            return this;
        }

        String json() {
            String q = int64AsNumbers ? "" : "\"";
            List<String> attrs = new ArrayList<>();
            int space = name.indexOf(' ');
            if (space > 0) {
                attrs.add(attr("http.route", "{\"stringValue\":\"" + name.substring(space + 1) + "\"}"));
            }
            if (httpStatus != null) {
                attrs.add(attr("http.response.status_code", "{\"intValue\":" + q + httpStatus + q + "}"));
            }
            attrs.add(attr("http.request.method",
                    "{\"stringValue\":\"" + (space > 0 ? name.substring(0, space) : name) + "\"}"));
            StringBuilder sb = new StringBuilder("{");
            sb.append("\"traceId\":\"").append(traceId).append("\",");
            sb.append("\"spanId\":\"").append(spanId).append("\",");
            sb.append("\"name\":\"").append(name).append("\",");
            sb.append("\"kind\":").append(kind).append(',');
            sb.append("\"startTimeUnixNano\":").append(q).append(start).append(q).append(',');
            sb.append("\"endTimeUnixNano\":").append(q).append(end).append(q).append(',');
            sb.append("\"attributes\":[").append(String.join(",", attrs)).append("],");
            sb.append("\"events\":[],");
            sb.append("\"status\":").append(status);
            return sb.append('}').toString();
        }
    }

    static String attr(String key, String valueJson) {
        return "{\"key\":\"" + key + "\",\"value\":" + valueJson + "}";
    }

    static Span span() {
        return new Span();
    }

    /** A SERVER span of trace number {@code n} starting {@code startMs} after T0 and lasting {@code durationMs}. */
    static Span server(int n, String name, long startMs, double durationMs) {
        return new Span().trace(String.format(Locale.ROOT, "6740a1b2c0ffee00000000000000%04x", n))
                .span(String.format(Locale.ROOT, "%016x", n)).name(name)
                .timing(startMs, Math.round(durationMs * 1000));
    }

    /** One export request line holding the given spans in one resource and scope. */
    static String line(Span... spans) {
        List<String> json = new ArrayList<>();
        for (Span s : spans) {
            json.add(s.json());
        }
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"backend-flask\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"quartet\"},"
                + "\"spans\":[" + String.join(",", json) + "]}]}]}";
    }

    static Path write(Path dir, List<String> lines) throws IOException {
        Path file = dir.resolve("traces.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }
}
