package dev.quartet.rules;

import dev.quartet.core.Span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OTel Java agent's otel.instrumentation.methods.include format. */
class OtelMethodsIncludeTest {
  private static List<String> spans(RulesFile.Loaded loaded) {
    List<String> out = new ArrayList<>();
    for (MethodRule r : loaded.rules()) {
      assertEquals("OTEL_INSTRUMENTATION_METHODS_INCLUDE", r.origin());
      assertEquals(TypeSelector.Kind.EXACT, r.type().kind());
      assertEquals(1, r.methods().size());
      assertNull(r.methods().get(0).parameterTypes(), "every overload, as the OTel agent does");
      assertEquals(Span.Kind.INTERNAL, r.recipe().kind());
      assertTrue(r.recipe().span());
      out.add(r.type().pattern() + "#" + r.methods().get(0).name() + " -> " + r.recipe().name().render(Calls.of()));
    }
    return out;
  }

  @Test
  void theSampleAppsOne() {
    RulesFile.Loaded loaded = RulesFile.fromOtelMethodsInclude("cruddur.services.HomeActivities[run]");
    assertEquals(List.of(), loaded.problems());
    assertEquals(List.of("cruddur.services.HomeActivities#run -> HomeActivities.run"), spans(loaded));
  }

  @Test
  void severalClassesMethodsAndSpaces() {
    RulesFile.Loaded loaded =
        RulesFile.fromOtelMethodsInclude(" my.pkg.MyClass[ m1 , m2 ];other.Outer$Inner[run];; my.pkg.MyClass[m2,] ;");
    assertEquals(List.of(), loaded.problems());
    assertEquals(
        List.of(
            "my.pkg.MyClass#m1 -> MyClass.m1",
            "my.pkg.MyClass#m2 -> MyClass.m2",
            "other.Outer$Inner#run -> Outer$Inner.run",
            "my.pkg.MyClass#m2 -> MyClass.m2"),
        spans(loaded));
  }

  @Test
  void aBadPartIsReportedAndSkippedTheRestApply() {
    RulesFile.Loaded loaded =
        RulesFile.fromOtelMethodsInclude("a.B[run];c.D;e.F[];g H[x];i.J[get*];k.L{m};m.N[ok]");
    assertEquals(List.of("a.B#run -> B.run", "m.N#ok -> N.ok"), spans(loaded));
    List<String> problems = new ArrayList<>();
    for (Problem p : loaded.problems()) {
      assertEquals(0, p.line());
      problems.add(p.toString());
    }
    assertEquals(
        List.of(
            "OTEL_INSTRUMENTATION_METHODS_INCLUDE: \"c.D\": expected package.Class[method1,method2]; this part is skipped",
            "OTEL_INSTRUMENTATION_METHODS_INCLUDE: \"e.F[]\": no method named between [ and ]; this part is skipped",
            "OTEL_INSTRUMENTATION_METHODS_INCLUDE: \"g H[x]\": \"g H\" is not a fully qualified class name; this part is skipped",
            "OTEL_INSTRUMENTATION_METHODS_INCLUDE: \"i.J[get*]\": \"get*\" is not a method name; this part is skipped",
            "OTEL_INSTRUMENTATION_METHODS_INCLUDE: \"k.L{m}\": expected package.Class[method1,method2]; this part is skipped"),
        problems);
  }

  @Test
  void emptyOrUnsetGivesNothing() {
    assertEquals(0, RulesFile.fromOtelMethodsInclude("").rules().size());
    assertEquals(0, RulesFile.fromOtelMethodsInclude(null).rules().size());
    assertEquals(0, RulesFile.fromOtelMethodsInclude(" ; ").problems().size());
  }
}
