package dev.quartet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TraceIdsTest {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern XRAY = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");

    @Test
    void traceIdsAre32LowerCaseHexAndNeverAllZero() {
        for (int i = 0; i < 10_000; i++) {
            String id = TraceIds.newTraceId();
            assertTrue(TRACE_ID.matcher(id).matches(), id);
            assertNotEquals("0".repeat(32), id);
        }
    }

    @Test
    void spanIdsAre16LowerCaseHexAndNeverAllZero() {
        for (int i = 0; i < 10_000; i++) {
            String id = TraceIds.newSpanId();
            assertTrue(SPAN_ID.matcher(id).matches(), id);
            assertNotEquals("0".repeat(16), id);
        }
    }

    @Test
    void firstEightHexDigitsAreTheCurrentEpochSecond() {
        for (int i = 0; i < 1_000; i++) {
            long before = System.currentTimeMillis() / 1000;
            String id = TraceIds.newTraceId();
            long after = System.currentTimeMillis() / 1000;
            long seconds = Long.parseLong(id.substring(0, 8), 16);
            assertTrue(seconds >= before - 2 && seconds <= after + 2,
                    id + " has epoch second " + seconds + ", now is " + before + ".." + after);
        }
    }

    @Test
    void epochSecondIsWrittenAsEightHexDigits() {
        assertEquals("00000000", TraceIds.newTraceId(0).substring(0, 8));
        assertEquals("5759e988", TraceIds.newTraceId(0x5759e988L).substring(0, 8));
        assertEquals("ffffffff", TraceIds.newTraceId(0xffffffffL).substring(0, 8));
        // In 2106 the seconds no longer fit in 32 bits; X-Ray keeps the low 32.
        assertEquals("00000005", TraceIds.newTraceId(0x1_0000_0005L).substring(0, 8));
    }

    @Test
    void aTraceIdMadeAtEpochZeroIsStillNotAllZero() {
        for (int i = 0; i < 10_000; i++) {
            String id = TraceIds.newTraceId(0);
            assertTrue(TRACE_ID.matcher(id).matches(), id);
            assertNotEquals("0".repeat(32), id);
        }
    }

    @Test
    void hundredThousandTraceIdsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = TraceIds.newTraceId();
            assertTrue(seen.add(id), "duplicate trace id " + id + " after " + i);
        }
    }

    @Test
    void hundredThousandSpanIdsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = TraceIds.newSpanId();
            assertTrue(seen.add(id), "duplicate span id " + id + " after " + i);
        }
    }

    @Test
    void idsFromManyThreadsAreUnique() throws InterruptedException {
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    seen.add(TraceIds.newTraceId());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(80_000, seen.size());
    }

    @Test
    void xrayFormOfATraceId() {
        assertEquals("1-5759e988-bd862e3fe1be46a994272793",
                TraceIds.toXrayTraceId("5759e988bd862e3fe1be46a994272793"));
        for (int i = 0; i < 1_000; i++) {
            String id = TraceIds.newTraceId();
            String xray = TraceIds.toXrayTraceId(id);
            assertTrue(XRAY.matcher(xray).matches(), xray);
            assertEquals(id, xray.substring(2, 10) + xray.substring(11));
            // and the X-Ray header reader takes it back to the same id
            assertEquals(id, IncomingTrace.parseXrayRoot(xray));
        }
    }
}
