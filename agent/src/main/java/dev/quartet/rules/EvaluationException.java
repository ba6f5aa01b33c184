package dev.quartet.rules;

/** STUB of Seam 2. */
public class EvaluationException extends Exception {
  public EvaluationException(String message) { super(message); }
}
