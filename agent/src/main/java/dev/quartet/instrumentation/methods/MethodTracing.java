package dev.quartet.instrumentation.methods;

import dev.quartet.config.Setting;
import dev.quartet.core.AgentLog;
import dev.quartet.core.Dispatcher;
import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.InstrumentationModule;
import dev.quartet.rules.MethodRule;
import dev.quartet.rules.TypeSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Spans around the app's own methods, from rules and {@code @WithSpan}: the instrumentation module, what the bridge
 * calls at run time, and the one-time report of rules that matched nothing. Set up once, at startup.
 */
public final class MethodTracing {
  /**
   * The OTel Java agent's switch for {@code @WithSpan}, read as it reads it (an otel.* setting, documented with the
   * OpenTelemetry ones in docs/CONFIGURATION.md, so not among Quartet's own settings).
   */
  public static final Setting WITH_SPAN_ENABLED =
      new Setting(
          "otel.instrumentation.opentelemetry-instrumentation-annotations.enabled",
          "true",
          "Spans for methods annotated @WithSpan, with @SpanAttribute parameters as attributes.");

  /** How long after startup a rule that has matched no method is reported (once): classes load lazily. */
  public static final long UNMATCHED_REPORT_DELAY_MILLIS = 60_000;

  private final List<MethodRule> rules;
  private final boolean withSpan;
  private final Sites sites = new Sites();
  private final SitePlanner planner;

  public MethodTracing(List<MethodRule> rules, boolean withSpan) {
    this(rules, withSpan, (key, message) -> AgentLog.warnOnce(key, message, null));
  }

  /** {@code problems}: where a rule's problem with a matched class is reported, as (once-key, message). */
  MethodTracing(List<MethodRule> rules, boolean withSpan, BiConsumer<String, String> problems) {
    this.rules = Collections.unmodifiableList(new ArrayList<>(rules));
    this.withSpan = withSpan;
    this.planner = new SitePlanner(this.rules, sites, withSpan ? new WithSpanSites() : null, problems);
  }

  /** The module; it adds nothing to the agent's matching when there is no rule and {@code @WithSpan} is off. */
  public InstrumentationModule instrumentation() {
    return new MethodsInstrumentation(
        sites, planner, description(), !rules.isEmpty() || withSpan, classNamePrefixes(), transforms(), this::mayName);
  }

  /**
   * The classes a rule or {@code @WithSpan} may apply to: those a rule names (by the start of their own name) and
   * those naming the annotations, but any class at all once a rule selects "implementations of" a type, which a class
   * two levels down does not name.
   */
  private ClassFileFilter.Interest transforms() {
    List<String> named = new ArrayList<>();
    for (MethodRule rule : rules) {
      if (rule.type().kind() == TypeSelector.Kind.SUBTYPES_OF) {
        return ClassFileFilter.Interest.ANY_CLASS;
      }
      named.add(fixedStart(rule));
    }
    return ClassFileFilter.Interest.named(named).or(ClassFileFilter.Interest.naming(annotationPrefixes()));
  }

  /** The internal name a rule's class pattern starts with: all of it, or up to its first wildcard. */
  private static String fixedStart(MethodRule rule) {
    String pattern = rule.type().pattern();
    int wildcard = pattern.indexOf('*');
    return (wildcard < 0 ? pattern : pattern.substring(0, wildcard)).replace('.', '/');
  }

  private List<String> annotationPrefixes() {
    List<String> prefixes = new ArrayList<>();
    if (withSpan) {
      for (String annotations : WithSpanSites.PACKAGES) {
        prefixes.add(annotations.replace('.', '/') + "/");
      }
    }
    return prefixes;
  }

  /** Whether some rule may name {@code type}: by its name, or any type at all for "implementations of" rules. */
  private boolean mayName(TypeDescription type) {
    for (MethodRule rule : rules) {
      if (rule.type().kind() == TypeSelector.Kind.SUBTYPES_OF || rule.type().matchesName(type.getName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * What a class file names when a rule or {@code @WithSpan} may apply to it (see {@code InstrumentationModule.usedBy}):
   * the class a rule names, a wildcard's fixed start, the super type of "implementations of", the annotations'
   * packages. A JVM whose classes name none of them never installs the instrumentation for these rules.
   */
  private List<String> classNamePrefixes() {
    List<String> prefixes = new ArrayList<>();
    for (MethodRule rule : rules) {
      prefixes.add(fixedStart(rule));
    }
    prefixes.addAll(annotationPrefixes());
    return prefixes;
  }

  /** What the bridge's method events go to. */
  public MethodCapture capture(Dispatcher dispatcher) {
    return new MethodCapture(dispatcher, sites);
  }

  /** For the startup line: "methods (3 rules, @WithSpan)". */
  String description() {
    List<String> parts = new ArrayList<>();
    parts.add(rules.size() + (rules.size() == 1 ? " rule" : " rules"));
    if (withSpan) {
      parts.add("@WithSpan");
    }
    return "methods (" + String.join(", ", parts) + ")";
  }

  /**
   * After {@code delayMillis}, reports once each rule that has matched no method yet, on a daemon thread of its own
   * (never an app thread). Nothing is started when there are no rules.
   */
  public void reportUnmatchedAfter(long delayMillis) {
    if (rules.isEmpty()) {
      return;
    }
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        return;
      }
      reportUnmatched(delayMillis);
    }, "quartet-rules-check");
    t.setDaemon(true);
    t.start();
  }

  /** The rules that have matched no method so far, one warning each; returns how many. */
  int reportUnmatched(long afterMillis) {
    int unmatched = 0;
    for (MethodRule rule : rules) {
      if (!sites.matched(rule)) {
        unmatched++;
        AgentLog.warn(
            rule.origin() + ": this rule (" + rule.type() + ") has matched no method in the "
                + afterMillis / 1000 + " s since startup: check the class and method names (JDK classes are never"
                + " instrumented)");
      }
    }
    return unmatched;
  }

  Sites sites() {
    return sites;
  }
}
