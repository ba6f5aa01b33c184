package dev.quartet.rules;

import java.util.regex.Pattern;

/** Which classes a rule applies to. */
public final class TypeSelector {
  public enum Kind {
    /** One class by its fully qualified (binary) name: {@code cruddur.services.HomeActivities}, {@code a.Outer$Inner}. */
    EXACT,
    /** Names matching a pattern where {@code *} is any run of characters: {@code cruddur.services.*}. */
    WILDCARD,
    /** Every concrete class that implements the interface or extends the class named (not the type itself). */
    SUBTYPES_OF
  }

  private final Kind kind;
  private final String pattern;
  private final Pattern compiled;

  public TypeSelector(Kind kind, String pattern) {
    this.kind = kind;
    this.pattern = pattern;
    this.compiled = kind == Kind.WILDCARD ? Glob.compile(pattern) : null;
  }

  public Kind kind() {
    return kind;
  }

  public String pattern() {
    return pattern;
  }

  /**
   * For EXACT and WILDCARD: whether a class of this name is selected. For SUBTYPES_OF: whether {@code name} is the
   * named supertype (the instrumentation asks it of each supertype of a candidate class).
   */
  public boolean matchesName(String name) {
    if (name == null) {
      return false;
    }
    return compiled != null ? compiled.matcher(name).matches() : pattern.equals(name);
  }

  @Override
  public String toString() {
    return kind == Kind.SUBTYPES_OF ? "implementations of " + pattern : pattern;
  }
}
