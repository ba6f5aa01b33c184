package dev.quartet.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A list of names such as {@code *token*,X-Amz-Signature}: {@code *} matches any run of characters, everything else
 * literally and case-insensitively, and a name without {@code *} matches whole. The one matcher of credential-like
 * header and query-parameter names (query redaction, Rollbar's scrubber).
 */
public final class NamePatterns {
  private final List<Pattern> patterns;

  public NamePatterns(Collection<String> names) {
    List<Pattern> p = new ArrayList<>();
    for (String name : names) {
      if (name != null && !name.trim().isEmpty()) {
        p.add(glob(name.trim()));
      }
    }
    this.patterns = p;
  }

  static Pattern glob(String name) {
    StringBuilder regex = new StringBuilder();
    String[] parts = name.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      if (!parts[i].isEmpty()) {
        regex.append(Pattern.quote(parts[i]));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  public boolean matches(String name) {
    if (name == null) {
      return false;
    }
    String n = name.trim();
    for (Pattern p : patterns) {
      if (p.matcher(n).matches()) {
        return true;
      }
    }
    return false;
  }
}
