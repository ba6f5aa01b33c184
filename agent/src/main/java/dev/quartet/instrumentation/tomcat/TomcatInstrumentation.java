package dev.quartet.instrumentation.tomcat;

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

/** Where Tomcat's connector hands an exchange to Catalina: {@code CoyoteAdapter.service} and {@code log}. */
public final class TomcatInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "tomcat";
  }

  @Override
  public Setting enabledBy() {
    return Settings.TOMCAT_ENABLED;
  }

  @Override
  public List<String> usedBy() {
    return List.of(String.join("/", "org", "apache", "catalina", ""), String.join("/", "org", "apache", "coyote", ""));
  }

  @Override
  public ClassFileFilter.Interest transforms() {
    return ClassFileFilter.Interest.named(List.of(CoyoteApi.catalina("connector.CoyoteAdapter").replace('.', '/')));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    String adapter = CoyoteApi.catalina("connector.CoyoteAdapter");
    return builder
        .type(named(adapter), new ClassLoaderHasClass(adapter))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(
                    named("service")
                        .and(takesArguments(2))
                        .and(takesArgument(0, named(CoyoteApi.coyote("Request"))))
                        .and(takesArgument(1, named(CoyoteApi.coyote("Response")))),
                    CoyoteAdapterAdvice.class.getName())
                .advice(
                    named("log")
                        .and(takesArguments(3))
                        .and(takesArgument(0, named(CoyoteApi.coyote("Request"))))
                        .and(takesArgument(1, named(CoyoteApi.coyote("Response")))),
                    CoyoteLogAdvice.class.getName()));
  }
}
