package dev.quartet.rules;

/** STUB of Seam 2. */
public interface Expression {
  Object evaluate(Invocation inv) throws EvaluationException;
  java.util.Set<String> identifiers();
  String source();
}
