package dev.quartet.rules;

/** STUB of Seam 2. */
public final class Values {
  public static Object toBackend(Object value) { return value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double ? value : value instanceof Number ? (Object) ((Number) value).longValue() : String.valueOf(value); }
}
