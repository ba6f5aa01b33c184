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
    this(templates, AgentLog::warn);
  }

  /** A bad template is reported to {@code problems} (one line each) and left out; the others are used. */
  public RouteTemplates(List<String> templates, java.util.function.Consumer<String> problems) {
    this.templates = new ArrayList<>();
    this.segments = new ArrayList<>();
    for (String t : templates) {
      String problem = problem(t);
      if (problem == null) {
        this.templates.add(t);
        this.segments.add(split(t));
      } else {
        problems.accept("quartet.http.routes: template \"" + t + "\" " + problem + " (a template is a path starting"
            + " with /, with at most one {name} in a segment, e.g. /api/users/{id}); that template is ignored");
      }
    }
  }

  /** What is wrong with {@code template}, or null when it is a template {@link #match} understands. */
  static String problem(String template) {
    if (!template.startsWith("/")) {
      return "does not start with /";
    }
    for (String segment : split(template)) {
      int open = segment.indexOf('{');
      int close = segment.indexOf('}');
      if (open < 0 && close < 0) {
        continue;
      }
      if (close < 0) {
        return "has a { that is not closed in its segment";
      }
      if (open < 0 || close < open) {
        return "has a } without its {";
      }
      if (close == open + 1) {
        return "has an empty {}";
      }
      if (segment.indexOf('{', open + 1) >= 0 || segment.indexOf('}', close + 1) >= 0) {
        return "has more than one {name} in a segment";
      }
    }
    return null;
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
