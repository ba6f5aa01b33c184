package dev.quartet.instrumentation.logging;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.instrumentation.AdviceTransformer;
import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.InstrumentationModule;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import java.util.List;

/**
 * {@code java.util.logging.Logger.log(LogRecord)}: every JUL convenience method ends there. The class is in the JDK
 * and already loaded, so it is retransformed; its advice only calls the bootstrap bridge.
 */
public final class JulInstrumentation implements InstrumentationModule {
  static final String LOGGER = "java.util.logging.Logger";

  @Override
  public String name() {
    return "jul";
  }

  @Override
  public Setting enabledBy() {
    return Settings.JUL_ENABLED;
  }

  @Override
  public List<String> usedBy() {
    return List.of("java/util/logging/");
  }

  /** Only {@code java.util.logging.Logger} itself: the app's own classes never reach these matchers. */
  @Override
  public ClassFileFilter.Interest transforms() {
    return ClassFileFilter.Interest.NONE;
  }

  @Override
  public ElementMatcher<TypeDescription> jdkTypes() {
    return named(LOGGER);
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    return builder
        .type(named(LOGGER))
        .transform(
            AdviceTransformer.from(adviceLoader, Advice.withCustomMapping().bind(LogAdvice.Library.class, "jul"))
                .advice(
                    named("log").and(takesArguments(1)).and(takesArgument(0, named("java.util.logging.LogRecord"))),
                    LogAdvice.class.getName()));
  }
}
