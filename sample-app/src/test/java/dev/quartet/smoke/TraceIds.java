package dev.quartet.smoke;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Fresh, valid ids for incoming trace context headers. */
public final class TraceIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TraceIds() {}

  /** 8 hex digits of the current epoch seconds (X-Ray style). */
  public static String epochHex() {
    return String.format("%08x", System.currentTimeMillis() / 1000);
  }

  /** An X-Ray compatible trace id: epoch seconds + 24 random hex digits. */
  public static String traceId() {
    return epochHex() + randomHex(12);
  }

  public static String spanId() {
    return randomHex(8);
  }

  /** Random non-zero hex of {@code bytes} bytes. */
  public static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    do {
      RANDOM.nextBytes(b);
    } while (isZero(b));
    return HexFormat.of().formatHex(b);
  }

  public static String traceparent(String traceId, String spanId) {
    return "00-" + traceId + "-" + spanId + "-01";
  }

  /** {@code Root=1-{8}-{24};Parent={16};Sampled=…} for a 32-hex trace id. */
  public static String xrayHeader(String traceId, String parent, String sampled) {
    return "Root=1-" + traceId.substring(0, 8) + "-" + traceId.substring(8) + ";Parent=" + parent + ";Sampled="
        + sampled;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
