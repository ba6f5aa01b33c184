package dev.quartet.rules;

/** STUB of Seam 2. */
public final class Problem {
  public String file() { return ""; } public int line() { return 0; } public String message() { return ""; }
}
