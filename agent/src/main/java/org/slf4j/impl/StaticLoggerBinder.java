package org.slf4j.impl;

import org.slf4j.ILoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;
import org.slf4j.spi.LoggerFactoryBinder;

/**
 * The SLF4J binding of Quartet's relocated SLF4J (dev.quartet.shaded.org.slf4j after shading), used by rollbar-java:
 * no-op. Without a binding SLF4J 1.7 prints "Failed to load class StaticLoggerBinder" on the app's stderr; with a
 * logging one, rollbar-java's own records could be captured and reported to Rollbar again. Quartet notices send and
 * build failures itself and reports them through AgentLog.
 */
public final class StaticLoggerBinder implements LoggerFactoryBinder {
  private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();

  /** Read by SLF4J to check compatibility; must not be final, so that it is not inlined at compile time. */
  public static String REQUESTED_API_VERSION = "1.6.99";

  private final ILoggerFactory factory = new NOPLoggerFactory();

  private StaticLoggerBinder() {}

  public static StaticLoggerBinder getSingleton() {
    return SINGLETON;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public String getLoggerFactoryClassStr() {
    return NOPLoggerFactory.class.getName();
  }
}
