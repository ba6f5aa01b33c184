package dev.quartet.instrumentation.methods;

import dev.quartet.core.AgentLog;
import dev.quartet.instrumentation.ClassLoaderHasClass;
import dev.quartet.rules.EvaluationException;
import dev.quartet.rules.Expression;
import dev.quartet.rules.Invocation;
import dev.quartet.core.Span.Kind;
import dev.quartet.rules.MethodView;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.annotation.AnnotationValue;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Sites for methods annotated {@code @WithSpan} ({@code io.opentelemetry.instrumentation.annotations}, or the older
 * {@code io.opentelemetry.extension.annotations}), as the OpenTelemetry agent records them: the span is named by
 * {@code value} (default {@code SimpleClass.method}), has the {@code kind} given, each {@code @SpanAttribute}
 * parameter becomes an attribute named by the annotation's value or the parameter's name, and outside any request
 * the call starts a trace of its own. Annotations are read by
 * name from the class files: Quartet never loads the app's annotation classes.
 */
final class WithSpanSites {
  static final String ORIGIN = "@WithSpan";

  /** The two packages, built at run time: the agent's build relocates constants that start with io.opentelemetry. */
  static final String[] PACKAGES = {
    String.join(".", "io", "opentelemetry", "instrumentation", "annotations"),
    String.join(".", "io", "opentelemetry", "extension", "annotations")
  };

  private final ClassLoaderHasClass[] visible = new ClassLoaderHasClass[PACKAGES.length];

  WithSpanSites() {
    for (int i = 0; i < PACKAGES.length; i++) {
      visible[i] = new ClassLoaderHasClass(PACKAGES[i] + ".WithSpan");
    }
  }

  /** Whether classes of {@code loader} can carry {@code @WithSpan} at all: the annotations are read only then. */
  boolean visibleTo(ClassLoader loader) {
    for (ClassLoaderHasClass v : visible) {
      if (v.matches(loader)) {
        return true;
      }
    }
    return false;
  }

  /** The site of {@code m} when it is annotated {@code @WithSpan}, else null. */
  Site siteOf(TypeDescription type, MethodDescription m) {
    for (String pkg : PACKAGES) {
      AnnotationDescription withSpan = find(m.getDeclaredAnnotations(), pkg + ".WithSpan");
      if (withSpan != null) {
        return site(pkg, withSpan, type, m);
      }
    }
    return null;
  }

  private static Site site(String pkg, AnnotationDescription withSpan, TypeDescription type, MethodDescription m) {
    String display = SitePlanner.displayName(type, m);
    String value = stringValue(withSpan, "value");
    String name = value == null || value.isEmpty() ? display : value;
    Kind kind = kind(withSpan);
    Map<String, Expression> attributes = new LinkedHashMap<>();
    String[] parameterNames = SitePlanner.parameterNames(m);
    for (ParameterDescription p : m.getParameters()) {
      AnnotationDescription spanAttribute = find(p.getDeclaredAnnotations(), pkg + ".SpanAttribute");
      if (spanAttribute == null) {
        continue;
      }
      String key = stringValue(spanAttribute, "value");
      if (key == null || key.isEmpty()) {
        key = parameterNames[p.getIndex()];
      }
      if (key == null) {
        AgentLog.warnOnce(
            "methods.span-attribute." + display + "." + p.getIndex(),
            ORIGIN + ": @SpanAttribute on parameter " + p.getIndex() + " of " + display + " has no name, and the class"
                + " was compiled without -parameters; give it one (@SpanAttribute(\"name\")). Left out",
            null);
        continue;
      }
      attributes.put(key, new Argument(p.getIndex()));
    }
    return new Site(
        null,
        ORIGIN,
        display,
        type.getName(),
        parameterNames,
        name,
        null,
        null,
        kind,
        true,
        true,
        attributes,
        Collections.emptyMap(),
        Collections.emptyMap(),
        null,
        true,
        true, // as in the OTel agent: outside any request an annotated method starts a trace of its own
        !attributes.isEmpty());
  }

  private static AnnotationDescription find(AnnotationList annotations, String typeName) {
    for (AnnotationDescription a : annotations) {
      try {
        if (a.getAnnotationType().getName().equals(typeName)) {
          return a;
        }
      } catch (RuntimeException unreadable) {
        // an annotation whose class file is missing: not one of ours
      }
    }
    return null;
  }

  private static String stringValue(AnnotationDescription a, String property) {
    try {
      AnnotationValue<?, ?> v = a.getValue(property);
      Object resolved = v.resolve();
      return resolved instanceof String ? (String) resolved : null;
    } catch (RuntimeException absent) {
      return null; // the default
    }
  }

  /** {@code kind}: the name of an OTel {@code SpanKind} constant; INTERNAL when absent or unknown. */
  private static Kind kind(AnnotationDescription a) {
    try {
      Object resolved = a.getValue("kind").resolve();
      if (resolved instanceof EnumerationDescription) {
        return Kind.valueOf(((EnumerationDescription) resolved).getValue());
      }
    } catch (RuntimeException absentOrUnknown) {
      // INTERNAL, as the annotation's default
    }
    return Kind.INTERNAL;
  }

  /** {@code args[index]}: the value of a {@code @SpanAttribute} parameter. */
  static final class Argument implements Expression {
    private final int index;

    Argument(int index) {
      this.index = index;
    }

    @Override
    public Object evaluate(Invocation inv) throws EvaluationException {
      Object[] args = inv.args();
      if (args == null || index >= args.length) {
        throw new EvaluationException("no argument " + index);
      }
      return args[index];
    }

    @Override
    public Object evaluateOrNull(Invocation inv) {
      Object[] args = inv.args();
      return args == null || index >= args.length ? null : args[index];
    }

    @Override
    public Set<String> identifiers() {
      return Collections.singleton("args");
    }

    @Override
    public String source() {
      return "args[" + index + "]";
    }

    @Override
    public String check(MethodView method) {
      return null;
    }
  }
}
