package dev.quartet.rules;

/** STUB copy of the rules branch's work in progress (Seam 2), removed before merging rules.
 *
 * One log event written when the method exits, shipped like any app log record. */
public final class LogRecipe {
  private final String level;
  private final Template message;

  public LogRecipe(String level, Template message) {
    this.level = level;
    this.message = message;
  }

  /** One of TRACE, DEBUG, INFO, WARN, ERROR (upper case). */
  public String level() {
    return level;
  }

  public Template message() {
    return message;
  }
}
