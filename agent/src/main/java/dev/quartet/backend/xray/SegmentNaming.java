package dev.quartet.backend.xray;

import com.amazonaws.xray.entities.SearchPattern;

/**
 * Segment names as the X-Ray servlet filter gives them: a fixed name, or with dynamic naming the request's Host header
 * when it matches the pattern ({@code *} and {@code ?}, case-insensitive), else the fixed name. Names are made valid
 * for X-Ray: at most 200 characters of letters, digits, white space and {@code _ . : / % & # = + \ - @}.
 */
final class SegmentNaming {
  static final int MAX_LENGTH = 200;
  static final String LAST_RESORT_NAME = "java-app";

  private final String fixedName;
  private final String hostPattern;

  SegmentNaming(String fixedName, String hostPattern) {
    String valid = fixedName == null ? null : valid(fixedName);
    this.fixedName = valid == null ? LAST_RESORT_NAME : valid;
    this.hostPattern = hostPattern == null || hostPattern.trim().isEmpty() ? null : hostPattern.trim();
  }

  /** AWS_XRAY_TRACING_NAME, else OTEL_SERVICE_NAME, else the app's jar name or main class. */
  static String fixedName(String tracingName, String otelServiceName, String detected) {
    for (String candidate : new String[] {tracingName, otelServiceName, detected}) {
      if (candidate != null && valid(candidate) != null) {
        return valid(candidate);
      }
    }
    return LAST_RESORT_NAME;
  }

  String fixedName() {
    return fixedName;
  }

  /** The dynamic-naming pattern, or null with fixed naming. */
  String hostPattern() {
    return hostPattern;
  }

  @SuppressWarnings("deprecation") // SearchPattern is the SDK's own matcher, the one its naming strategy uses
  String nameFor(String hostHeader) {
    if (hostPattern == null || hostHeader == null || !SearchPattern.wildcardMatch(hostPattern, hostHeader)) {
      return fixedName;
    }
    String name = valid(hostHeader);
    return name == null ? fixedName : name;
  }

  /** {@code name} with every character X-Ray refuses replaced by '_', cut to 200 characters; null when blank. */
  static String valid(String name) {
    String trimmed = name.trim();
    if (trimmed.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(trimmed.length(), MAX_LENGTH));
    for (int i = 0; i < trimmed.length() && out.length() < MAX_LENGTH; ) {
      int c = trimmed.codePointAt(i);
      boolean allowed =
          Character.isLetterOrDigit(c) || Character.isWhitespace(c) || "_.:/%&#=+\\-@".indexOf(c) >= 0;
      if (!allowed) {
        out.append('_');
      } else if (Character.charCount(c) == 1 || out.length() + 2 <= MAX_LENGTH) {
        out.appendCodePoint(c);
      } else {
        break;
      }
      i += Character.charCount(c);
    }
    return out.toString();
  }
}
