package dev.quartet.report;

import static dev.quartet.report.Otlp.MS;
import static dev.quartet.report.Otlp.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpJsonSpansTest {

    @TempDir
    Path dir;

    private final List<SpanRecord> spans = new ArrayList<>();

    @Test
    void readsEveryFieldOfTheWriterFormat() throws Exception {
        String line = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"backend-flask\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"quartet\"},\"spans\":[{"
                + "\"traceId\":\"6740a1b2c0ffee00112233445566778a\",\"spanId\":\"0011223344556677\","
                + "\"parentSpanId\":\"8899aabbccddeeff\",\"name\":\"GET /api/debug/error\",\"kind\":2,"
                + "\"startTimeUnixNano\":\"1732147200000000000\",\"endTimeUnixNano\":\"1732147200004000000\","
                + "\"attributes\":[{\"key\":\"http.route\",\"value\":{\"stringValue\":\"/api/debug/error\"}},"
                + "{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":\"500\"}},"
                + "{\"key\":\"retry\",\"value\":{\"boolValue\":true}},"
                + "{\"key\":\"ratio\",\"value\":{\"doubleValue\":0.5}},"
                + "{\"key\":\"tags\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"a\"},{\"intValue\":7}]}}}],"
                + "\"events\":[{\"timeUnixNano\":\"1732147200001000000\",\"name\":\"exception\",\"attributes\":[]}],"
                + "\"status\":{\"code\":2,\"message\":\"boom\"}}]}]}]}";

        List<SpanRecord> parsed = OtlpJsonSpans.parseLine(line);

        assertEquals(1, parsed.size());
        SpanRecord span = parsed.get(0);
        assertEquals("backend-flask", span.service());
        assertEquals("6740a1b2c0ffee00112233445566778a", span.traceId());
        assertEquals("0011223344556677", span.spanId());
        assertEquals("8899aabbccddeeff", span.parentSpanId());
        assertEquals("GET /api/debug/error", span.name());
        assertTrue(span.isServer());
        assertEquals(T0, span.startNanos());
        assertEquals(4 * MS, span.durationNanos());
        assertEquals(2, span.statusCode());
        assertEquals(500, span.httpStatus());
        assertEquals("true", span.attribute("retry"));
        assertEquals("0.5", span.attribute("ratio"));
        assertEquals("[a, 7]", span.attribute("tags"));
        assertTrue(span.isError());
    }

    @Test
    void int64AsNumbersAndAsStringsReadTheSame() throws Exception {
        SpanRecord strings = OtlpJsonSpans.parseLine(Otlp.line(Otlp.span().http(503))).get(0);
        SpanRecord numbers = OtlpJsonSpans.parseLine(Otlp.line(Otlp.span().http(503).numbers())).get(0);

        assertEquals(strings.startNanos(), numbers.startNanos());
        assertEquals(strings.endNanos(), numbers.endNanos());
        assertEquals("503", numbers.attribute("http.response.status_code"));
        assertEquals(503, numbers.httpStatus());
    }

    @Test
    void enumNamesAreAcceptedForKindAndStatus() throws Exception {
        SpanRecord span = OtlpJsonSpans.parseLine(Otlp.line(
                Otlp.span().kind("\"SPAN_KIND_SERVER\"").status("{\"code\":\"STATUS_CODE_ERROR\"}"))).get(0);

        assertEquals(SpanRecord.KIND_SERVER, span.kind());
        assertEquals(SpanRecord.STATUS_ERROR, span.statusCode());
    }

    @Test
    void absentOrEmptyStatusIsUnsetAndAbsentParentIsEmpty() throws Exception {
        SpanRecord empty = OtlpJsonSpans.parseLine(Otlp.line(Otlp.span().status("{}"))).get(0);
        String noStatus = Otlp.line(Otlp.span()).replace(",\"status\":{}", "");
        SpanRecord absent = OtlpJsonSpans.parseLine(noStatus).get(0);

        assertEquals(0, empty.statusCode());
        assertEquals(0, absent.statusCode());
        assertEquals("", absent.parentSpanId());
        assertTrue(!absent.isError());
    }

    @Test
    void readsSeveralResourcesScopesAndSpansFromOneLine() throws Exception {
        String twoSpans = Otlp.line(Otlp.span().span("0000000000000001"), Otlp.span().span("0000000000000002"));
        // Two resourceSpans, the second with two scopes of one span each.
        String body = twoSpans.substring("{\"resourceSpans\":[".length(), twoSpans.length() - 2);
        String otherResource = "{\"resource\":{},\"scopeSpans\":["
                + "{\"scope\":{\"name\":\"a\"},\"spans\":[" + Otlp.span().span("0000000000000003").json() + "]},"
                + "{\"scope\":{\"name\":\"b\"},\"spans\":[" + Otlp.span().span("0000000000000004").json() + "]}]}";
        String line = "{\"resourceSpans\":[" + body + "," + otherResource + "]}";

        List<SpanRecord> parsed = OtlpJsonSpans.parseLine(line);

        assertEquals(List.of("0000000000000001", "0000000000000002", "0000000000000003", "0000000000000004"),
                parsed.stream().map(SpanRecord::spanId).toList());
        assertEquals("backend-flask", parsed.get(0).service());
        assertEquals("", parsed.get(3).service());
    }

    @Test
    void truncatedAndGarbageLinesAreSkippedAndCountedBlankLinesIgnored() throws Exception {
        String good = Otlp.line(Otlp.span());
        Path file = Otlp.write(dir, List.of(
                good,
                "",
                "   ",
                "not json at all",
                "[1,2,3]",
                Otlp.line(Otlp.span(), Otlp.span().span("0000000000000002")),
                good + " trailing",
                good.substring(0, good.length() / 2)));

        OtlpJsonSpans.ReadSummary summary = OtlpJsonSpans.read(file, spans::add);

        assertEquals(3, spans.size());
        assertEquals(6, summary.lines);
        assertEquals(4, summary.unreadableLines);
    }

    @Test
    void aLineWithOneBrokenSpanContributesNoSpans() throws Exception {
        String line = Otlp.line(Otlp.span(), Otlp.span().span("0000000000000002"))
                .replaceFirst("\"endTimeUnixNano\":\"\\d+\"", "\"endTimeUnixNano\":\"soon\"");
        Path file = Otlp.write(dir, List.of(line));

        OtlpJsonSpans.ReadSummary summary = OtlpJsonSpans.read(file, spans::add);

        assertEquals(0, spans.size());
        assertEquals(1, summary.unreadableLines);
        assertThrows(OtlpJsonSpans.MalformedSpansException.class, () -> OtlpJsonSpans.parseLine(line));
    }

    @Test
    void lineCutInsideAMultiByteCharacterIsCountedNotFatal() throws Exception {
        byte[] good = (Otlp.line(Otlp.span().name("GET /caf\u00e9")) + "\n").getBytes("UTF-8");
        byte[] cut = Otlp.line(Otlp.span().name("GET /\u00e9\u00e9\u00e9")).getBytes("UTF-8");
        int cutAt = new String(cut, "UTF-8").indexOf('\u00e9') + 1; // inside the two-byte sequence
        Path file = dir.resolve("traces.jsonl");
        byte[] content = new byte[good.length + cutAt];
        System.arraycopy(good, 0, content, 0, good.length);
        System.arraycopy(cut, 0, content, good.length, cutAt);
        Files.write(file, content);

        OtlpJsonSpans.ReadSummary summary = OtlpJsonSpans.read(file, spans::add);

        assertEquals(1, spans.size());
        assertEquals("GET /caf\u00e9", spans.get(0).name());
        assertEquals(1, summary.unreadableLines);
    }

    @Test
    void emptyFileHasNoSpansAndNoErrors() throws IOException {
        Path file = dir.resolve("traces.jsonl");
        Files.writeString(file, "");

        OtlpJsonSpans.ReadSummary summary = OtlpJsonSpans.read(file, spans::add);

        assertEquals(0, spans.size());
        assertEquals(0, summary.lines);
        assertEquals(0, summary.unreadableLines);
    }
}
