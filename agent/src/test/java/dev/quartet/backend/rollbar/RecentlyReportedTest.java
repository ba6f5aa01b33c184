package dev.quartet.backend.rollbar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentlyReportedTest {

    private final RecentlyReported recent = new RecentlyReported();

    @Test
    void theSameExceptionFromTheSameRequestIsOneFailure() {
        IllegalStateException e = new IllegalStateException("x");
        assertFalse(recent.seenElseRemember(e, "span1", 0), "logged");
        assertTrue(recent.seenElseRemember(e, "span1", 10), "then thrown out of the request");
    }

    @Test
    void aWrapperOfAReportedExceptionIsTheSameFailureAndSoIsItsCause() {
        IllegalStateException cause = new IllegalStateException("x");
        RuntimeException wrapper = new RuntimeException("wrapped", cause);
        assertFalse(recent.seenElseRemember(cause, "span1", 0));
        assertTrue(recent.seenElseRemember(wrapper, "span1", 0), "logged, then rethrown wrapped");

        IllegalStateException cause2 = new IllegalStateException("y");
        assertFalse(recent.seenElseRemember(new RuntimeException(cause2), null, 0));
        assertTrue(recent.seenElseRemember(cause2, null, 0), "reported wrapped, then its cause logged");
    }

    @Test
    void outsideAnyRequestMatchesAnyRequest() {
        IllegalStateException e = new IllegalStateException("x");
        assertFalse(recent.seenElseRemember(e, "span1", 0), "escaped the request");
        assertTrue(recent.seenElseRemember(e, null, 5), "then the container logged it after the request ended");
    }

    @Test
    void onePreallocatedExceptionThrownByTwoRequestsIsTwoFailures() {
        IllegalStateException shared = new IllegalStateException("preallocated");
        assertFalse(recent.seenElseRemember(shared, "span1", 0));
        assertFalse(recent.seenElseRemember(shared, "span2", 0));
    }

    @Test
    void equalButDistinctExceptionsAreDistinctFailures() {
        assertFalse(recent.seenElseRemember(new IllegalStateException("x"), null, 0));
        assertFalse(recent.seenElseRemember(new IllegalStateException("x"), null, 0));
    }

    @Test
    void theMemoryFades() {
        IllegalStateException e = new IllegalStateException("x");
        assertFalse(recent.seenElseRemember(e, null, 0));
        assertFalse(recent.seenElseRemember(e, null, RecentlyReported.WINDOW_MILLIS + 1));
    }

    @Test
    void aCycleOfCausesEnds() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertFalse(recent.seenElseRemember(a, null, 0));
        assertTrue(recent.seenElseRemember(b, null, 0));
    }
}
