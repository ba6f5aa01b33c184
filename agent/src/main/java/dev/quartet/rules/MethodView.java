package dev.quartet.rules;

/**
 * What {@link Expression#check} needs to know about a matched method before it runs. The method instrumentation
 * implements it over Byte Buddy's type descriptions (nothing is loaded to answer).
 */
public interface MethodView {
  /** The matched class ({@code this}). */
  TypeView declaringType();

  boolean isStatic();

  int parameterCount();

  TypeView parameterType(int index);

  /** null when unknown (not compiled with -parameters). */
  String parameterName(int index);

  /** null for void. */
  TypeView returnType();
}
