package dev.quartet.instrumentation.logging;

import dev.quartet.core.LogEvent;
import dev.quartet.core.Span;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The arguments of Log4j 2's {@code Logger.logMessage}/{@code log} as a {@link LogEvent}, through the log4j-api
 * types reached by method handles resolved once per logger class.
 */
final class Log4jEvents {
  static final String LIBRARY = "log4j2";

  private static final ClassValue<Log4jEvents> BY_LOGGER_CLASS =
      new ClassValue<Log4jEvents>() {
        @Override
        protected Log4jEvents computeValue(Class<?> type) {
          try {
            return new Log4jEvents(type.getClassLoader());
          } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("not a Log4j 2 logger: " + type.getName(), e);
          }
        }
      };

  private final MethodHandle loggerName;
  private final MethodHandle levelName;
  private final MethodHandle intLevel;
  private final MethodHandle formattedMessage;
  private final MethodHandle messageThrowable;

  private Log4jEvents(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> logger = Class.forName(Log4jInstrumentation.log4j("Logger"), false, loader);
    Class<?> level = Class.forName(Log4jInstrumentation.log4j("Level"), false, loader);
    Class<?> message = Class.forName(Log4jInstrumentation.log4j("message.Message"), false, loader);
    loggerName = getter(logger, "getName", String.class);
    levelName = getter(level, "name", String.class);
    intLevel = getter(level, "intLevel", int.class);
    formattedMessage = getter(message, "getFormattedMessage", String.class);
    messageThrowable = getter(message, "getThrowable", Throwable.class);
  }

  private static MethodHandle getter(Class<?> owner, String name, Class<?> returns)
      throws ReflectiveOperationException {
    return MethodHandles.publicLookup()
        .findVirtual(owner, name, MethodType.methodType(returns))
        .asType(MethodType.methodType(returns, Object.class));
  }

  /**
   * {@code arguments}: {@code (fqcn, level, marker, message, throwable)} or {@code (level, marker, fqcn, location,
   * message, throwable)}.
   */
  static LogEvent toEvent(Object logger, Object[] arguments, Span span) throws Throwable {
    return BY_LOGGER_CLASS.get(logger.getClass()).convert(logger, arguments, span);
  }

  private LogEvent convert(Object logger, Object[] a, Span span) throws Throwable {
    boolean withLocation = a.length == 6;
    Object level = withLocation ? a[0] : a[1];
    Object message = withLocation ? a[4] : a[3];
    Throwable thrown = (Throwable) (withLocation ? a[5] : a[4]);
    if (thrown == null && message != null) {
      thrown = (Throwable) messageThrowable.invokeExact(message);
    }
    int v = level == null ? 400 : (int) intLevel.invokeExact(level);
    return new LogEvent(
        LIBRARY,
        System.currentTimeMillis(),
        level(v),
        level == null ? "INFO" : (String) levelName.invokeExact(level),
        (String) loggerName.invokeExact(logger),
        Thread.currentThread().getName(),
        message == null ? "" : (String) formattedMessage.invokeExact(message),
        thrown,
        span);
  }

  /** Log4j 2's levels: FATAL 100, ERROR 200, WARN 300, INFO 400, DEBUG 500, TRACE 600 (custom ones in between). */
  static LogEvent.Level level(int v) {
    if (v <= 200) {
      return LogEvent.Level.ERROR;
    }
    if (v <= 300) {
      return LogEvent.Level.WARN;
    }
    if (v <= 400) {
      return LogEvent.Level.INFO;
    }
    if (v <= 500) {
      return LogEvent.Level.DEBUG;
    }
    return LogEvent.Level.TRACE;
  }
}
