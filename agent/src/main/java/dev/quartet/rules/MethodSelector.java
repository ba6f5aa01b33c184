package dev.quartet.rules;

import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** Which methods of a selected class: a name or name pattern, and optionally the parameter types of one overload. */
public final class MethodSelector {
  private final String name;
  private final List<String> parameterTypes;
  private final Pattern compiled;

  /** parameterTypes: null for every overload; else fully qualified names ({@code java.lang.String}, {@code int}, {@code byte[]}). */
  public MethodSelector(String name, List<String> parameterTypes) {
    this.name = name;
    this.parameterTypes = parameterTypes == null ? null : Collections.unmodifiableList(parameterTypes);
    this.compiled = Glob.isWildcard(name) ? Glob.compile(name) : null;
  }

  /** Exact ({@code run}) or with {@code *} wildcards ({@code get*}, {@code *}). */
  public String name() {
    return name;
  }

  /** null: every overload; else the exact parameter types, fully qualified, in order (empty: no parameters). */
  public List<String> parameterTypes() {
    return parameterTypes;
  }

  public boolean isWildcard() {
    return compiled != null;
  }

  public boolean matchesName(String methodName) {
    if (methodName == null) {
      return false;
    }
    return compiled != null ? compiled.matcher(methodName).matches() : name.equals(methodName);
  }

  /** Whether the parameter types of one overload are selected (type names fully qualified, arrays as {@code byte[]}). */
  public boolean matchesParameters(List<String> typeNames) {
    return parameterTypes == null || parameterTypes.equals(typeNames);
  }

  @Override
  public String toString() {
    return parameterTypes == null ? name : name + "(" + String.join(", ", parameterTypes) + ")";
  }
}
