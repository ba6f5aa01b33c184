package dev.quartet.core;

/**
 * One log record of the app, whatever library produced it, as every backend sees it. {@link #span()} is the innermost
 * span current on the thread that logged it (a method span, or the request; null outside any): its trace and span
 * id correlate the record with the trace's spans, segments and error items.
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
  private final Span span;

  public LogEvent(
      String library,
      long epochMillis,
      Level level,
      String levelName,
      String loggerName,
      String threadName,
      String message,
      Throwable thrown,
      Span span) {
    this.library = library;
    this.epochMillis = epochMillis;
    this.level = level;
    this.levelName = levelName;
    this.loggerName = loggerName == null ? "" : loggerName;
    this.threadName = threadName;
    this.message = message == null ? "" : message;
    this.thrown = thrown;
    this.span = span;
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

  /** The request in flight on the logging thread (the root of {@link #span()}), or null. */
  public ServerRequest request() {
    return span == null ? null : span.request();
  }

  /** The innermost span current on the logging thread, or null: the span id a backend quotes. */
  public Span span() {
    return span;
  }
}
