package dev.quartet.smoke;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes bodies of the same request comparable across runs: ISO-8601 timestamps (all relative to "now") become
 * {@code <TS>}; UUIDs become {@code <UUID>} only at the positions where two answers of the same app to the same
 * request differ (the random ones), so the mock data's fixed ids still have to match exactly.
 */
public final class ResponseNormalizer {

  static final Pattern TIMESTAMP = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?");
  static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private ResponseNormalizer() {}

  /** Indexes (in order of appearance) of the UUIDs that differ between two answers to the same request. */
  public static Set<Integer> randomUuidPositions(String first, String second) {
    List<String> a = uuids(first);
    List<String> b = uuids(second);
    Set<Integer> out = new HashSet<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (!a.get(i).equals(b.get(i))) {
        out.add(i);
      }
    }
    return out;
  }

  /** Timestamps replaced everywhere, UUIDs replaced at {@code randomPositions}. */
  public static String normalize(String body, Set<Integer> randomPositions) {
    String s = TIMESTAMP.matcher(body).replaceAll("<TS>");
    StringBuilder sb = new StringBuilder();
    Matcher m = UUID.matcher(s);
    int i = 0;
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(randomPositions.contains(i) ? "<UUID>" : m.group()));
      i++;
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static List<String> uuids(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = UUID.matcher(s);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
