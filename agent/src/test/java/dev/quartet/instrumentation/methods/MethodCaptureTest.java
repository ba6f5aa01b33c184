package dev.quartet.instrumentation.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.bootstrap.Bridge;
import dev.quartet.bootstrap.Capture;
import dev.quartet.core.Backend;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.LogEvent;
import dev.quartet.core.MethodSpan;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.Span;
import dev.quartet.rules.MethodRule;
import dev.quartet.rules.RulesFile;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instrumented classes ({@code example.methods}) calling through the bridge into {@link MethodCapture} and a real
 * {@link Dispatcher}: the method spans a recording backend gets, inside and outside a request.
 */
class MethodCaptureTest {
  @TempDir Path dir;

  private final List<MethodSpan> ended = Collections.synchronizedList(new ArrayList<>());
  private final List<LogEvent> logs = Collections.synchronizedList(new ArrayList<>());
  private final Dispatcher dispatcher =
      new Dispatcher(
          List.of(
              new Backend() {
                @Override public String name() { return "recording"; }
                @Override public String describe() { return ""; }
                @Override public void onRequestStart(ServerRequest request, int index) {}
                @Override public void onRequestEnd(ServerRequest request, int index) {}
                @Override public void onSpanEnd(Span span, int index) {
                  if (span instanceof MethodSpan) {
                    ended.add((MethodSpan) span);
                  }
                }
                @Override public void onLog(LogEvent event) { logs.add(event); }
                @Override public void shutdown(Duration timeout) {}
              }));
  private MethodCapture capture;
  private InstrumentingLoader loader;
  private List<String> problems;

  @AfterEach
  void reset() {
    Bridge.install(Capture.NOOP);
    CurrentRequest.restoreSnapshot(null);
  }

  private void install(String yaml, boolean withSpan) throws Exception {
    Path file = dir.resolve("quartet-rules.yaml");
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    RulesFile.Loaded loaded = RulesFile.load(file);
    assertEquals(List.of(), loaded.problems());
    problems = new ArrayList<>();
    MethodTracing tracing = new MethodTracing(loaded.rules(), withSpan, (key, message) -> problems.add(message));
    capture = tracing.capture(dispatcher);
    Bridge.install(
        new RecordingCapture(tracing.sites()) {
          @Override
          public Object methodEnter(int site, Object self, Object[] args) {
            return capture.methodEnter(site, self, args);
          }

          @Override
          public void methodExit(Object token, Object returned, Throwable thrown) {
            capture.methodExit(token, returned, thrown);
          }
        });
    loader = new InstrumentingLoader(tracing.instrumentation());
  }

  private ServerRequest request() {
    ServerRequest r = new ServerRequest().method("GET").path("/api/x");
    Map<String, String> none = Map.of();
    dispatcher.start(r, none::get);
    CurrentRequest.enter(r);
    return r;
  }

  private Object accounts() throws Exception {
    return loader.loadClass("example.methods.Accounts").getConstructor().newInstance();
  }

  private static Object call(Object target, String name, Object... args) throws Throwable {
    Class<?> c = target instanceof Class ? (Class<?>) target : target.getClass();
    for (Method m : c.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(target instanceof Class ? null : target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new NoSuchMethodException(name);
  }

  @Test
  void aSpanInTheRequestWithTheRecipesNameAttributesAnnotationsMetadataAndLogEvent() throws Throwable {
    install(
        "rules:\n"
            + "  - class: example.methods.Accounts\n"
            + "    methods: [find]\n"
            + "    span: {name: \"find-{handle}\"}\n"
            + "    subsegment: accounts\n"
            + "    attributes:\n"
            + "      app.handle: return.handle\n"
            + "      app.length: length(args[0])\n"
            + "    annotations:\n"
            + "      user: handle\n"
            + "    metadata:\n"
            + "      app: {asked: handle, found: return.handle}\n"
            + "    log: {level: info, message: \"found {return.handle}\"}\n",
        false);
    ServerRequest request = request();
    Object found = call(accounts(), "find", "andrewbrown");
    assertEquals("Account(andrewbrown)", found.toString());

    assertEquals(1, ended.size());
    MethodSpan span = ended.get(0);
    assertEquals("find-andrewbrown", span.name());
    assertEquals("accounts", span.xraySubsegmentName());
    assertEquals(Span.Kind.INTERNAL, span.kind());
    assertEquals(request.traceId(), span.traceId());
    assertEquals(request.spanId(), span.parentSpanId());
    assertEquals(Map.of("app.handle", "andrewbrown", "app.length", 11L), span.attributes());
    assertEquals(Map.of("user", "andrewbrown"), span.annotations());
    assertEquals(Map.of("app", Map.of("asked", "andrewbrown", "found", "andrewbrown")), span.metadata());
    assertNull(span.error());
    assertSame(request, CurrentRequest.span(), "the request is current again after the method");

    assertEquals(1, logs.size());
    LogEvent log = logs.get(0);
    assertEquals("found andrewbrown", log.message());
    assertEquals(LogEvent.Level.INFO, log.level());
    assertEquals("example.methods.Accounts", log.loggerName());
    assertSame(span, log.span(), "the log event names the method span");
    assertEquals(List.of(), problems);
  }

  @Test
  void outsideARequestNothingIsRecordedUnlessTheRuleStartsATrace() throws Throwable {
    install(
        "rules:\n"
            + "  - class: example.methods.Accounts\n"
            + "    methods: [find]\n"
            + "  - class: example.methods.Accounts\n"
            + "    methods: [normalize]\n"
            + "    start-trace: true\n"
            + "    attributes: {app.handle: return}\n",
        false);
    call(accounts(), "find", "ann");
    assertEquals(List.of(), ended, "no request, no trace started: not recorded");
    assertEquals("ann", call(loader.loadClass("example.methods.Accounts"), "normalize", " ANN "));
    assertEquals(1, ended.size());
    MethodSpan root = ended.get(0);
    assertEquals("Accounts.normalize", root.name());
    assertNull(root.parentSpanId(), "the root of a trace of its own");
    assertEquals(32, root.traceId().length());
    assertEquals(Map.of("app.handle", "ann"), root.attributes());
    assertNull(CurrentRequest.span());
  }

  @Test
  void aThrownExceptionIsAnErrorUnlessTheRuleSaysOtherwiseAndAlwaysReachesTheCaller() throws Throwable {
    install(
        "rules:\n"
            + "  - class: example.methods.Accounts\n"
            + "    methods: [delete]\n"
            + "    attributes: {app.failure: thrown.message}\n"
            + "  - class: example.methods.Accounts\n"
            + "    methods: [reject]\n"
            + "    error-on-throw: false\n",
        false);
    request();
    Object accounts = accounts();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> call(accounts, "delete", "ann"));
    assertEquals("no account ann", e.getMessage());
    MethodSpan span = ended.get(0);
    assertEquals(List.of(), problems);
    assertSame(e, span.error());
    assertEquals(Map.of("app.failure", "no account ann"), span.attributes());

    IllegalStateException expected =
        assertThrows(IllegalStateException.class, () -> call(accounts, "reject", "bob"));
    MethodSpan recorded = ended.get(1);
    assertNull(recorded.error(), "error-on-throw: false: not an error");
    assertSame(expected, recorded.thrown(), "but recorded");
  }

  @Test
  void aFailingExpressionLeavesItsValueOutAndTheRestIsRecorded() throws Throwable {
    install(
        "rules:\n"
            + "  - class: example.methods.Accounts\n"
            + "    methods: [lookup]\n"
            + "    attributes:\n"
            + "      app.missing: return.nickname\n"
            + "      app.handle: return.handle\n",
        false);
    request();
    Object accounts = accounts();
    call(accounts, "lookup", "ann");
    call(accounts, "lookup", "bob");
    assertEquals(2, ended.size());
    assertEquals(Map.of("app.handle", "ann"), ended.get(0).attributes());
    assertEquals(Map.of("app.handle", "bob"), ended.get(1).attributes());
    assertEquals(List.of(), problems, "return is an Object: judged when it runs, not when the class loads");
  }

  @Test
  void recursionGivesNestedSpansUpToTheDepthLimitThenCountsTheRest() throws Throwable {
    install("rules:\n  - class: example.methods.Accounts\n    methods: [depth]\n", false);
    ServerRequest request = request();
    assertEquals(100, call(accounts(), "depth", 100));
    assertEquals(MethodCapture.MAX_DEPTH, ended.size());
    assertEquals(101 - MethodCapture.MAX_DEPTH, capture.tooDeep());
    MethodSpan outermost = ended.get(ended.size() - 1);
    assertEquals(request.spanId(), outermost.parentSpanId());
    for (int i = 0; i < ended.size() - 1; i++) {
      assertEquals(ended.get(i + 1).spanId(), ended.get(i).parentSpanId(), "each call the child of its caller");
    }
    assertSame(request, CurrentRequest.span());

    ended.clear();
    call(accounts(), "depth", 1);
    assertEquals(2, ended.size(), "the depth is counted down again: later calls are recorded");
  }

  @Test
  void aGetterTheRecipeCallsIsNotASpanEvenWhenARuleNamesIt() throws Throwable {
    install(
        "rules:\n"
            + "  - class: example.methods.Account\n"
            + "    methods: [getHandle]\n"
            + "    attributes: {app.handle: this.handle}\n",
        false);
    request();
    Object account = call(accounts(), "find", "ann");
    assertEquals("ann", call(account, "getHandle"));
    assertEquals(1, ended.size(), "one span: the getter's own rule reads the getter at exit, which is not recorded");
    assertEquals(Map.of("app.handle", "ann"), ended.get(0).attributes());
  }

  @Test
  void withSpanGivesNamedSpansOfTheirKindWithSpanAttributes() throws Throwable {
    install("rules: []\n", true);
    Object annotated = loader.loadClass("example.methods.Annotated").getConstructor().newInstance();
    call(annotated, "plain");
    assertEquals(1, ended.size(), "outside a request, as in the OTel agent, a trace of its own");
    assertNull(ended.get(0).parentSpanId());
    ended.clear();

    ServerRequest request = request();
    call(annotated, "plain");
    call(annotated, "named", "ann", 3, "x");
    assertEquals(2, ended.size());
    assertEquals("Annotated.plain", ended.get(0).name());
    assertEquals(Span.Kind.INTERNAL, ended.get(0).kind());
    MethodSpan named = ended.get(1);
    assertEquals("named-span", named.name());
    assertEquals(Span.Kind.CLIENT, named.kind());
    assertEquals(Map.of("user.handle", "ann", "count", 3L), named.attributes());
    assertEquals(request.spanId(), named.parentSpanId());
    assertTrue(named.otelSpan() && named.xraySubsegment());
  }
}
