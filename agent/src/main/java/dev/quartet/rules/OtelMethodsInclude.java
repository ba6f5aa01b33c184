package dev.quartet.rules;

import dev.quartet.core.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The OpenTelemetry Java agent's {@code otel.instrumentation.methods.include}: {@code my.pkg.MyClass[m1,m2];other.Class[m]}.
 * Each method gets a span named {@code SimpleClassName.method}, kind INTERNAL, as the OTel agent records it (and an
 * X-Ray subsegment of the same name). Unlike the OTel agent, which ignores the whole value when one part is malformed,
 * a bad part is reported and skipped, and the other parts apply.
 */
final class OtelMethodsInclude {
  static final String SOURCE = "OTEL_INSTRUMENTATION_METHODS_INCLUDE";

  private static final Pattern CLASS_NAME = Pattern.compile("[\\w$]+(\\.[\\w$]+)*");
  private static final Pattern METHOD_NAME = Pattern.compile("\\w+");

  private OtelMethodsInclude() {}

  static RulesFile.Loaded parse(String value) {
    List<MethodRule> rules = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    if (value == null) {
      return new RulesFile.Loaded(rules, problems);
    }
    for (String part : value.split(";", -1)) {
      String entry = part.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int open = entry.indexOf('[');
      if (open < 0 || !entry.endsWith("]")) {
        problems.add(problem(entry, "expected package.Class[method1,method2]"));
        continue;
      }
      String className = entry.substring(0, open).trim();
      if (!CLASS_NAME.matcher(className).matches()) {
        problems.add(problem(entry, "\"" + className + "\" is not a fully qualified class name"));
        continue;
      }
      Set<String> names = new LinkedHashSet<>();
      String bad = null;
      for (String m : entry.substring(open + 1, entry.length() - 1).split(",", -1)) {
        String name = m.trim();
        if (name.isEmpty()) {
          continue;
        }
        if (!METHOD_NAME.matcher(name).matches()) {
          bad = name;
          break;
        }
        names.add(name);
      }
      if (bad != null) {
        problems.add(problem(entry, "\"" + bad + "\" is not a method name"));
        continue;
      }
      if (names.isEmpty()) {
        problems.add(problem(entry, "no method named between [ and ]"));
        continue;
      }
      String simple = className.substring(className.lastIndexOf('.') + 1);
      TypeSelector type = new TypeSelector(TypeSelector.Kind.EXACT, className);
      // one rule per method: each has its own fixed span name
      for (String name : names) {
        List<MethodSelector> methods = new ArrayList<>();
        methods.add(new MethodSelector(name, null));
        SpanRecipe recipe =
            SpanRecipe.builder().name(Templates.constant(simple + "." + name)).kind(Span.Kind.INTERNAL).build();
        rules.add(new MethodRule(SOURCE, type, methods, recipe));
      }
    }
    return new RulesFile.Loaded(rules, problems);
  }

  private static Problem problem(String entry, String what) {
    return new Problem(SOURCE, 0, "\"" + entry + "\": " + what + "; this part is skipped");
  }
}
