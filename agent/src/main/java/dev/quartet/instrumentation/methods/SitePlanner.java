package dev.quartet.instrumentation.methods;

import dev.quartet.core.AgentLog;
import dev.quartet.rules.Expression;
import dev.quartet.rules.MethodRule;
import dev.quartet.rules.MethodSelector;
import dev.quartet.rules.MethodView;
import dev.quartet.rules.SpanRecipe;
import dev.quartet.rules.Template;
import dev.quartet.rules.TypeSelector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Decides, when a class is loaded, which of its methods get a {@link Site}: the first rule (in file order) whose
 * class and method selectors name it, else its {@code @WithSpan}. Cheap for the classes no rule names: names are
 * compared first; the super types are walked (once per class) only when some rule selects implementations of a type;
 * a class's annotations are read only when its class loader can see {@code @WithSpan}.
 */
final class SitePlanner {
  private final List<MethodRule> rules;
  private final Sites sites;
  private final WithSpanSites withSpan;
  private final boolean anySubtypeRule;
  /** Where a rule's problem with a class goes: (once-key, message); AgentLog.warnOnce outside tests. */
  private final BiConsumer<String, String> problems;

  /** {@code withSpan}: null when {@code @WithSpan} is off. */
  SitePlanner(List<MethodRule> rules, Sites sites, WithSpanSites withSpan, BiConsumer<String, String> problems) {
    this.rules = rules;
    this.problems = problems;
    this.sites = sites;
    this.withSpan = withSpan;
    boolean subtypes = false;
    for (MethodRule r : rules) {
      subtypes |= r.type().kind() == TypeSelector.Kind.SUBTYPES_OF;
    }
    this.anySubtypeRule = subtypes;
  }

  /** Gives {@code type}'s named methods their sites; true when it has one or more (and is to be instrumented). */
  boolean plan(TypeDescription type, ClassLoader loader) {
    List<MethodRule> candidates = rulesFor(type);
    boolean annotations = withSpan != null && withSpan.visibleTo(loader);
    if (candidates.isEmpty() && !annotations) {
      return false;
    }
    boolean any = false;
    for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
      if (!m.isMethod() || m.isAbstract() || m.isNative() || m.isBridge() || m.isSynthetic()) {
        continue;
      }
      String key = Sites.key(type.getName(), m.getInternalName(), m.getDescriptor());
      if (sites.numberOf(key) >= 0) {
        any = true;
        continue;
      }
      Site site = null;
      for (MethodRule rule : candidates) {
        if (names(rule, m)) {
          site = siteOf(rule, type, m);
          break;
        }
      }
      if (site == null && annotations) {
        site = withSpan.siteOf(type, m);
      }
      if (site != null) {
        if (sites.register(key, site) >= 0) {
          any = true;
        } else {
          AgentLog.warnOnce(
              "methods.too-many", "methods: more than " + Sites.MAX_SITES + " methods matched; the rest are not traced", null);
        }
      }
    }
    return any;
  }

  /** The rules whose class selector names {@code type}, in file order. */
  private List<MethodRule> rulesFor(TypeDescription type) {
    List<MethodRule> matching = null;
    Set<String> superTypes = null;
    String name = type.getName();
    for (MethodRule rule : rules) {
      TypeSelector selector = rule.type();
      boolean selected;
      if (selector.kind() == TypeSelector.Kind.SUBTYPES_OF) {
        if (superTypes == null) {
          superTypes = type.isInterface() || type.isAbstract() ? Collections.emptySet() : superTypeNames(type);
        }
        selected = superTypes.contains(selector.pattern());
      } else {
        selected = selector.matchesName(name);
      }
      if (selected) {
        if (matching == null) {
          matching = new ArrayList<>(2);
        }
        matching.add(rule);
      }
    }
    return matching == null ? Collections.emptyList() : matching;
  }

  /** Every class and interface {@code type} extends or implements (not itself); the readable part when some is not. */
  static Set<String> superTypeNames(TypeDescription type) {
    Set<String> names = new HashSet<>();
    Deque<TypeDefinition> pending = new ArrayDeque<>();
    pending.add(type);
    while (!pending.isEmpty()) {
      TypeDefinition t = pending.poll();
      try {
        TypeDescription.Generic superClass = t.getSuperClass();
        if (superClass != null && names.add(superClass.asErasure().getName())) {
          pending.add(superClass.asErasure());
        }
        for (TypeDescription.Generic i : t.getInterfaces()) {
          if (names.add(i.asErasure().getName())) {
            pending.add(i.asErasure());
          }
        }
      } catch (RuntimeException unreadable) {
        // a super type's class file is missing: what was read so far still counts
      }
    }
    return names;
  }

  private static boolean names(MethodRule rule, MethodDescription m) {
    for (MethodSelector selector : rule.methods()) {
      if (selector.matchesName(m.getInternalName())
          && (selector.parameterTypes() == null || selector.matchesParameters(parameterTypeNames(m)))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> parameterTypeNames(MethodDescription m) {
    List<String> names = new ArrayList<>();
    for (ParameterDescription p : m.getParameters()) {
      names.add(p.getType().asErasure().getActualName());
    }
    return names;
  }

  /**
   * {@code SimpleClass.method}, as the OTel agent names spans: the class's simple name ({@code Inner} for a nested
   * class), or for an anonymous class its name after the package ({@code Outer$1}).
   */
  static String displayName(TypeDescription type, MethodDescription m) {
    String simple;
    try {
      simple = type.getSimpleName();
    } catch (RuntimeException unreadable) {
      simple = "";
    }
    if (simple.isEmpty()) {
      String name = type.getName();
      simple = name.substring(name.lastIndexOf('.') + 1);
    }
    return simple + "." + m.getInternalName();
  }

  static String[] parameterNames(MethodDescription m) {
    String[] names = new String[m.getParameters().size()];
    for (ParameterDescription p : m.getParameters()) {
      names[p.getIndex()] = p.isNamed() ? p.getName() : null;
    }
    return names;
  }

  /** The rule's recipe for this method, without the expressions that cannot work on it (each reported once). */
  private Site siteOf(MethodRule rule, TypeDescription type, MethodDescription.InDefinedShape m) {
    SpanRecipe recipe = rule.recipe();
    MethodView view = Views.of(type, m);
    String display = displayName(type, m);
    Checked checked = new Checked(rule.origin(), type.getName() + "." + m.getInternalName(), view, problems);
    Map<String, Expression> attributes = checked.values("attribute", recipe.attributes());
    Map<String, Expression> annotations = checked.values("annotation", recipe.annotations());
    Map<String, Map<String, Expression>> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Expression>> ns : recipe.metadata().entrySet()) {
      Map<String, Expression> values = checked.values("metadata " + ns.getKey(), ns.getValue());
      if (!values.isEmpty()) {
        metadata.put(ns.getKey(), values);
      }
    }
    checked.template("span name", recipe.name());
    checked.template("subsegment name", recipe.subsegmentName());
    if (recipe.log() != null) {
      checked.template("log message", recipe.log().message());
    }
    return new Site(
        rule,
        rule.origin(),
        display,
        type.getName(),
        parameterNames(m),
        display,
        recipe.name(),
        recipe.subsegmentName(),
        recipe.kind(),
        recipe.span(),
        recipe.subsegment(),
        attributes,
        annotations,
        metadata,
        recipe.log(),
        recipe.errorOnThrow(),
        recipe.startsTrace(),
        checked.readsArgs);
  }

  /** Checks a rule's expressions against one method; remembers whether any kept one reads the arguments. */
  private static final class Checked {
    private final String origin;
    /** {@code package.Class.method}, for the reports. */
    private final String method;
    private final MethodView view;
    private final BiConsumer<String, String> problems;
    boolean readsArgs;

    Checked(String origin, String method, MethodView view, BiConsumer<String, String> problems) {
      this.origin = origin;
      this.method = method;
      this.view = view;
      this.problems = problems;
    }

    Map<String, Expression> values(String what, Map<String, Expression> expressions) {
      Map<String, Expression> kept = new LinkedHashMap<>();
      for (Map.Entry<String, Expression> e : expressions.entrySet()) {
        if (ok(what + " " + e.getKey(), e.getValue())) {
          kept.put(e.getKey(), e.getValue());
          readsArgs |= Site.readsArgs(e.getValue());
        }
      }
      return kept;
    }

    /** A template stays whole (a hole that fails renders as ""); its problems are reported now. */
    void template(String what, Template template) {
      if (template == null) {
        return;
      }
      for (Expression e : template.expressions()) {
        ok(what, e);
        readsArgs |= Site.readsArgs(e);
      }
    }

    private boolean ok(String what, Expression e) {
      String problem;
      try {
        problem = e.check(view);
      } catch (RuntimeException unreadable) {
        problem = null; // judged at run time instead
      }
      if (problem == null) {
        return true;
      }
      problems.accept(
          "methods.check." + origin + "." + method + "." + what,
          "rules: " + origin + ": `" + e.source() + "`: " + problem + "; left out of the " + what + " of " + method
              + " (the rest of the rule applies)");
      return false;
    }
  }
}
