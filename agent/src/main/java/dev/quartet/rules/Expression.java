package dev.quartet.rules;

import java.util.Set;

/**
 * A value read from a call: {@code args[0]}, {@code user.handle}, {@code size(return)}, {@code 'home-' + args[0]} …
 * (docs/RULES.md lists the language). Parsed and vetted when the rules file loads; evaluating one never calls
 * anything but public getters, record accessors, {@code Map.get}, sizes and lengths.
 */
public interface Expression {
  /** The raw value (not yet converted for a backend: see {@link Values}); null when a step along the way is null. */
  Object evaluate(Invocation inv) throws EvaluationException;

  /**
   * {@link #evaluate}, but a failure (or any Throwable) gives null and is reported once, as one warning naming the
   * rule's file and line, the expression, and why. What the method instrumentation calls.
   */
  Object evaluateOrNull(Invocation inv);

  /** The root names it reads: {@code args}, {@code return}, {@code this}, {@code thrown}, or parameter names. */
  Set<String> identifiers();

  /** As written in the rules file. */
  String source();

  /**
   * Judges the property chains against the matched method's types: null when fine, else what is wrong ("cruddur.User
   * has no public getter getSecret()/isSecret() and no record component secret"). Called when a class is matched;
   * a rule with a problem is not applied to that method.
   */
  String check(MethodView method);
}
