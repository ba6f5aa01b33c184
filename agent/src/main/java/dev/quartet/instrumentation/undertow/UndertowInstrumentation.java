package dev.quartet.instrumentation.undertow;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.instrumentation.AdviceTransformer;
import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.ClassLoaderHasClass;
import dev.quartet.instrumentation.InstrumentationModule;
import net.bytebuddy.agent.builder.AgentBuilder;
import java.util.List;

/** Where Undertow runs an exchange's root handler: {@code Connectors.executeRootHandler}. */
public final class UndertowInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "undertow";
  }

  @Override
  public Setting enabledBy() {
    return Settings.UNDERTOW_ENABLED;
  }

  @Override
  public List<String> usedBy() {
    return List.of("io/undertow/");
  }

  @Override
  public ClassFileFilter.Interest transforms() {
    return ClassFileFilter.Interest.named(List.of("io/undertow/server/Connectors"));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    return builder
        .type(named("io.undertow.server.Connectors"), new ClassLoaderHasClass("io.undertow.server.Connectors"))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(
                    named("executeRootHandler")
                        .and(isStatic())
                        .and(takesArguments(2))
                        .and(takesArgument(1, named("io.undertow.server.HttpServerExchange"))),
                    RootHandlerAdvice.class.getName()));
  }
}
