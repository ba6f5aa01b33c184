package dev.quartet.rules;

/** STUB of Seam 2. */
public final class TypeSelector {
  public enum Kind { EXACT, WILDCARD, SUBTYPES_OF }
  private final Kind kind; private final String pattern;
  public TypeSelector(Kind kind, String pattern) { this.kind = kind; this.pattern = pattern; }
  public Kind kind() { return kind; }
  public String pattern() { return pattern; }
}
