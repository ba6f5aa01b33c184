package io.opentelemetry.instrumentation.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Test copy of opentelemetry-instrumentation-annotations' {@code @WithSpan}, under its real name: Quartet matches it
 * by name. Its {@code kind} is the test copy of {@code SpanKind} (the real one is in opentelemetry-api).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface WithSpan {
  String value() default "";

  SpanKind kind() default SpanKind.INTERNAL;

  /** Test copy of {@code io.opentelemetry.api.trace.SpanKind}. */
  enum SpanKind {
    INTERNAL,
    SERVER,
    CLIENT,
    PRODUCER,
    CONSUMER
  }
}
