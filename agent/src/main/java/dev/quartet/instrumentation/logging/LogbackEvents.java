package dev.quartet.instrumentation.logging;

import dev.quartet.core.LogEvent;
import dev.quartet.core.Span;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Logback's {@code ILoggingEvent} as a {@link LogEvent}, through method handles resolved once per event class:
 * Quartet cannot link against the app's Logback, which may be any 1.x version.
 */
final class LogbackEvents {
  static final String LIBRARY = "logback";

  private static final ClassValue<LogbackEvents> BY_EVENT_CLASS =
      new ClassValue<LogbackEvents>() {
        @Override
        protected LogbackEvents computeValue(Class<?> type) {
          try {
            return new LogbackEvents(type.getClassLoader());
          } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("not a Logback ILoggingEvent: " + type.getName(), e);
          }
        }
      };

  private final MethodHandle getLevel;
  private final MethodHandle levelToInt;
  private final MethodHandle levelToString;
  private final MethodHandle getLoggerName;
  private final MethodHandle getThreadName;
  private final MethodHandle getFormattedMessage;
  private final MethodHandle getTimeStamp;
  private final MethodHandle getThrowableProxy;
  private final Class<?> throwableProxyType;
  private final MethodHandle getThrowable;

  private LogbackEvents(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> event = Class.forName("ch.qos.logback.classic.spi.ILoggingEvent", false, loader);
    Class<?> level = Class.forName("ch.qos.logback.classic.Level", false, loader);
    Class<?> proxy = Class.forName("ch.qos.logback.classic.spi.IThrowableProxy", false, loader);
    throwableProxyType = Class.forName("ch.qos.logback.classic.spi.ThrowableProxy", false, loader);
    getLevel = getter(event, "getLevel", level);
    levelToInt = getter(level, "toInt", int.class);
    levelToString = getter(level, "toString", String.class);
    getLoggerName = getter(event, "getLoggerName", String.class);
    getThreadName = getter(event, "getThreadName", String.class);
    getFormattedMessage = getter(event, "getFormattedMessage", String.class);
    getTimeStamp = getter(event, "getTimeStamp", long.class);
    getThrowableProxy = getter(event, "getThrowableProxy", proxy);
    getThrowable = getter(throwableProxyType, "getThrowable", Throwable.class);
  }

  /** A no-argument method as an exact {@code (Object)R} handle; R is Object unless a JDK type or primitive. */
  private static MethodHandle getter(Class<?> owner, String name, Class<?> returns)
      throws ReflectiveOperationException {
    Class<?> as = returns.isPrimitive() || returns.getClassLoader() == null ? returns : Object.class;
    return MethodHandles.publicLookup()
        .findVirtual(owner, name, MethodType.methodType(returns))
        .asType(MethodType.methodType(as, Object.class));
  }

  static LogEvent toEvent(Object event, Span span) throws Throwable {
    return BY_EVENT_CLASS.get(event.getClass()).convert(event, span);
  }

  private LogEvent convert(Object event, Span span) throws Throwable {
    Object level = (Object) getLevel.invokeExact(event);
    int levelInt = level == null ? 20_000 : (int) levelToInt.invokeExact(level);
    Throwable thrown = null;
    Object proxy = (Object) getThrowableProxy.invokeExact(event);
    if (proxy != null && throwableProxyType.isInstance(proxy)) {
      thrown = (Throwable) getThrowable.invokeExact(proxy);
    }
    return new LogEvent(
        LIBRARY,
        (long) getTimeStamp.invokeExact(event),
        level(levelInt),
        level == null ? "INFO" : (String) levelToString.invokeExact(level),
        (String) getLoggerName.invokeExact(event),
        (String) getThreadName.invokeExact(event),
        (String) getFormattedMessage.invokeExact(event),
        thrown,
        span);
  }

  /** Logback's levels: TRACE 5000, DEBUG 10000, INFO 20000, WARN 30000, ERROR 40000. */
  static LogEvent.Level level(int v) {
    if (v >= 40_000) {
      return LogEvent.Level.ERROR;
    }
    if (v >= 30_000) {
      return LogEvent.Level.WARN;
    }
    if (v >= 20_000) {
      return LogEvent.Level.INFO;
    }
    if (v >= 10_000) {
      return LogEvent.Level.DEBUG;
    }
    return LogEvent.Level.TRACE;
  }
}
