package dev.quartet.core;

/**
 * One log record of the app, whatever library produced it, as every backend sees it. {@link #request()} is the
 * request being served on the thread that logged it (null outside requests): its trace and span id correlate the
 * record with the request's spans, segments and error items.
 */
public final class LogEvent {
  public enum Level {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  private final String library;
  private final long epochMillis;
  private final Level level;
  private final String levelName;
  private final String loggerName;
  private final String threadName;
  private final String message;
  private final Throwable thrown;
  private final ServerRequest request;

  public LogEvent(
      String library,
      long epochMillis,
      Level level,
      String levelName,
      String loggerName,
      String threadName,
      String message,
      Throwable thrown,
      ServerRequest request) {
    this.library = library;
    this.epochMillis = epochMillis;
    this.level = level;
    this.levelName = levelName;
    this.loggerName = loggerName == null ? "" : loggerName;
    this.threadName = threadName;
    this.message = message == null ? "" : message;
    this.thrown = thrown;
    this.request = request;
  }

  /** jul, logback or log4j2. */
  public String library() {
    return library;
  }

  public long epochMillis() {
    return epochMillis;
  }

  public Level level() {
    return level;
  }

  /** The level as the library named it (SEVERE, WARNING, warn, …). */
  public String levelName() {
    return levelName;
  }

  public String loggerName() {
    return loggerName;
  }

  public String threadName() {
    return threadName;
  }

  /** The formatted message (parameters substituted). */
  public String message() {
    return message;
  }

  public Throwable thrown() {
    return thrown;
  }

  /** The request in flight on the logging thread, or null. */
  public ServerRequest request() {
    return request;
  }
}
