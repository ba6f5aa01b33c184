package dev.quartet.instrumentation.uncaught;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.instrumentation.AdviceTransformer;
import dev.quartet.instrumentation.InstrumentationModule;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Exceptions that end a thread: {@code Thread.dispatchUncaughtException(Throwable)}, which the JVM calls on the
 * dying thread (platform threads from the VM, virtual threads from their run loop, the main thread included).
 *
 * <p>Why there and not in a handler: that method is the one place every uncaught exception passes, whoever then
 * handles it, a thread's own handler, its group, or the default handler. Installing a default handler (as
 * rollbar-java's {@code handleUncaughtErrors} does) would miss threads with their own handler and would fight the
 * app over the one default slot; advising {@code ThreadGroup.uncaughtException} would miss threads with their own
 * handler and groups that override it. The advice runs before the handler, so an item is queued even when the
 * handler then halts the JVM, and it never changes what the handler does.
 */
public final class UncaughtExceptionInstrumentation implements InstrumentationModule {
  static final String THREAD = "java.lang.Thread";

  @Override
  public String name() {
    return "uncaught";
  }

  @Override
  public Setting enabledBy() {
    return Settings.UNCAUGHT_ENABLED;
  }

  @Override
  public ElementMatcher<TypeDescription> jdkTypes() {
    return named(THREAD);
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    return builder
        .type(named(THREAD))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(
                    named("dispatchUncaughtException")
                        .and(takesArguments(1))
                        .and(takesArgument(0, named("java.lang.Throwable"))),
                    UncaughtExceptionAdvice.class.getName()));
  }
}
