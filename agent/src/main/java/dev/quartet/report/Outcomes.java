package dev.quartet.report;

/**
 * Faults, errors and throttles of a group of requests, in the one vocabulary every section of the report uses, which
 * is X-Ray's: a <em>fault</em> is a 5xx response or an exception the server failed on, an <em>error</em> a 4xx, a
 * <em>throttle</em> a 429 (an error too). The access lines' table counts status classes (2xx, 4xx, 5xx) by the same
 * rule.
 */
final class Outcomes {
    static final String LEGEND = "faults: 5xx or exception, errors: 4xx, throttles: 429";

    long faults;
    long errors;
    long throttles;

    void add(boolean fault, boolean error, boolean throttle) {
        if (fault) {
            faults++;
        }
        if (error) {
            errors++;
        }
        if (throttle) {
            throttles++;
        }
    }

    /** A server span: {@code failed} when the instrumentation marked it as an error (an exception, a 5xx). */
    void addResponse(int httpStatus, boolean failed) {
        add(failed || httpStatus >= 500, httpStatus >= 400 && httpStatus < 500, httpStatus == 429);
    }
}
