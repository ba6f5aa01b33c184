package dev.quartet.rules;

/** STUB of Seam 2 (reverted before merging the rules branch). */
public final class RulesFile {
  public static Loaded load(java.nio.file.Path file) { return new Loaded(); }
  public static Loaded fromOtelMethodsInclude(String value) { return new Loaded(); }
  public static final class Loaded {
    public final java.util.List<MethodRule> rules = new java.util.ArrayList<>();
    public final java.util.List<Problem> problems = new java.util.ArrayList<>();
    public java.util.List<MethodRule> rules() { return rules; }
    public java.util.List<Problem> problems() { return problems; }
  }
}
