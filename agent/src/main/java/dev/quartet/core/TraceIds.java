package dev.quartet.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Trace and span ids in the X-Ray compatible OpenTelemetry form: the first 8 hex digits of a trace id are the epoch
 * second it was made, the other 24 are random, so the one id is valid in OpenTelemetry, X-Ray, and in the logs and
 * error items that quote it.
 */
public final class TraceIds {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private TraceIds() {}

  public static String newTraceId() {
    return newTraceId(System.currentTimeMillis() / 1000);
  }

  static String newTraceId(long epochSeconds) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[32];
    appendHex(out, 0, epochSeconds & 0xffffffffL, 8);
    appendHex(out, 8, random.nextInt() & 0xffffffffL, 8);
    long low;
    do {
      low = random.nextLong();
    } while (low == 0);
    appendHex(out, 16, low, 16);
    return new String(out);
  }

  public static String newSpanId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    char[] out = new char[16];
    appendHex(out, 0, id, 16);
    return new String(out);
  }

  /** The W3C {@code traceparent} (and Level 2 {@code traceresponse}) value for a span. */
  public static String traceparent(String traceId, String spanId, boolean sampled) {
    return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
  }

  /** The X-Ray form of a 32-hex trace id: {@code 1-<8 hex>-<24 hex>}. */
  public static String toXrayTraceId(String traceId) {
    return "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
  }

  private static void appendHex(char[] out, int offset, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[offset + i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
  }
}
