package dev.quartet.rules;

/** STUB of Seam 2. */
public final class LogRecipe {
  public String level = "INFO"; public Template message;
  public String level() { return level; } public Template message() { return message; }
}
