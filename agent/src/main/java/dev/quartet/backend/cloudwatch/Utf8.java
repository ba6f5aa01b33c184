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
    int i = 0;
    while (i < n) {
      int size = bytesAt(s, i);
      bytes += size;
      i += charsOf(size);
    }
    return bytes;
  }

  /** The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes; never splits a surrogate pair. */
  static String prefix(String s, int maxBytes) {
    int bytes = 0;
    int n = s.length();
    int i = 0;
    while (i < n) {
      int size = bytesAt(s, i);
      if (bytes + size > maxBytes) {
        return s.substring(0, i);
      }
      bytes += size;
      i += charsOf(size);
    }
    return s;
  }

  /**
   * UTF-8 bytes of the code point starting at {@code i}: 4 for a surrogate pair (two chars), 3 for a lone surrogate
   * (never left in, see {@link #wellFormed}; counted as its replacement U+FFFD).
   */
  static int bytesAt(CharSequence s, int i) {
    char c = s.charAt(i);
    if (c < 0x80) {
      return 1;
    }
    if (c < 0x800) {
      return 2;
    }
    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
      return 4;
    }
    return 3;
  }

  /** How many chars a code point of {@code size} UTF-8 bytes takes: two for a surrogate pair. */
  static int charsOf(int size) {
    return size == 4 ? 2 : 1;
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
