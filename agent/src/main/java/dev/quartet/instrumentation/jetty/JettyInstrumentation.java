package dev.quartet.instrumentation.jetty;

import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
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

/**
 * Where Jetty receives and completes an exchange: Jetty 12's {@code Server.handle(Request, Response, Callback)},
 * Jetty 9.4–11's {@code HttpChannel.handle()} and {@code HttpChannel.onCompleted()}.
 */
public final class JettyInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "jetty";
  }

  @Override
  public Setting enabledBy() {
    return Settings.JETTY_ENABLED;
  }

  @Override
  public List<String> usedBy() {
    return List.of("org/eclipse/jetty/server/");
  }

  @Override
  public ClassFileFilter.Interest transforms() {
    return ClassFileFilter.Interest.named(
        List.of("org/eclipse/jetty/server/Server", "org/eclipse/jetty/server/HttpChannel"));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    ClassLoaderHasClass hasJettyServer = new ClassLoaderHasClass("org.eclipse.jetty.server.Server");
    return builder
        .type(named("org.eclipse.jetty.server.Server"), hasJettyServer)
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(
                    named("handle")
                        .and(takesArguments(3))
                        .and(takesArgument(0, named("org.eclipse.jetty.server.Request")))
                        .and(takesArgument(1, named("org.eclipse.jetty.server.Response")))
                        .and(takesArgument(2, named("org.eclipse.jetty.util.Callback"))),
                    JettyServerAdvice.class.getName()))
        .type(named("org.eclipse.jetty.server.HttpChannel").and(not(isInterface())), hasJettyServer)
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(
                    named("handle").and(takesArguments(0)).and(returns(boolean.class)),
                    JettyChannelAdvice.class.getName())
                .advice(named("onCompleted").and(takesArguments(0)), JettyCompletedAdvice.class.getName()));
  }
}
