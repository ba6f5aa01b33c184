package dev.quartet.rules;

import java.util.regex.Pattern;

/** Case-sensitive name patterns of the rules: {@code *} matches any run of characters (dots too), the rest literally. */
final class Glob {
  private Glob() {}

  static boolean isWildcard(String pattern) {
    return pattern.indexOf('*') >= 0;
  }

  static Pattern compile(String pattern) {
    StringBuilder regex = new StringBuilder();
    String[] parts = pattern.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      if (!parts[i].isEmpty()) {
        regex.append(Pattern.quote(parts[i]));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
