package dev.quartet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link IncomingTrace#extract}: a table of malformed W3C and X-Ray headers, the valid forms, and seeded random
 * fuzzing checked against an independent, regex-based reading of both specifications.
 */
class IncomingTraceTest {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN_ID = "00f067aa0ba902b7";
    static final String TP = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    static final String XRAY_ROOT = "1-5759e988-bd862e3fe1be46a994272793";
    static final String XRAY_TRACE_ID = "5759e988bd862e3fe1be46a994272793";
    static final String XRAY_PARENT = "53995c3f42cd8ad8";
    static final String XRAY = "Root=" + XRAY_ROOT + ";Parent=" + XRAY_PARENT + ";Sampled=1";

    // ---------------------------------------------------------------- helpers

    /** A header lookup over a case-insensitive map, as servlet containers look headers up. */
    static HeaderLookup headers(String... namesAndValues) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map::get;
    }

    static IncomingTrace extract(String... namesAndValues) {
        HeaderLookup lookup = headers(namesAndValues);
        try {
            return IncomingTrace.extract(lookup);
        } catch (Throwable t) {
            throw new AssertionError("extract threw for " + describe(namesAndValues), t);
        }
    }

    static String describe(String... namesAndValues) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.append(namesAndValues[i]).append(": ").append(escape(namesAndValues[i + 1])).append("; ");
        }
        return b.toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        int shown = Math.min(s.length(), 120);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > shown) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.append('"').toString();
    }

    static void assertNone(IncomingTrace t, String what) {
        assertSame(IncomingTrace.NONE, t, what + " should give a fresh trace but gave " + t);
        assertNull(t.traceId());
        assertNull(t.parentSpanId());
        assertNull(t.sampled());
        assertEquals(IncomingTrace.Source.NONE, t.source());
    }

    static void assertTrace(
            IncomingTrace t, IncomingTrace.Source source, String traceId, String parent, Boolean sampled) {
        assertEquals(source, t.source(), "source of " + t);
        assertEquals(traceId, t.traceId(), "trace id of " + t);
        assertEquals(parent, t.parentSpanId(), "parent of " + t);
        assertEquals(sampled, t.sampled(), "sampled of " + t);
    }

    // ---------------------------------------------------------------- valid W3C

    @Test
    void w3cSampled() {
        assertTrace(extract("traceparent", TP), IncomingTrace.Source.TRACEPARENT, TRACE_ID, SPAN_ID, true);
    }

    @Test
    void w3cUnsampled() {
        IncomingTrace t = extract("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-00");
        assertTrace(t, IncomingTrace.Source.TRACEPARENT, TRACE_ID, SPAN_ID, false);
    }

    @Test
    void w3cOtherFlagBitsDoNotMatterOnlyTheSampledBit() {
        assertEquals(true, extract("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-03").sampled());
        assertEquals(false, extract("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-02").sampled());
    }

    @Test
    void w3cHeaderNameIsCaseInsensitive() {
        assertEquals(TRACE_ID, extract("TraceParent", TP).traceId());
        assertEquals(TRACE_ID, extract("TRACEPARENT", TP).traceId());
    }

    @Test
    void w3cFutureVersionMayCarryMoreFields() {
        // W3C: a parser of version 00 reads a higher version's first four fields and ignores the rest.
        IncomingTrace t = extract("traceparent", "cc-" + TRACE_ID + "-" + SPAN_ID + "-01-what-the-future-holds");
        assertTrace(t, IncomingTrace.Source.TRACEPARENT, TRACE_ID, SPAN_ID, true);
    }

    @Test
    void w3cTracestateIsKept() {
        IncomingTrace t = extract("traceparent", TP, "tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        assertEquals("t61rcWkgMzE", t.traceState().get("congo"));
        assertEquals("00f067aa0ba902b7", t.traceState().get("rojo"));
        assertEquals(2, t.traceState().size());
    }

    @Test
    void w3cMalformedTracestateIsDroppedButTheTraceIsContinued() {
        IncomingTrace t = extract("traceparent", TP, "tracestate", "not a tracestate!!");
        assertTrace(t, IncomingTrace.Source.TRACEPARENT, TRACE_ID, SPAN_ID, true);
        assertTrue(t.traceState().isEmpty());
    }

    @Test
    void noTracestateIsEmpty() {
        assertTrue(extract("traceparent", TP).traceState().isEmpty());
        assertTrue(extract("X-Amzn-Trace-Id", XRAY).traceState().isEmpty());
    }

    // ---------------------------------------------------------------- valid X-Ray

    @Test
    void xraySampled() {
        assertTrace(extract("X-Amzn-Trace-Id", XRAY), IncomingTrace.Source.XRAY, XRAY_TRACE_ID, XRAY_PARENT, true);
    }

    @Test
    void xrayUnsampled() {
        IncomingTrace t = extract("X-Amzn-Trace-Id", "Root=" + XRAY_ROOT + ";Parent=" + XRAY_PARENT + ";Sampled=0");
        assertTrace(t, IncomingTrace.Source.XRAY, XRAY_TRACE_ID, XRAY_PARENT, false);
    }

    @Test
    void xraySampledQuestionMarkLeavesTheDecisionToUs() {
        IncomingTrace t = extract("X-Amzn-Trace-Id", "Root=" + XRAY_ROOT + ";Parent=" + XRAY_PARENT + ";Sampled=?");
        assertTrace(t, IncomingTrace.Source.XRAY, XRAY_TRACE_ID, XRAY_PARENT, null);
    }

    @Test
    void xrayWithoutSampledLeavesTheDecisionToUs() {
        IncomingTrace t = extract("X-Amzn-Trace-Id", "Root=" + XRAY_ROOT + ";Parent=" + XRAY_PARENT);
        assertTrace(t, IncomingTrace.Source.XRAY, XRAY_TRACE_ID, XRAY_PARENT, null);
    }

    @Test
    void xrayRootWithoutParentContinuesTheTraceId() {
        // What an ALB sends.
        IncomingTrace t = extract("X-Amzn-Trace-Id", "Root=" + XRAY_ROOT);
        assertTrace(t, IncomingTrace.Source.XRAY, XRAY_TRACE_ID, null, null);
        t = extract("X-Amzn-Trace-Id", "Root=" + XRAY_ROOT + ";Sampled=1");
        assertTrace(t, IncomingTrace.Source.XRAY, XRAY_TRACE_ID, null, true);
    }

    @Test
    void xrayFieldsInAnyOrderAndOtherFieldsIgnored() {
        String[] headers = {
            "Sampled=1;Parent=" + XRAY_PARENT + ";Root=" + XRAY_ROOT,
            "Parent=" + XRAY_PARENT + ";Root=" + XRAY_ROOT + ";Sampled=1",
            "Self=1-67891234-12456789abcdef012345678;Root=" + XRAY_ROOT + ";Parent=" + XRAY_PARENT + ";Sampled=1",
            "Root=" + XRAY_ROOT + ";Parent=" + XRAY_PARENT + ";Sampled=1;Lineage=a87bd80c:1|68fd508a:5",
            "Root=" + XRAY_ROOT + ";CalledFrom=Foo;Parent=" + XRAY_PARENT + ";Sampled=1;Lineage=a87bd80c:0",
            "Root=" + XRAY_ROOT + ";Parent=" + XRAY_PARENT + ";Sampled=1;",
            " Root=" + XRAY_ROOT + " ; Parent=" + XRAY_PARENT + " ; Sampled=1 ",
            "Root=" + XRAY_ROOT + ";;Parent=" + XRAY_PARENT + ";Sampled=1",
        };
        for (String h : headers) {
            assertTrace(extract("X-Amzn-Trace-Id", h), IncomingTrace.Source.XRAY, XRAY_TRACE_ID, XRAY_PARENT, true);
        }
    }

    @Test
    void xrayUpperCaseHexIsNormalisedToLowerCase() {
        IncomingTrace t =
                extract("X-Amzn-Trace-Id", "Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=53995C3F42CD8AD8;Sampled=1");
        assertTrace(t, IncomingTrace.Source.XRAY, XRAY_TRACE_ID, XRAY_PARENT, true);
    }

    @Test
    void xrayHeaderNameIsCaseInsensitive() {
        assertEquals(XRAY_TRACE_ID, extract("x-amzn-trace-id", XRAY).traceId());
        assertEquals(XRAY_TRACE_ID, extract("X-AMZN-TRACE-ID", XRAY).traceId());
    }

    @Test
    void xrayHeaderOfExactly256CharsIsReadButNotOneMore() {
        String at256 = padTo(XRAY + ";Foo=", 256);
        assertEquals(256, at256.length());
        assertEquals(XRAY_TRACE_ID, extract("X-Amzn-Trace-Id", at256).traceId());
        String at257 = padTo(XRAY + ";Foo=", 257);
        assertNone(extract("X-Amzn-Trace-Id", at257), "257-char X-Amzn-Trace-Id");
    }

    static String padTo(String s, int length) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < length) {
            b.append('x');
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- precedence

    @Test
    void traceparentWinsWhenBothAreValid() {
        IncomingTrace t = extract("traceparent", TP, "X-Amzn-Trace-Id", XRAY);
        assertTrace(t, IncomingTrace.Source.TRACEPARENT, TRACE_ID, SPAN_ID, true);
    }

    @Test
    void noHeadersGiveAFreshTrace() {
        assertNone(extract(), "no headers");
        assertNone(IncomingTrace.extract(name -> null), "a lookup that finds nothing");
    }

    @Test
    void aNullOrThrowingLookupNeverThrows() {
        assertNone(IncomingTrace.extract(null), "null lookup");
        assertNone(IncomingTrace.extract(name -> {
            throw new IllegalStateException("request already recycled");
        }), "throwing lookup");
    }

    @Test
    void lookupThrowingOnlyForXrayStillGivesTheW3cTrace() {
        HeaderLookup lookup = name -> {
            if (name.equalsIgnoreCase("traceparent")) {
                return TP;
            }
            if (name.equalsIgnoreCase("X-Amzn-Trace-Id")) {
                throw new IllegalStateException();
            }
            return null;
        };
        assertEquals(TRACE_ID, IncomingTrace.extract(lookup).traceId());
    }

    // ---------------------------------------------------------------- malformed traceparent table

    static Stream<Arguments> malformedTraceparents() {
        Set<String> cases = new LinkedHashSet<>();
        String trace = TRACE_ID;
        String span = SPAN_ID;
        cases.add("");
        cases.add(" ");
        cases.add("\t");
        cases.add("-");
        cases.add("---");
        cases.add("00");
        cases.add("00-");
        cases.add("00--" + span + "-01");
        cases.add("00-" + trace + "--01");
        cases.add("00-" + trace + "-" + span + "-");
        cases.add("00-" + trace + "-" + span);
        cases.add("00-" + trace);
        cases.add("hello world");
        cases.add("null");
        cases.add("undefined");
        // wrong version
        cases.add("ff-" + trace + "-" + span + "-01");
        cases.add("FF-" + trace + "-" + span + "-01");
        cases.add("0-" + trace + "-" + span + "-01");
        cases.add("000-" + trace + "-" + span + "-01");
        cases.add("0g-" + trace + "-" + span + "-01");
        cases.add("zz-" + trace + "-" + span + "-01");
        cases.add("-0-" + trace + "-" + span + "-01");
        // upper case, which W3C forbids anywhere
        cases.add("0A-" + trace + "-" + span + "-01");
        cases.add("00-" + trace.toUpperCase() + "-" + span + "-01");
        cases.add("00-" + trace + "-" + span.toUpperCase() + "-01");
        cases.add("00-" + trace + "-" + span + "-0A");
        cases.add(TP.toUpperCase());
        cases.add("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01");
        // all-zero ids
        cases.add("00-00000000000000000000000000000000-" + span + "-01");
        cases.add("00-" + trace + "-0000000000000000-01");
        cases.add("00-00000000000000000000000000000000-0000000000000000-01");
        cases.add("00-00000000000000000000000000000000-0000000000000000-00");
        // missing or replaced dashes
        cases.add(TP.replace("-", ""));
        cases.add(TP.replace("-", "_"));
        cases.add(TP.replace("-", " "));
        cases.add(TP.replace("-", "."));
        cases.add(TP.replace("-", ":"));
        cases.add("00" + trace + "-" + span + "-01");
        cases.add("00-" + trace + span + "-01");
        cases.add("00-" + trace + "-" + span + "01");
        cases.add("00-" + trace + "--" + span + "-01");
        // extra fields or characters for version 00
        cases.add(TP + "-");
        cases.add(TP + "-00");
        cases.add(TP + "-extra");
        cases.add(TP + "-" + span);
        cases.add(TP + ",00-" + trace + "-" + span + "-01");
        cases.add(TP + ";x");
        cases.add(TP + "0");
        cases.add(TP + "\u0000");
        // whitespace
        cases.add(" " + TP);
        cases.add(TP + " ");
        cases.add("\t" + TP);
        cases.add(TP + "\t");
        cases.add(TP + "\r\n");
        cases.add("\n" + TP);
        cases.add(" " + TP + " ");
        cases.add("00- " + trace + "-" + span + "-01");
        cases.add("00-" + trace + " -" + span + "-01");
        cases.add("00-" + trace + "-" + span + "- 1");
        cases.add("00-" + trace.substring(0, 16) + " " + trace.substring(17) + "-" + span + "-01");
        // non-hex in ids and flags
        cases.add("00-" + trace.substring(0, 31) + "g-" + span + "-01");
        cases.add("00-" + trace + "-" + span.substring(0, 15) + "z-01");
        cases.add("00-" + trace + "-" + span + "-0g");
        cases.add("00-" + trace + "-" + span + "-xx");
        cases.add("00-" + trace + "-" + span + "-+1");
        cases.add("00-" + trace + "-" + span + "--1");
        cases.add("00-" + trace.replace('a', '\u0430') + "-" + span + "-01"); // Cyrillic a
        cases.add("00-" + trace.replace('0', '\uff10') + "-" + span + "-01"); // full-width zero
        cases.add("00-" + trace.replace('4', '\u0664') + "-" + span + "-01"); // Arabic-Indic four
        // unicode, control characters and junk
        cases.add("\u00e9\u00e8\u00ea");
        cases.add("00-\ud83d\ude00" + trace.substring(2) + "-" + span + "-01");
        cases.add("00-" + trace + "-" + span + "-0\ud83d");
        cases.add("\ud800");
        cases.add("\u0000\u0000\u0000");
        cases.add("\ufeff" + TP);
        cases.add(TP.replace('-', '\u2010')); // Unicode hyphen
        cases.add(TP.replace('-', '\u2212')); // minus sign
        cases.add(new String(TP.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1));
        cases.add("00-" + trace + "-" + span + "-01".replace('1', '\u00b9'));
        // 1000-character strings
        cases.add("a".repeat(1000));
        cases.add("0".repeat(1000));
        cases.add("-".repeat(1000));
        cases.add(("00-" + trace + "-" + span + "-01-").repeat(19).substring(0, 1000));
        cases.add("00-" + "a".repeat(994) + "-01");
        cases.add("00-" + trace + "-" + span + "-01" + " ".repeat(945));
        // every truncation of a valid header
        for (int len = 0; len < TP.length(); len++) {
            cases.add(TP.substring(0, len));
        }
        // a wrong length of each field
        cases.add("00-" + trace.substring(1) + "-" + span + "-01");
        cases.add("00-" + trace + "a-" + span + "-01");
        cases.add("00-" + trace + "-" + span.substring(1) + "-01");
        cases.add("00-" + trace + "-" + span + "a-01");
        cases.add("00-" + trace + "-" + span + "-1");
        cases.add("00-" + trace + "-" + span + "-001");
        cases.add("00-" + trace.substring(1) + "-" + span + "a-01"); // right total length, wrong split
        cases.add("00-" + trace + "a-" + span.substring(1) + "-01");
        // every dash position replaced by each of a few characters
        for (int pos : new int[] {2, 35, 52}) {
            for (char c : "_ .0a+:\u2010".toCharArray()) {
                cases.add(TP.substring(0, pos) + c + TP.substring(pos + 1));
            }
        }
        // every hex position replaced by a non-hex or upper-case character
        for (int pos = 0; pos < TP.length(); pos++) {
            if (TP.charAt(pos) == '-') {
                continue;
            }
            cases.add(TP.substring(0, pos) + 'g' + TP.substring(pos + 1));
            cases.add(TP.substring(0, pos) + 'A' + TP.substring(pos + 1));
        }
        List<Arguments> out = new ArrayList<>();
        for (String c : cases) {
            out.add(Arguments.of(escape(c), c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{index}] traceparent {0}")
    @MethodSource("malformedTraceparents")
    void malformedTraceparentGivesAFreshTrace(String shown, String value) {
        assertNone(extract("traceparent", value), "traceparent " + shown);
        assertNone(extract("traceparent", value, "tracestate", "congo=t61rcWkgMzE"), "traceparent " + shown);
    }

    @ParameterizedTest(name = "[{index}] traceparent {0}")
    @MethodSource("malformedTraceparents")
    void malformedTraceparentFallsBackToXray(String shown, String value) {
        IncomingTrace t = extract("traceparent", value, "X-Amzn-Trace-Id", XRAY);
        assertTrace(t, IncomingTrace.Source.XRAY, XRAY_TRACE_ID, XRAY_PARENT, true);
    }

    @Test
    void theMalformedTablesAreLarge() {
        assertTrue(malformedTraceparents().count() >= 200, "traceparent cases: " + malformedTraceparents().count());
        assertTrue(malformedXrayHeaders().count() >= 200, "X-Ray cases: " + malformedXrayHeaders().count());
    }

    // ---------------------------------------------------------------- malformed X-Amzn-Trace-Id table

    static Stream<Arguments> malformedXrayHeaders() {
        Set<String> cases = new LinkedHashSet<>();
        String root = XRAY_ROOT;
        String parent = XRAY_PARENT;
        String p = ";Parent=" + parent + ";Sampled=1";
        // empty and separators only
        cases.add("");
        cases.add(" ");
        cases.add(";");
        cases.add(";;;;");
        cases.add(" ; ; ");
        cases.add("=");
        cases.add("==");
        cases.add(";=;");
        // no Root
        cases.add("Parent=" + parent + ";Sampled=1");
        cases.add("Parent=" + parent);
        cases.add("Sampled=1");
        cases.add("Self=" + root);
        cases.add("Self=" + root + ";Parent=" + parent);
        cases.add("Lineage=a87bd80c:1|68fd508a:5");
        cases.add("Roots=" + root + p);
        cases.add("XRoot=" + root + p);
        cases.add("Ro ot=" + root + p);
        cases.add(root + p);
        cases.add(root);
        cases.add(TP);
        // Root: wrong version
        for (String version : new String[] {"0", "2", "9", "a", "11", "01", "", "-1", "x", "\u0661"}) {
            cases.add("Root=" + version + root.substring(1) + p);
        }
        // Root: wrong length
        cases.add("Root=" + p);
        cases.add("Root=1" + p);
        cases.add("Root=1-" + p);
        cases.add("Root=1-5759e988" + p);
        cases.add("Root=1-5759e988-" + p);
        cases.add("Root=1-5759e98-bd862e3fe1be46a994272793" + p);
        cases.add("Root=1-5759e9888-bd862e3fe1be46a994272793" + p);
        cases.add("Root=1-5759e988-bd862e3fe1be46a99427279" + p);
        cases.add("Root=1-5759e988-bd862e3fe1be46a9942727933" + p);
        cases.add("Root=1-5759e98-bd862e3fe1be46a9942727933" + p); // right total length, wrong split
        cases.add("Root=1-5759e9888-bd862e3fe1be46a99427279" + p);
        cases.add("Root=1-5759e988bd862e3fe1be46a994272793" + p);
        cases.add("Root=5759e988bd862e3fe1be46a994272793" + p); // the OpenTelemetry form is not X-Ray's
        cases.add("Root=1-5759e988-bd862e3fe1be46a994272793-" + p);
        cases.add("Root=1-5759e988-bd862e3fe1be46a994272793-1" + p);
        // Root: delimiters
        for (char c : "_ .:+=\u2010\u2212".toCharArray()) {
            cases.add("Root=1" + c + "5759e988-bd862e3fe1be46a994272793" + p);
            cases.add("Root=1-5759e988" + c + "bd862e3fe1be46a994272793" + p);
        }
        cases.add("Root=1--5759e988-bd862e3fe1be46a994272793" + p);
        cases.add("Root=1-5759e988--bd862e3fe1be46a99427279" + p);
        cases.add("Root:1-5759e988-bd862e3fe1be46a994272793" + p);
        cases.add("Root 1-5759e988-bd862e3fe1be46a994272793" + p);
        cases.add("Root==1-5759e988-bd862e3fe1be46a994272793" + p);
        cases.add("Root=1-5759e988-bd862e3f e1be46a994272793" + p);
        cases.add("Root=\"1-5759e988-bd862e3fe1be46a994272793\"" + p);
        // Root: non-hex at every hex position
        for (int pos = 0; pos < root.length(); pos++) {
            if (pos < 2 || pos == 10) {
                continue;
            }
            for (char c : new char[] {'g', 'z', '\u00e9', '\uff10'}) {
                cases.add("Root=" + root.substring(0, pos) + c + root.substring(pos + 1) + p);
            }
        }
        // Root: all-zero
        cases.add("Root=1-00000000-000000000000000000000000" + p);
        cases.add("Root=1-00000000-000000000000000000000000");
        cases.add("Root=1-00000000-000000000000000000000000;Sampled=1");
        // Parent: wrong length, non-hex, zero, empty
        String r = "Root=" + root + ";Parent=";
        cases.add(r + ";Sampled=1");
        cases.add(r);
        cases.add(r + parent.substring(1) + ";Sampled=1");
        cases.add(r + parent + "0;Sampled=1");
        cases.add(r + parent + parent + ";Sampled=1");
        cases.add(r + "0000000000000000;Sampled=1");
        cases.add(r + "0000000000000000;Sampled=0");
        cases.add(r + "0000000000000000");
        cases.add(r + "53995c3f-42cd8ad8;Sampled=1");
        cases.add(r + "53995c3f 42cd8ad8;Sampled=1");
        cases.add(r + "0x53995c3f42cd8a;Sampled=1");
        cases.add(r + root + ";Sampled=1");
        cases.add(r + XRAY_TRACE_ID + ";Sampled=1");
        for (int pos = 0; pos < parent.length(); pos++) {
            for (char c : new char[] {'g', '-', '\u00e9'}) {
                cases.add(r + parent.substring(0, pos) + c + parent.substring(pos + 1) + ";Sampled=1");
            }
        }
        // Sampled: anything but 1, 0 or ?
        String s = "Root=" + root + ";Parent=" + parent + ";Sampled=";
        for (String v : new String[] {"", "2", "-1", "yes", "no", "true", "false", "TRUE", "01", "00", "10", "??",
            "1?", "? ?", "1 0", "Y", "\u0661", "\uff11", "1.0", "+1", "one", "null", "0x1", "d", "Sampled=1"}) {
            cases.add(s + v);
            cases.add("Root=" + root + ";Sampled=" + v);
        }
        // garbage fields without '='
        cases.add(XRAY + ";garbage");
        cases.add("garbage;" + XRAY);
        cases.add("Root=" + root + ";garbage;Parent=" + parent + ";Sampled=1");
        cases.add(XRAY + ";Lineage");
        cases.add(XRAY + ";Self");
        cases.add(XRAY + ";=");
        cases.add(XRAY + ";=x");
        cases.add("=" + XRAY);
        cases.add(XRAY.replace(";", ","));
        cases.add(XRAY.replace(";", " "));
        cases.add(XRAY.replace(";", "&"));
        cases.add(XRAY.replace("=", ":"));
        cases.add(XRAY.replace("=", ""));
        cases.add(XRAY + ",Root=" + root);
        // too long
        cases.add(padTo(XRAY + ";Foo=", 257));
        cases.add(padTo(XRAY + ";Foo=", 1000));
        cases.add(padTo(XRAY + ";Lineage=", 300));
        cases.add((";").repeat(257));
        cases.add(" ".repeat(300) + XRAY);
        cases.add(XRAY + " ".repeat(300));
        cases.add("Root=" + root + ";" + "Foo=1;".repeat(50));
        // unicode and control characters
        cases.add("\u00e9\u00e8\u00ea");
        cases.add("\ud800");
        cases.add("Root=" + root + "\ud83d\ude00" + p);
        cases.add("Root=1-5759e988-bd862e3fe1be46a99427279\u0663" + p);
        cases.add("Root=" + root + ";Parent=53995c3f\u000042cd8ad8;Sampled=1");
        cases.add("Root=" + root + "\u0000x" + p);
        cases.add(XRAY.replace('=', '\uff1d')); // full-width equals
        cases.add(XRAY.replace(';', '\uff1b')); // full-width semicolon
        cases.add("a".repeat(1000));
        List<Arguments> out = new ArrayList<>();
        for (String c : cases) {
            out.add(Arguments.of(escape(c), c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{index}] X-Amzn-Trace-Id {0}")
    @MethodSource("malformedXrayHeaders")
    void malformedXrayHeaderGivesAFreshTrace(String shown, String value) {
        assertNone(extract("X-Amzn-Trace-Id", value), "X-Amzn-Trace-Id " + shown);
        assertNone(extract("X-Amzn-Trace-Id", value, "traceparent", "garbage"), "X-Amzn-Trace-Id " + shown);
    }

    @ParameterizedTest(name = "[{index}] X-Amzn-Trace-Id {0}")
    @MethodSource("malformedXrayHeaders")
    void malformedXrayHeaderDoesNotDisturbAValidTraceparent(String shown, String value) {
        assertTrace(extract("X-Amzn-Trace-Id", value, "traceparent", TP),
                IncomingTrace.Source.TRACEPARENT, TRACE_ID, SPAN_ID, true);
    }

    // ---------------------------------------------------------------- fuzzing against a reference reading

    /** What a header pair should give, according to the specifications; null for a fresh trace. */
    record Expected(IncomingTrace.Source source, String traceId, String parent, Boolean sampled) {}

    private static final Pattern W3C =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?", Pattern.DOTALL);
    private static final Pattern XRAY_ROOT_FORM = Pattern.compile("1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})");
    private static final Pattern XRAY_PARENT_FORM = Pattern.compile("[0-9a-fA-F]{16}");

    /** W3C Trace Context level 1, section 3.2 and 4.3 (version handling), written from the specification. */
    static Expected referenceW3c(String v) {
        if (v == null) {
            return null;
        }
        Matcher m = W3C.matcher(v);
        if (!m.matches()) {
            return null;
        }
        String version = m.group(1);
        if (version.equals("ff") || (version.equals("00") && m.group(5) != null)) {
            return null;
        }
        if (m.group(2).matches("0+") || m.group(3).matches("0+")) {
            return null;
        }
        boolean sampled = (Integer.parseInt(m.group(4), 16) & 1) == 1;
        return new Expected(IncomingTrace.Source.TRACEPARENT, m.group(2), m.group(3), sampled);
    }

    /**
     * The X-Ray header as the X-Ray SDKs read it: ';'-separated key=value fields, surrounding whitespace (as
     * String.trim() sees it) ignored, unknown fields ignored, any bad Root/Parent/Sampled or field without a key
     * rejects the whole header, and at most 256 characters.
     */
    static Expected referenceXray(String h) {
        if (h == null || h.isEmpty() || h.length() > 256) {
            return null;
        }
        String traceId = null;
        String parent = null;
        Boolean sampled = null;
        int start = 0;
        while (start <= h.length()) {
            int end = h.indexOf(';', start);
            if (end < 0) {
                end = h.length();
            }
            String field = h.substring(start, end);
            start = end + 1;
            if (field.trim().isEmpty()) {
                continue;
            }
            int eq = field.indexOf('=');
            String key = eq < 0 ? "" : field.substring(0, eq).trim();
            if (key.isEmpty()) {
                return null;
            }
            String value = field.substring(eq + 1).trim();
            switch (key.toLowerCase(java.util.Locale.ROOT)) {
                case "root": {
                    Matcher m = XRAY_ROOT_FORM.matcher(value);
                    if (!m.matches()) {
                        return null;
                    }
                    traceId = (m.group(1) + m.group(2)).toLowerCase(java.util.Locale.ROOT);
                    if (traceId.matches("0+")) {
                        return null;
                    }
                    break;
                }
                case "parent":
                    if (!XRAY_PARENT_FORM.matcher(value).matches() || value.matches("0+")) {
                        return null;
                    }
                    parent = value.toLowerCase(java.util.Locale.ROOT);
                    break;
                case "sampled":
                    if (value.equals("1")) {
                        sampled = true;
                    } else if (value.equals("0")) {
                        sampled = false;
                    } else if (value.equals("?")) {
                        sampled = null;
                    } else {
                        return null;
                    }
                    break;
                default:
                    break;
            }
        }
        return traceId == null ? null : new Expected(IncomingTrace.Source.XRAY, traceId, parent, sampled);
    }

    static Expected reference(String traceparent, String xray) {
        Expected w3c = referenceW3c(traceparent);
        return w3c != null ? w3c : referenceXray(xray);
    }

    /** Checks extract() against the reference; returns whether the pair was malformed. */
    static boolean check(String traceparent, String xray) {
        List<String> pairs = new ArrayList<>();
        if (traceparent != null) {
            pairs.add("traceparent");
            pairs.add(traceparent);
        }
        if (xray != null) {
            pairs.add("X-Amzn-Trace-Id");
            pairs.add(xray);
        }
        String[] namesAndValues = pairs.toArray(new String[0]);
        IncomingTrace actual = extract(namesAndValues);
        Expected expected = reference(traceparent, xray);
        String what = describe(namesAndValues);
        if (expected == null) {
            assertNone(actual, what);
            return true;
        }
        assertEquals(expected.source(), actual.source(), what);
        assertEquals(expected.traceId(), actual.traceId(), what);
        assertEquals(expected.parent(), actual.parentSpanId(), what);
        assertEquals(expected.sampled(), actual.sampled(), what);
        return false;
    }

    @Test
    void referenceAgreesWithTheValidExamples() {
        assertNotNull(referenceW3c(TP));
        assertNotNull(referenceXray(XRAY));
        assertNull(referenceW3c("ff" + TP.substring(2)));
        assertNull(referenceXray("Root=" + XRAY_ROOT + ";x"));
    }

    static String randomBytes(Random random, int maxLength, boolean utf8) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return new String(bytes, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    @Test
    void tenThousandRandomByteStringsAsTraceparent() {
        Random random = new Random(20240601L);
        for (int i = 0; i < 10_000; i++) {
            String v = randomBytes(random, i < 5_000 ? 80 : 1200, i % 2 == 0);
            assertTrue(check(v, null), "random traceparent taken as valid: " + escape(v));
        }
    }

    @Test
    void tenThousandRandomByteStringsAsXrayHeader() {
        Random random = new Random(20240602L);
        for (int i = 0; i < 10_000; i++) {
            String v = randomBytes(random, i < 5_000 ? 100 : 400, i % 2 == 0);
            assertTrue(check(null, v), "random X-Amzn-Trace-Id taken as valid: " + escape(v));
        }
    }

    @Test
    void tenThousandRandomByteStringsAsBothHeaders() {
        Random random = new Random(20240603L);
        for (int i = 0; i < 10_000; i++) {
            check(randomBytes(random, 120, i % 2 == 0), randomBytes(random, 120, i % 3 == 0));
        }
    }

    /** Characters a mutation may insert: some keep the header valid, most break it. */
    private static final char[] MUTATION_ALPHABET =
            ("0123456789abcdefABCDEFgGxzR-_;=?:,. \t\r\n" + "\u0000\u007f\u00e9\u00a0\u2010\uff10\ud83d\u0430\u0661")
                    .toCharArray();

    static String mutate(String valid, Random random) {
        char c = MUTATION_ALPHABET[random.nextInt(MUTATION_ALPHABET.length)];
        int op = random.nextInt(4);
        if (op == 0 || valid.isEmpty()) { // insert
            int pos = random.nextInt(valid.length() + 1);
            return valid.substring(0, pos) + c + valid.substring(pos);
        }
        int pos = random.nextInt(valid.length());
        if (op == 1) { // delete
            return valid.substring(0, pos) + valid.substring(pos + 1);
        }
        if (op == 2) { // flip a bit of the character
            char flipped = (char) (valid.charAt(pos) ^ (1 << random.nextInt(8)));
            return valid.substring(0, pos) + flipped + valid.substring(pos + 1);
        }
        return valid.substring(0, pos) + c + valid.substring(pos + 1); // replace
    }

    @Test
    void everySingleCharacterReplacementOfAValidTraceparent() {
        int malformed = 0;
        int total = 0;
        for (int pos = 0; pos < TP.length(); pos++) {
            for (char c : MUTATION_ALPHABET) {
                if (c == TP.charAt(pos)) {
                    continue;
                }
                String v = TP.substring(0, pos) + c + TP.substring(pos + 1);
                total++;
                if (check(v, null)) {
                    malformed++;
                }
            }
        }
        assertTrue(malformed > total / 2, malformed + " of " + total + " replacements were malformed");
    }

    @Test
    void everySingleCharacterReplacementOfAValidXrayHeader() {
        int malformed = 0;
        int total = 0;
        for (int pos = 0; pos < XRAY.length(); pos++) {
            for (char c : MUTATION_ALPHABET) {
                if (c == XRAY.charAt(pos)) {
                    continue;
                }
                String v = XRAY.substring(0, pos) + c + XRAY.substring(pos + 1);
                total++;
                if (check(null, v)) {
                    malformed++;
                }
            }
        }
        assertTrue(malformed > total / 2, malformed + " of " + total + " replacements were malformed");
    }

    @Test
    void tenThousandRandomMutationsOfValidHeaders() {
        Random random = new Random(42L);
        String[] validTraceparents = {TP, "00-" + TRACE_ID + "-" + SPAN_ID + "-00", "01-" + TRACE_ID + "-" + SPAN_ID
                + "-01-x"};
        String[] validXray = {XRAY, "Root=" + XRAY_ROOT, "Root=" + XRAY_ROOT + ";Sampled=?",
            "Self=1-67891234-12456789abcdef012345678;Root=" + XRAY_ROOT + ";Parent=" + XRAY_PARENT + ";Sampled=0"};
        int malformedTp = 0;
        int malformedXray = 0;
        for (int i = 0; i < 10_000; i++) {
            String tp = validTraceparents[random.nextInt(validTraceparents.length)];
            String xr = validXray[random.nextInt(validXray.length)];
            int mutations = 1 + (i % 3 == 0 ? random.nextInt(4) : 0);
            for (int m = 0; m < mutations; m++) {
                tp = mutate(tp, random);
                xr = mutate(xr, random);
            }
            if (check(tp, null)) {
                malformedTp++;
            }
            if (check(null, xr)) {
                malformedXray++;
            }
            check(tp, xr);
        }
        // The mutations must actually exercise the rejecting paths, not only the accepting ones.
        assertTrue(malformedTp > 3_000, "malformed traceparents: " + malformedTp);
        assertTrue(malformedXray > 3_000, "malformed X-Ray headers: " + malformedXray);
    }

    @Test
    void randomHeaderShapedStringsFromFieldFragments() {
        // Random concatenations of the header's own building blocks reach the parser's deeper branches.
        String[] fragments = {"Root=" + XRAY_ROOT, "Root=1-5759E988-BD862E3FE1BE46A994272793",
            "Root=1-00000000-000000000000000000000000", "Root=1-5759e988bd862e3fe1be46a994272793", "Root=",
            "Parent=" + XRAY_PARENT, "Parent=0000000000000000", "Parent=53995C3F42CD8AD8", "Parent=",
            "Sampled=1", "Sampled=0", "Sampled=?", "Sampled=2", "Sampled=", "Self=1-67891234-12456789abcdef",
            "Lineage=a87bd80c:1", ";", ";", ";", " ", "=", "garbage", "1-", "-", "00-", TRACE_ID, SPAN_ID, "-01",
            "ff-", "-00", TP};
        Random random = new Random(7L);
        int valid = 0;
        for (int i = 0; i < 10_000; i++) {
            StringBuilder x = new StringBuilder();
            StringBuilder t = new StringBuilder();
            int n = 1 + random.nextInt(10);
            for (int k = 0; k < n; k++) {
                x.append(fragments[random.nextInt(fragments.length)]);
                t.append(fragments[random.nextInt(fragments.length)]);
            }
            if (!check(null, x.toString())) {
                valid++;
            }
            check(t.toString(), null);
            check(t.toString(), x.toString());
        }
        if (valid == 0) {
            fail("no random fragment string was a valid X-Ray header; the generator does not reach the accepting path");
        }
    }
}
