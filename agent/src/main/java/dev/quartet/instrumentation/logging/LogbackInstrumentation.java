package dev.quartet.instrumentation.logging;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.instrumentation.ClassLoaderHasClass;
import dev.quartet.instrumentation.AdviceTransformer;
import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.InstrumentationModule;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import java.util.List;

/**
 * Logback: {@code ch.qos.logback.classic.Logger.callAppenders(ILoggingEvent)}. Every event that passed the turbo
 * filters and the level check gets there, on the thread that logged it, whichever API it came through (SLF4J 1 or 2,
 * the fluent API, the Log4j or JUL bridges), once per event: it walks the logger hierarchy itself rather than calling
 * itself for each parent.
 */
public final class LogbackInstrumentation implements InstrumentationModule {
  static final String LOGGER = "ch.qos.logback.classic.Logger";

  @Override
  public String name() {
    return "logback";
  }

  @Override
  public Setting enabledBy() {
    return Settings.LOGBACK_ENABLED;
  }

  @Override
  public List<String> usedBy() {
    return List.of("ch/qos/logback/classic/");
  }

  @Override
  public ClassFileFilter.Interest transforms() {
    return ClassFileFilter.Interest.named(List.of(LOGGER.replace('.', '/')));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    return builder
        .type(named(LOGGER), new ClassLoaderHasClass(LOGGER))
        .transform(
            AdviceTransformer.from(adviceLoader, Advice.withCustomMapping().bind(LogAdvice.Library.class, LogbackEvents.LIBRARY))
                .advice(
                    named("callAppenders")
                        .and(takesArguments(1))
                        .and(takesArgument(0, named("ch.qos.logback.classic.spi.ILoggingEvent"))),
                    LogAdvice.class.getName()));
  }
}
