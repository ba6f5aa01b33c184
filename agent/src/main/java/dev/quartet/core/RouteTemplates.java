package dev.quartet.core;

import java.util.ArrayList;
import java.util.List;

/**
 * User-given route templates ({@code /api/activities/@{handle}}, {@code /api/activities/{uuid}/reply}) that turn a
 * concrete path into a low-cardinality {@code http.route}. A {@code {name}} placeholder matches one non-empty path
 * segment, with any literal text around it in that segment; the first matching template wins.
 */
public final class RouteTemplates {
  private final List<String> templates;
  private final List<String[]> segments;

  public RouteTemplates(List<String> templates) {
    this.templates = new ArrayList<>();
    this.segments = new ArrayList<>();
    for (String t : templates) {
      if (t.startsWith("/")) {
        this.templates.add(t);
        this.segments.add(split(t));
      } else {
        AgentLog.warn("quartet.http.routes: template \"" + t + "\" does not start with /; ignored");
      }
    }
  }

  public boolean isEmpty() {
    return templates.isEmpty();
  }

  /** The first template matching {@code path}, or null. */
  public String match(String path) {
    if (templates.isEmpty() || path == null) {
      return null;
    }
    String[] actual = split(path);
    for (int i = 0; i < templates.size(); i++) {
      if (matches(segments.get(i), actual)) {
        return templates.get(i);
      }
    }
    return null;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.split("/", -1);
  }

  private static boolean matches(String[] template, String[] actual) {
    if (template.length != actual.length) {
      return false;
    }
    for (int i = 0; i < template.length; i++) {
      if (!segmentMatches(template[i], actual[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean segmentMatches(String template, String actual) {
    int open = template.indexOf('{');
    int close = template.indexOf('}', open + 1);
    if (open < 0 || close < 0) {
      return template.equals(actual);
    }
    String prefix = template.substring(0, open);
    String suffix = template.substring(close + 1);
    return actual.length() > prefix.length() + suffix.length()
        && actual.startsWith(prefix)
        && actual.endsWith(suffix);
  }
}
