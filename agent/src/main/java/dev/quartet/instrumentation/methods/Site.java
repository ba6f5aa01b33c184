package dev.quartet.instrumentation.methods;

import dev.quartet.rules.Expression;
import dev.quartet.core.Span.Kind;
import dev.quartet.rules.LogRecipe;
import dev.quartet.rules.Template;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * One instrumented method and what to record when it runs: made once, when its class is instrumented, from the
 * first rule that names it (or from its {@code @WithSpan}). Expressions that cannot work on this class were left
 * out then ({@link SitePlanner}).
 */
final class Site {
  /** The rule it comes from, or null for {@code @WithSpan}. */
  final Object rule;
  /** Where the recipe comes from: "quartet-rules.yaml:12", "OTEL_INSTRUMENTATION_METHODS_INCLUDE", "@WithSpan". */
  final String origin;
  /** {@code SimpleClass.method}: the span's name unless the recipe names it. */
  final String displayName;
  /** The declaring class's name: the logger name of the rule's log event. */
  final String className;
  /** Null entries where the class was compiled without {@code -parameters}. */
  final String[] parameterNames;
  final String fixedName;
  /** Null: {@link #fixedName}. */
  final Template nameTemplate;
  /** The X-Ray subsegment's name when it differs from the span's; null: the same. */
  final Template subsegmentName;
  final Kind kind;
  final boolean otelSpan;
  final boolean xraySubsegment;
  final Map<String, Expression> attributes;
  final Map<String, Expression> annotations;
  final Map<String, Map<String, Expression>> metadata;
  final LogRecipe log;
  final boolean errorOnThrow;
  final boolean startsTrace;
  /** Whether any expression reads the arguments: the advice then passes them (an array per call). */
  final boolean readsArgs;

  Site(
      Object rule,
      String origin,
      String displayName,
      String className,
      String[] parameterNames,
      String fixedName,
      Template nameTemplate,
      Template subsegmentName,
      Kind kind,
      boolean otelSpan,
      boolean xraySubsegment,
      Map<String, Expression> attributes,
      Map<String, Expression> annotations,
      Map<String, Map<String, Expression>> metadata,
      LogRecipe log,
      boolean errorOnThrow,
      boolean startsTrace,
      boolean readsArgs) {
    this.rule = rule;
    this.origin = origin;
    this.displayName = displayName;
    this.className = className;
    this.parameterNames = parameterNames;
    this.fixedName = fixedName;
    this.nameTemplate = nameTemplate;
    this.subsegmentName = subsegmentName;
    this.kind = kind;
    this.otelSpan = otelSpan;
    this.xraySubsegment = xraySubsegment;
    this.attributes = attributes;
    this.annotations = annotations;
    this.metadata = metadata;
    this.log = log;
    this.errorOnThrow = errorOnThrow;
    this.startsTrace = startsTrace;
    this.readsArgs = readsArgs;
  }

  /** Identifiers that never need the argument array. */
  private static final Set<String> WITHOUT_ARGS = Set.of("this", "return", "thrown");

  /** Whether {@code expression} reads an argument (args[i], a parameter name) or something unknown (to be safe). */
  static boolean readsArgs(Expression expression) {
    Set<String> ids = expression == null ? Collections.emptySet() : expression.identifiers();
    for (String id : ids) {
      if (!WITHOUT_ARGS.contains(id)) {
        return true;
      }
    }
    return false;
  }
}
