package dev.quartet.backend.rollbar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rollbar.api.payload.data.Level;
import java.util.List;
import org.junit.jupiter.api.Test;

class StormCapTest {

    private static final long SECOND = 1_000_000_000L;

    private static Occurrence occurrence(String message) {
        Occurrence o = new Occurrence();
        o.level = Level.ERROR;
        o.message = message;
        return o;
    }

    /** Admits {@code n} occurrences of one key at {@code now}; returns {sent, kept, dropped}. */
    private static int[] storm(StormCap cap, String key, int n, long now) {
        int[] counts = new int[3];
        for (int i = 0; i < n; i++) {
            StormCap.Decision d = cap.admit(key, now);
            counts[d.ordinal()]++;
            if (d == StormCap.Decision.KEEP) {
                cap.keep(key, occurrence("kept " + i));
            }
        }
        return counts;
    }

    @Test
    void tenThousandInAMinuteMakeTheCapPlusOneSummaryAndTheCountsAddUp() {
        StormCap cap = new StormCap(10);
        long t0 = 5 * SECOND;
        int[] counts = storm(cap, "k", 10_000, t0);
        assertEquals(10, counts[0], "sent one by one");
        assertEquals(1, counts[1], "the first suppressed one is kept for the summary");
        assertEquals(9_989, counts[2]);
        assertTrue(cap.drainEnded(t0 + 59 * SECOND).isEmpty(), "the minute is not over yet");
        List<Occurrence> summaries = cap.drainEnded(t0 + 60 * SECOND);
        assertEquals(1, summaries.size());
        assertEquals("kept 10", summaries.get(0).message);
        assertEquals(9_989, summaries.get(0).suppressed, "the others it stands for");
        assertEquals(10_000, counts[0] + 1 + summaries.get(0).suppressed);
        assertTrue(cap.drainEnded(t0 + 120 * SECOND).isEmpty(), "reported once");
    }

    @Test
    void aNewMinuteStartsAFreshAllowanceAndReportsThePreviousOne() {
        StormCap cap = new StormCap(2);
        storm(cap, "k", 5, 0);
        assertEquals(StormCap.Decision.SEND, cap.admit("k", 61 * SECOND));
        List<Occurrence> summaries = cap.drainEnded(61 * SECOND);
        assertEquals(1, summaries.size(), "the ended window's summary is not lost when the key comes back");
        assertEquals(2, summaries.get(0).suppressed);
    }

    @Test
    void distinctErrorsHaveTheirOwnAllowance() {
        StormCap cap = new StormCap(1);
        assertEquals(StormCap.Decision.SEND, cap.admit("a", 0));
        assertEquals(StormCap.Decision.SEND, cap.admit("b", 0));
        assertEquals(StormCap.Decision.KEEP, cap.admit("a", 0));
        assertEquals(StormCap.Decision.DROP, cap.admit("a", 0));
    }

    @Test
    void aWindowWithOneSuppressedOccurrenceSendsItWithoutACount() {
        StormCap cap = new StormCap(1);
        storm(cap, "k", 2, 0);
        List<Occurrence> summaries = cap.drainAll();
        assertEquals(1, summaries.size());
        assertEquals(0, summaries.get(0).suppressed);
    }

    @Test
    void drainAllAtShutdownReportsOpenWindows() {
        StormCap cap = new StormCap(3);
        storm(cap, "a", 100, 0);
        storm(cap, "b", 3, 0);
        List<Occurrence> summaries = cap.drainAll();
        assertEquals(1, summaries.size(), "b was never capped");
        assertEquals(96, summaries.get(0).suppressed);
        assertTrue(cap.drainAll().isEmpty());
    }

    @Test
    void beyondTheKeyLimitNewErrorsPassUncapped() {
        StormCap cap = new StormCap(1);
        for (int i = 0; i < StormCap.MAX_KEYS; i++) {
            cap.admit("k" + i, 0);
        }
        assertEquals(StormCap.Decision.SEND, cap.admit("new", 0));
        assertEquals(StormCap.Decision.SEND, cap.admit("new", 0), "untracked, so never suppressed");
        assertEquals(StormCap.Decision.SEND, cap.admit("newer", 61 * SECOND), "ended windows make room");
        assertEquals(StormCap.Decision.KEEP, cap.admit("newer", 61 * SECOND));
    }

    private static IllegalStateException thrownAt(int line) {
        IllegalStateException e = new IllegalStateException("boom " + line);
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement("c.C", "m", "C.java", line)});
        return e;
    }

    @Test
    void theKeyIsTheExceptionClassAndThrowingFrameNotItsMessage() {
        Occurrence a = occurrence("logged");
        a.error = thrownAt(10);
        Occurrence b = occurrence("logged");
        b.error = thrownAt(10);
        Occurrence c = occurrence("logged");
        c.error = thrownAt(11);
        assertEquals(StormCap.key(a), StormCap.key(b), "same class and frame, different message and object");
        assertNotEquals(StormCap.key(a), StormCap.key(c));
        Occurrence wrapped = occurrence("logged");
        wrapped.error = new RuntimeException(thrownAt(10));
        assertNotEquals(StormCap.key(a), StormCap.key(wrapped), "the cause chain is part of the error");
        Occurrence warning = occurrence("logged");
        warning.level = Level.WARNING;
        warning.error = thrownAt(10);
        assertNotEquals(StormCap.key(a), StormCap.key(warning));
    }

    @Test
    void messagesWithoutExceptionsAreKeyedByText() {
        assertEquals(StormCap.key(occurrence("Hello World!")), StormCap.key(occurrence("Hello World!")));
        assertNotEquals(StormCap.key(occurrence("Hello World!")), StormCap.key(occurrence("Hello")));
    }

    @Test
    void aSummaryIsACopyOfTheKeptOccurrence() {
        Occurrence o = occurrence("x");
        Occurrence s = o.withSuppressed(7);
        assertEquals(0, o.suppressed);
        assertEquals(7, s.suppressed);
        assertSame(o.message, s.message);
    }
}
