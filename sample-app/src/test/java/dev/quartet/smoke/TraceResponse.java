package dev.quartet.smoke;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code traceresponse} response header: {@code 00-{32 hex trace id}-{16 hex span id}-{01|00}}. */
public record TraceResponse(String traceId, String spanId, boolean sampled) {

  public static final String HEADER = "traceresponse";

  private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-(01|00)");

  /** Parses a header value; empty when it is absent or not in the documented format. */
  public static Optional<TraceResponse> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new TraceResponse(m.group(1), m.group(2), m.group(3).equals("01")));
  }

  /** Whether {@code span} is the one this header names. */
  public boolean names(SpanRecord span) {
    return span.traceId().equals(traceId) && span.spanId().equals(spanId);
  }
}
