package dev.quartet.rules;

/** One call of a matched method, as the expressions see it at its exit. Built by the method instrumentation. */
public interface Invocation {
  /** The receiver; null for a static method. */
  Object self();

  Object[] args();

  /** The declared parameter names; null entries (or a null array) when the class was not compiled with -parameters. */
  String[] parameterNames();

  /** What the method returned; null for void, or when it threw. */
  Object returned();

  /** What the method threw, or null. */
  Throwable thrown();

  /** When the method was entered (wall clock); {@code now()} is this instant. */
  long startEpochMillis();
}
