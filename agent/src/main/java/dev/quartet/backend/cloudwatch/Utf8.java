package dev.quartet.backend.cloudwatch;

/**
 * UTF-8 sizes without encoding, as CloudWatch Logs counts them. Strings handed to CloudWatch never contain a lone
 * surrogate ({@link #wellFormed}), so every char counts exactly as its UTF-8 encoding.
 */
final class Utf8 {
  private Utf8() {}

  /** Bytes of {@code s} in UTF-8. */
  static int length(CharSequence s) {
    int bytes = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3; // a lone surrogate is never left in (wellFormed); counted as its replacement U+FFFD
      }
    }
    return bytes;
  }

  /** The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes; never splits a surrogate pair. */
  static String prefix(String s, int maxBytes) {
    int bytes = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      int size;
      int chars = 1;
      if (c < 0x80) {
        size = 1;
      } else if (c < 0x800) {
        size = 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        size = 4;
        chars = 2;
      } else {
        size = 3;
      }
      if (bytes + size > maxBytes) {
        return s.substring(0, i);
      }
      bytes += size;
      i += chars - 1;
    }
    return s;
  }

  /**
   * {@code s} with every lone surrogate replaced by U+FFFD: JSON encoders (ours and the AWS SDK's) cannot write
   * one, and CloudWatch stores UTF-8.
   */
  static String wellFormed(String s) {
    int n = s.length();
    StringBuilder out = null;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!Character.isSurrogate(c)) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
      if (pair) {
        if (out != null) {
          out.append(c).append(s.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n).append(s, 0, i);
      }
      out.append('\uFFFD');
    }
    return out == null ? s : out.toString();
  }
}
