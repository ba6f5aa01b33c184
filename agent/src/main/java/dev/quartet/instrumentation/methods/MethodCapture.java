package dev.quartet.instrumentation.methods;

import dev.quartet.core.AgentLog;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.LogEvent;
import dev.quartet.core.MethodSpan;
import dev.quartet.rules.Expression;
import dev.quartet.rules.Invocation;
import dev.quartet.rules.Values;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the bridge hands a rule-matched method's calls to: at entry a {@link MethodSpan} (child of the thread's
 * current span), at exit the recipe's name, attributes, X-Ray annotations and metadata, its log event, and the end.
 * A value whose expression fails is left out (the rules report it once); nothing is thrown back into the app.
 */
public final class MethodCapture {
  /** Nested method spans on one thread beyond this depth are not recorded (a recursive method): counted. */
  static final int MAX_DEPTH = 64;

  private final Dispatcher dispatcher;
  private final Sites sites;
  /** Per thread: [0] the method spans open, [1] 1 while a recipe is evaluated (getters it calls are not recorded). */
  private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[2]);
  private final LongAdder tooDeep = new LongAdder();

  MethodCapture(Dispatcher dispatcher, Sites sites) {
    this.dispatcher = dispatcher;
    this.sites = sites;
  }

  public Object methodEnter(int siteNumber, Object self, Object[] args) {
    Site site = sites.get(siteNumber);
    if (site == null || (!site.startsTrace && CurrentRequest.span() == null)) {
      return null; // outside any request, and the rule starts no trace: not recorded
    }
    int[] level = depth.get();
    if (level[1] != 0) {
      return null; // a getter a recipe calls at exit: not a span (a rule reading its own method would never end)
    }
    if (level[0] >= MAX_DEPTH) {
      tooDeep.increment();
      AgentLog.warnOnce(
          "methods.depth",
          site.origin + ": " + site.displayName + " was called more than " + MAX_DEPTH + " method spans deep on one"
              + " thread (recursion?): deeper calls are not recorded",
          null);
      return null;
    }
    MethodSpan span =
        dispatcher.methodStart(
            new MethodSpan(site.fixedName, site.kind, site.otelSpan, site.xraySubsegment),
            site.startsTrace);
    if (span == null) {
      return null;
    }
    level[0]++;
    return new Call(site, span, self, args, level);
  }

  public void methodExit(Object token, Object returned, Throwable thrown) {
    if (!(token instanceof Call)) {
      return;
    }
    Call call = (Call) token;
    call.returned = returned;
    call.thrown = thrown;
    try {
      call.depth[1] = 1;
      record(call);
    } catch (Throwable t) {
      AgentLog.warnOnce("methods.exit." + call.site.origin, call.site.origin + ": could not record " + call.site.displayName, t);
    } finally {
      call.depth[1] = 0;
      call.depth[0]--;
      dispatcher.methodEnd(call.span);
    }
  }

  /** Calls not recorded because they were nested more than {@link #MAX_DEPTH} deep. */
  long tooDeep() {
    return tooDeep.sum();
  }

  private void record(Call call) {
    Site site = call.site;
    MethodSpan span = call.span;
    if (site.nameTemplate != null) {
      span.name(site.nameTemplate.render(call));
    }
    if (site.subsegmentName != null) {
      span.xraySubsegmentName(site.subsegmentName.render(call));
    }
    for (Map.Entry<String, Expression> a : site.attributes.entrySet()) {
      Object value = Values.attribute(a.getValue().evaluateOrNull(call));
      if (value != null) {
        span.attribute(a.getKey(), value);
      }
    }
    for (Map.Entry<String, Expression> a : site.annotations.entrySet()) {
      Object value = Values.annotation(a.getValue().evaluateOrNull(call));
      if (value != null) {
        span.xrayAnnotation(a.getKey(), value);
      }
    }
    for (Map.Entry<String, Map<String, Expression>> ns : site.metadata.entrySet()) {
      for (Map.Entry<String, Expression> m : ns.getValue().entrySet()) {
        Object value = Values.metadata(m.getValue().evaluateOrNull(call));
        if (value != null) {
          span.xrayMetadata(ns.getKey(), m.getKey(), value);
        }
      }
    }
    if (call.thrown != null) {
      span.failed(call.thrown, site.errorOnThrow);
    }
    if (site.log != null) {
      // While the method span is still current: the event names it.
      LogEvent.Level level = LogEvent.Level.valueOf(site.log.level());
      dispatcher.log(
          new LogEvent(
              "rules",
              System.currentTimeMillis(),
              level,
              level.name(),
              site.className,
              Thread.currentThread().getName(),
              site.log.message().render(call),
              null,
              CurrentRequest.span()));
    }
  }

  /** One call in flight: the token the advice keeps, and what the expressions read at its exit. */
  static final class Call implements Invocation {
    final Site site;
    final MethodSpan span;
    final int[] depth;
    private final Object self;
    private final Object[] args;
    Object returned;
    Throwable thrown;

    Call(Site site, MethodSpan span, Object self, Object[] args, int[] depth) {
      this.site = site;
      this.span = span;
      this.self = self;
      this.args = args;
      this.depth = depth;
    }

    @Override
    public Object self() {
      return self;
    }

    @Override
    public Object[] args() {
      return args;
    }

    @Override
    public String[] parameterNames() {
      return site.parameterNames;
    }

    @Override
    public Object returned() {
      return returned;
    }

    @Override
    public Throwable thrown() {
      return thrown;
    }

    @Override
    public long startEpochMillis() {
      return span.startEpochNanos() / 1_000_000;
    }
  }
}
