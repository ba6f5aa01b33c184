package dev.quartet.rules;

/** An expression could not produce a value for this call (no such parameter, no readable property …). */
public final class EvaluationException extends Exception {
  private static final long serialVersionUID = 1L;

  public EvaluationException(String message) {
    super(message, null, false, false);
  }
}
