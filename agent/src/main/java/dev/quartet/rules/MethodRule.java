package dev.quartet.rules;

/** STUB of Seam 2. */
public final class MethodRule {
  private final String origin; private final TypeSelector type; private final java.util.List<MethodSelector> methods; private final SpanRecipe recipe;
  public MethodRule(String origin, TypeSelector type, java.util.List<MethodSelector> methods, SpanRecipe recipe) {
    this.origin = origin; this.type = type; this.methods = methods; this.recipe = recipe;
  }
  public String origin() { return origin; }
  public TypeSelector type() { return type; }
  public java.util.List<MethodSelector> methods() { return methods; }
  public SpanRecipe recipe() { return recipe; }
}
