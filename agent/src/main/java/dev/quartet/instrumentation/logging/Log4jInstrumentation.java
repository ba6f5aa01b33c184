package dev.quartet.instrumentation.logging;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.instrumentation.ClassLoaderHasClass;
import dev.quartet.instrumentation.AdviceTransformer;
import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.InstrumentationModule;
import net.bytebuddy.agent.builder.AgentBuilder;
import java.util.List;

/**
 * Log4j 2 (log4j-core): {@code org.apache.logging.log4j.core.Logger.logMessage(fqcn, level, marker, message,
 * throwable)} and {@code log(level, marker, fqcn, location, message, throwable)} (the LogBuilder path, 2.13+), in
 * {@code Logger} and its subclasses ({@code AsyncLogger}). Why there: the API has already checked the level and the
 * global filters (every logging call, the SLF4J and JUL bridges included, goes through {@code logIfEnabled} or the
 * LogBuilder first); it still runs on the thread that logged, even for all-async loggers, which hand the event to
 * another thread right after; and it runs once per event. {@code LoggerConfig.log} runs once per logger of the
 * hierarchy and on the background thread for async loggers; {@code AbstractLogger} (log4j-api) would also catch
 * events that log4j-to-slf4j passes on to Logback, which is captured there.
 */
public final class Log4jInstrumentation implements InstrumentationModule {
  static final String LOGGER = log4j("core.Logger");
  private static final String MESSAGE = log4j("message.Message");

  /**
   * A Log4j class name, built at run time: the agent's build relocates every "org.apache..." string constant (for
   * its own shaded Apache libraries), which would turn these names into ones no app has.
   */
  static String log4j(String className) {
    return String.join(".", "org", "apache", "logging", "log4j", className);
  }

  @Override
  public String name() {
    return "log4j2";
  }

  @Override
  public Setting enabledBy() {
    return Settings.LOG4J2_ENABLED;
  }

  @Override
  public List<String> usedBy() {
    return List.of(String.join("/", "org", "apache", "logging", "log4j", ""));
  }

  /** Loggers declaring the advised methods, which take a {@code Message}. */
  @Override
  public ClassFileFilter.Interest transforms() {
    return ClassFileFilter.Interest.naming(List.of(MESSAGE.replace('.', '/')));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    return builder
        .type(hasSuperType(named(LOGGER)), new ClassLoaderHasClass(LOGGER))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(
                    named("logMessage")
                        .and(takesArguments(5))
                        .and(takesArgument(0, String.class))
                        .and(takesArgument(3, named(MESSAGE)))
                        .and(not(isAbstract())),
                    Log4jAdvice.class.getName())
                .advice(
                    named("log")
                        .and(takesArguments(6))
                        .and(takesArgument(3, StackTraceElement.class))
                        .and(takesArgument(4, named(MESSAGE)))
                        .and(not(isAbstract())),
                    Log4jAdvice.class.getName()));
  }
}
