package dev.quartet.rules;

import java.util.Collections;
import java.util.List;

/** One rule: which methods of which classes, and what to record around each call. */
public final class MethodRule {
  private final String origin;
  private final TypeSelector type;
  private final List<MethodSelector> methods;
  private final SpanRecipe recipe;

  public MethodRule(String origin, TypeSelector type, List<MethodSelector> methods, SpanRecipe recipe) {
    this.origin = origin;
    this.type = type;
    this.methods = Collections.unmodifiableList(methods);
    this.recipe = recipe;
  }

  /** Where the rule was written: {@code quartet-rules.yaml:12}, {@code OTEL_INSTRUMENTATION_METHODS_INCLUDE}, {@code @WithSpan}. */
  public String origin() {
    return origin;
  }

  public TypeSelector type() {
    return type;
  }

  /** Never empty. */
  public List<MethodSelector> methods() {
    return methods;
  }

  public SpanRecipe recipe() {
    return recipe;
  }

  @Override
  public String toString() {
    return origin + " (" + type + " " + methods + ")";
  }
}
