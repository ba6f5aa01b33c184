package org.slf4j.impl;

import org.slf4j.ILoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;
import org.slf4j.spi.LoggerFactoryBinder;

/**
 * The SLF4J 1.7 binding of the libraries inside the agent (the AWS SDK, rollbar-java), relocated with them to
 * {@code dev.quartet.shaded.org.slf4j.impl}. Without one, SLF4J prints "Failed to load class
 * org.slf4j.impl.StaticLoggerBinder" on the app's stderr. Their log records are dropped: Quartet reports what goes
 * wrong itself, from the exceptions, through {@code AgentLog}. The app's own SLF4J is a different, unrelocated
 * class and never sees this binding.
 */
public final class StaticLoggerBinder implements LoggerFactoryBinder {
  /** Read by SLF4J's version check. */
  public static String REQUESTED_API_VERSION = "1.6.99";

  private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();
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
