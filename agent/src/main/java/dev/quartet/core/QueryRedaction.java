package dev.quartet.core;

import dev.quartet.config.Settings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Query parameters that carry credentials ({@code ?token=…}, presigned URLs' {@code X-Amz-Signature=…}) lose their
 * values before any backend sees the query: the OpenTelemetry semantic conventions ask this of {@code url.query} and
 * {@code url.full}, and the same query goes into access lines and Rollbar items. Applied once, where the core takes
 * the query ({@link ServerRequest#query(String)}, {@link ClientRequest}), so no backend can forget it. The names are
 * {@code quartet.redact.query-parameters}, set once at startup.
 */
public final class QueryRedaction {
  /** What a redacted value becomes, as the semantic conventions spell it. */
  public static final String REDACTED = "REDACTED";

  private static volatile NamePatterns names = defaults();

  private QueryRedaction() {}

  private static NamePatterns defaults() {
    return new NamePatterns(Arrays.asList(Settings.REDACT_QUERY_PARAMETERS.defaultValue().split(",")));
  }

  /** The configured names (an empty list redacts nothing). */
  public static void configure(List<String> parameterNames) {
    names = new NamePatterns(parameterNames);
  }

  public static boolean isSensitive(String parameterName) {
    return names.matches(decode(parameterName));
  }

  /**
   * The query with the value of every sensitive parameter replaced by {@link #REDACTED}; the original values are
   * added to {@code redactedValues} (raw and decoded) when it is not null, for backends that mask them in free text.
   */
  public static String redact(String query, List<String> redactedValues) {
    if (query == null || query.isEmpty() || query.indexOf('=') < 0) {
      return query;
    }
    StringBuilder out = null;
    int start = 0;
    int length = query.length();
    while (start <= length) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = length;
      }
      int eq = indexOf(query, '=', start, end);
      if (eq >= 0 && isSensitive(query.substring(start, eq))) {
        if (out == null) {
          out = new StringBuilder(length).append(query, 0, start);
        }
        String raw = query.substring(eq + 1, end);
        if (redactedValues != null && !raw.isEmpty()) {
          redactedValues.add(raw);
          String decoded = decode(raw);
          if (!decoded.equals(raw)) {
            redactedValues.add(decoded);
          }
        }
        out.append(query, start, eq + 1).append(REDACTED);
      } else if (out != null) {
        out.append(query, start, end);
      }
      if (out != null && end < length) {
        out.append('&');
      }
      start = end + 1;
    }
    return out == null ? query : out.toString();
  }

  /** A URL with its query redacted (the fragment, never sent, is dropped). */
  public static String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    int hash = url.indexOf('#');
    String u = hash < 0 ? url : url.substring(0, hash);
    int q = u.indexOf('?');
    return q < 0 ? u : u.substring(0, q + 1) + redact(u.substring(q + 1), null);
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8.name());
    } catch (Exception e) {
      return s; // a malformed %-escape: compare the raw text
    }
  }
}
