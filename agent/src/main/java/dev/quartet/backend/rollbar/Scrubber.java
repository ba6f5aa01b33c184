package dev.quartet.backend.rollbar;

import dev.quartet.core.NamePatterns;
import dev.quartet.core.QueryRedaction;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Keeps secrets out of Rollbar items. rollbar-java sends every header as it came (Authorization and Cookie
 * included); Quartet replaces the value of every sensitive header and query parameter by {@link #MASK} (query
 * parameters of the core's list come already {@code REDACTED}: {@code dev.quartet.core.QueryRedaction}), and then
 * removes those values wherever else they turn up in the item (a log message that quotes the Authorization header,
 * an exception message that quotes a session cookie).
 */
final class Scrubber {
  static final String MASK = "********";

  /** Scrubbed whatever the configured list says. */
  static final List<String> ALWAYS =
      Collections.unmodifiableList(
          Arrays.asList(
              "authorization",
              "proxy-authorization",
              "cookie",
              "set-cookie",
              "x-api-key",
              "x-honeycomb-team",
              "x-rollbar-access-token"));

  /**
   * Shorter values are masked where they are (a header, a query parameter) but not searched for in free text: a
   * one-character cookie value would otherwise mask every such character of every message.
   */
  static final int MIN_FREE_TEXT_SECRET = 4;

  private final NamePatterns names;

  /** {@code fields}: quartet.rollbar.scrub.fields (by default {@code Settings.CREDENTIAL_NAMES}). */
  Scrubber(List<String> fields) {
    List<String> all = new ArrayList<>(ALWAYS);
    all.addAll(fields);
    this.names = new NamePatterns(all);
  }

  /**
   * A header, or a query parameter beyond those the core already redacted ({@code quartet.redact.query-parameters},
   * whose values arrive as {@code REDACTED}).
   */
  boolean isSensitive(String name) {
    return names.matches(name);
  }

  /** What a sensitive header value hides: the whole value, the credential after its scheme, each cookie value. */
  static void secretsOfHeader(String name, String value, List<String> secrets) {
    if (value == null || value.isEmpty()) {
      return;
    }
    secrets.add(value);
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("cookie") || lower.equals("set-cookie")) {
      for (String pair : value.split(";")) {
        int eq = pair.indexOf('=');
        if (eq >= 0) {
          secrets.add(pair.substring(eq + 1).trim());
        }
      }
    } else {
      int space = value.indexOf(' ');
      if (space > 0) {
        secrets.add(value.substring(space + 1).trim()); // "Bearer <token>", "Basic <credentials>"
      }
    }
  }

  /** The query string with the value of every sensitive parameter masked; their values are added to secrets. */
  String scrubQuery(String query, List<String> secrets) {
    if (query == null || query.isEmpty()) {
      return query;
    }
    StringBuilder out = new StringBuilder(query.length());
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String raw = eq < 0 ? null : pair.substring(eq + 1);
      if (raw != null && !raw.equals(QueryRedaction.REDACTED) && isSensitive(decode(name))) {
        secrets.add(raw);
        secrets.add(decode(raw));
        out.append(name).append('=').append(MASK);
      } else {
        out.append(pair);
      }
    }
    return out.toString();
  }

  /**
   * The secrets worth searching free text for: those of at least {@link #MIN_FREE_TEXT_SECRET} characters, once
   * each, longest first, so that "Bearer abcd" is masked whole rather than leaving "Bearer " around a masked "abcd".
   */
  static List<String> forFreeText(List<String> secrets) {
    List<String> out = new ArrayList<>();
    for (String secret : secrets) {
      if (secret.length() >= MIN_FREE_TEXT_SECRET && !out.contains(secret)) {
        out.add(secret);
      }
    }
    out.sort((a, b) -> b.length() - a.length());
    return out;
  }

  /** Every secret of {@code secrets} (as {@link #forFreeText} gives them) in {@code text} replaced by the mask. */
  static String scrubText(String text, List<String> secrets) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      if (out.contains(secret)) {
        out = out.replace(secret, MASK);
      }
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8.name());
    } catch (Exception e) {
      return s; // a malformed %-escape: compare the raw text
    }
  }
}
