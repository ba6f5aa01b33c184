package dev.quartet.rules;

/**
 * TEMPORARY: the span kinds of {@code dev.quartet.core.Span.Kind}, same constants, until the core span type lands
 * (branch {@code spans}); then this file goes and {@link SpanRecipe#kind()} returns {@code Span.Kind}.
 */
public enum Kind {
  SERVER,
  CLIENT,
  INTERNAL,
  PRODUCER,
  CONSUMER
}
