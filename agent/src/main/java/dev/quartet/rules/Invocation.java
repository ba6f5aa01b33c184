package dev.quartet.rules;

/** STUB of Seam 2. */
public interface Invocation {
  Object self(); Object[] args(); String[] parameterNames(); Object returned(); Throwable thrown(); long startEpochMillis();
}
