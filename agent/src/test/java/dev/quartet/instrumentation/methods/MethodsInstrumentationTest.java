package dev.quartet.instrumentation.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.bootstrap.Bridge;
import dev.quartet.bootstrap.Capture;
import dev.quartet.core.Span.Kind;
import dev.quartet.rules.MethodRule;
import dev.quartet.rules.MethodSelector;
import dev.quartet.rules.SpanRecipe;
import dev.quartet.rules.TypeSelector;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real classes ({@code example.methods}) loaded through the agent's class-file transformer with the methods module
 * installed: which methods get advice, and what their advice hands the bridge.
 */
class MethodsInstrumentationTest {
  private RecordingCapture capture;
  private InstrumentingLoader loader;
  private MethodTracing tracing;

  @AfterEach
  void uninstall() {
    Bridge.install(Capture.NOOP);
  }

  private void install(boolean withSpan, MethodRule... rules) {
    tracing = new MethodTracing(Arrays.asList(rules), withSpan);
    capture = new RecordingCapture(tracing.sites());
    Bridge.install(capture);
    loader = new InstrumentingLoader(tracing.instrumentation());
  }

  private static MethodRule rule(TypeSelector.Kind kind, String type, String method, String... parameterTypes) {
    return rule(kind, type, method, SpanRecipe.builder().build(), parameterTypes);
  }

  private static MethodRule rule(
      TypeSelector.Kind kind, String type, String method, SpanRecipe recipe, String... parameterTypes) {
    List<String> params = parameterTypes.length == 0 ? null : Arrays.asList(parameterTypes);
    if (parameterTypes.length == 1 && parameterTypes[0].isEmpty()) {
      params = Collections.emptyList();
    }
    return new MethodRule(
        "rules.yaml:" + type.length(),
        new TypeSelector(kind, type),
        Collections.singletonList(new MethodSelector(method, params)),
        recipe);
  }

  private Object newInstance(String className, Object... args) throws Exception {
    Class<?> c = loader.loadClass(className);
    return args.length == 0
        ? c.getConstructor().newInstance()
        : c.getConstructor(String.class).newInstance(args);
  }

  private static Object call(Object target, String method, Object... args) throws Throwable {
    Class<?> c = target instanceof Class ? (Class<?>) target : target.getClass();
    for (Method m : c.getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(target instanceof Class ? null : target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new NoSuchMethodException(method);
  }

  @Test
  void exactClassNameEveryOverloadOfTheNamedMethodAndNothingElse() throws Throwable {
    install(false, rule(TypeSelector.Kind.EXACT, "example.methods.Greeter", "greet"));
    Object greeter = newInstance("example.methods.Greeter", "Hi");
    assertEquals("Hi, ann", call(greeter, "greet", "ann"));
    call(greeter, "untouched");
    assertEquals("Hi", call(greeter, "getGreeting"));
    assertEquals(
        List.of(
            "enter Greeter.greet this=set args=null",
            "exit Greeter.greet returned=Hi, ann thrown=null"),
        capture.events);

    capture.events.clear();
    assertEquals("Hi, bobHi, bob", call(greeter, "greet", "bob", 2));
    assertEquals(
        List.of(
            "enter Greeter.greet this=set args=null",
            "enter Greeter.greet this=set args=null",
            "exit Greeter.greet returned=Hi, bob thrown=null",
            "exit Greeter.greet returned=Hi, bobHi, bob thrown=null"),
        capture.events,
        "the two-argument overload calls the one-argument one: nested calls");
    assertEquals(2, tracing.sites().size(), "greet(String) and greet(String, int): no site for the constructor or the rest");
  }

  @Test
  void parameterTypesSelectOneOverload() throws Throwable {
    install(false, rule(TypeSelector.Kind.EXACT, "example.methods.Greeter", "greet", "java.lang.String", "int"));
    Object greeter = newInstance("example.methods.Greeter", "Hi");
    call(greeter, "greet", "ann");
    assertEquals(List.of(), capture.events);
    call(greeter, "greet", "ann", 1);
    assertEquals(1, capture.events.stream().filter(e -> e.startsWith("enter")).count());
  }

  @Test
  void wildcardClassAndMethodNames() throws Throwable {
    install(false, rule(TypeSelector.Kind.WILDCARD, "example.methods.Gree*", "fa*"));
    Object greeter = newInstance("example.methods.Greeter", "Hi");
    assertEquals(6, call(greeter, "factorial", 3));
    call(greeter, "greet", "ann");
    assertEquals(
        List.of(
            "enter Greeter.factorial this=set args=null",
            "enter Greeter.factorial this=set args=null",
            "enter Greeter.factorial this=set args=null",
            "exit Greeter.factorial returned=1 thrown=null",
            "exit Greeter.factorial returned=2 thrown=null",
            "exit Greeter.factorial returned=6 thrown=null"),
        capture.events,
        "a recursive method: one call each, nested (int results boxed)");
  }

  @Test
  void implementationsOfAnInterfaceAtAnyDepthButNotTheirOtherMethods() throws Throwable {
    install(false, rule(TypeSelector.Kind.SUBTYPES_OF, "example.methods.Task", "run"));
    Object upper = newInstance("example.methods.UpperTask");
    Object reverse = newInstance("example.methods.ReverseTask");
    assertEquals("AB", call(upper, "run", "ab"));
    assertEquals("ba", call(reverse, "run", "ab"));
    call(upper, "other", "x");
    assertEquals(
        List.of(
            "enter UpperTask.run this=set args=null",
            "exit UpperTask.run returned=AB thrown=null",
            "enter ReverseTask.run this=set args=null",
            "exit ReverseTask.run returned=ba thrown=null"),
        capture.events);
    assertTrue(loader.transformed().containsAll(List.of("example.methods.UpperTask", "example.methods.ReverseTask")));
    assertFalse(loader.transformed().contains("example.methods.BaseTask"), "its run is abstract");
  }

  @Test
  void argumentsArePassedOnlyToSitesWhoseExpressionsReadThem() throws Throwable {
    SpanRecipe readsArgs = SpanRecipe.builder().attribute("n", new WithSpanSites.Argument(0)).build();
    install(
        false,
        rule(TypeSelector.Kind.EXACT, "example.methods.Greeter", "twice", readsArgs),
        rule(TypeSelector.Kind.EXACT, "example.methods.Greeter", "greet"));
    Class<?> greeterClass = loader.loadClass("example.methods.Greeter");
    assertEquals(42, call(greeterClass, "twice", 21));
    call(newInstance("example.methods.Greeter", "Hi"), "greet", "ann");
    assertEquals(
        List.of(
            "enter Greeter.twice this=null args=[21]",
            "exit Greeter.twice returned=42 thrown=null",
            "enter Greeter.greet this=set args=null",
            "exit Greeter.greet returned=Hi, ann thrown=null"),
        capture.events,
        "a static method has no this; only twice's rule reads its arguments");
  }

  @Test
  void aThrownExceptionReachesTheBridgeAndStillTheCaller() throws Throwable {
    install(false, rule(TypeSelector.Kind.EXACT, "example.methods.Greeter", "fail"));
    Object greeter = newInstance("example.methods.Greeter", "Hi");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> call(greeter, "fail", "boom"));
    assertEquals("boom", e.getMessage());
    assertEquals(
        List.of(
            "enter Greeter.fail this=set args=null",
            "exit Greeter.fail returned=null thrown=java.lang.IllegalStateException: boom"),
        capture.events);
  }

  @Test
  void theFirstRuleThatNamesAMethodWins() throws Throwable {
    MethodRule first = rule(TypeSelector.Kind.EXACT, "example.methods.Greeter", "greet");
    MethodRule second = rule(TypeSelector.Kind.WILDCARD, "example.methods.*", "*");
    install(false, first, second);
    call(newInstance("example.methods.Greeter", "Hi"), "greet", "ann");
    assertEquals(2, capture.events.size(), "one span per call, not one per rule");
    for (Site s : tracing.sites().all()) {
      assertSame(s.displayName.startsWith("Greeter.greet") ? first : second, s.rule, s.displayName);
    }
  }

  @Test
  void classesNoRuleNamesAreNotTransformed() throws Throwable {
    install(false, rule(TypeSelector.Kind.EXACT, "example.methods.Greeter", "noSuchMethod"));
    newInstance("example.methods.Greeter", "Hi");
    newInstance("example.methods.UpperTask");
    newInstance("example.methods.Annotated");
    assertEquals(List.of(), loader.transformed(), "a class is changed only when one of its methods has a site");
    assertEquals(1, tracing.reportUnmatched(60_000), "the rule that matched nothing is reported");
  }

  @Test
  void noRulesAndNoWithSpanAddNothing() throws Throwable {
    install(false);
    assertFalse(
        ((MethodsInstrumentation) tracing.instrumentation()).isActive(), "no matcher is added to the agent at all");
    call(newInstance("example.methods.Annotated"), "plain");
    assertEquals(List.of(), loader.transformed());
    assertEquals(List.of(), capture.events);
  }

  @Test
  void withSpanMethodsByAnnotationName() throws Throwable {
    install(true);
    Object annotated = newInstance("example.methods.Annotated");
    assertEquals("plain", call(annotated, "plain"));
    assertEquals("ann3x", call(annotated, "named", "ann", 3, "x"));
    assertEquals("no", call(annotated, "notAnnotated"));
    assertEquals(
        List.of(
            "enter Annotated.plain this=set args=null",
            "exit Annotated.plain returned=plain thrown=null",
            "enter Annotated.named this=set args=[ann, 3, x]",
            "exit Annotated.named returned=ann3x thrown=null"),
        capture.events);
    Site plain = site("Annotated.plain");
    assertEquals("Annotated.plain", plain.fixedName);
    assertEquals(Kind.INTERNAL, plain.kind);
    assertNull(plain.rule);
    Site named = site("Annotated.named");
    assertEquals("named-span", named.fixedName);
    assertEquals(Kind.CLIENT, named.kind);
    assertEquals(
        List.of("user.handle", "count"),
        new ArrayList<>(named.attributes.keySet()),
        "named by the annotation, else by the parameter (compiled with -parameters)");
    assertEquals("args[1]", named.attributes.get("count").source());
    assertEquals(List.of("handle", "count", "ignored"), Arrays.asList(named.parameterNames));
  }

  @Test
  void withSpanOffLeavesAnnotatedMethodsAlone() throws Throwable {
    install(false, rule(TypeSelector.Kind.EXACT, "example.methods.Greeter", "greet"));
    call(newInstance("example.methods.Annotated"), "plain");
    assertEquals(List.of(), capture.events);
    assertFalse(loader.transformed().contains("example.methods.Annotated"));
  }

  private Site site(String displayName) {
    for (Site s : tracing.sites().all()) {
      if (s.displayName.equals(displayName)) {
        return s;
      }
    }
    assertNotNull(null, "no site " + displayName);
    return null;
  }
}
