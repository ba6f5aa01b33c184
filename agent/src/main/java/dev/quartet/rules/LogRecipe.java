package dev.quartet.rules;

/** One log event written when the method exits, shipped like any app log record. */
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
