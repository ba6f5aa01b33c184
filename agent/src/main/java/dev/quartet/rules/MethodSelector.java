package dev.quartet.rules;

/** STUB of Seam 2. */
public final class MethodSelector {
  private final String name; private final java.util.List<String> parameterTypes;
  public MethodSelector(String name, java.util.List<String> parameterTypes) { this.name = name; this.parameterTypes = parameterTypes; }
  public String name() { return name; }
  public java.util.List<String> parameterTypes() { return parameterTypes; }
}
