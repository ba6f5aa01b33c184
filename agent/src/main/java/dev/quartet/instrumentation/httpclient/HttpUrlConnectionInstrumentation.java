package dev.quartet.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.instrumentation.AdviceTransformer;
import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.InstrumentationModule;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import java.util.List;

/**
 * The JDK's {@code HttpURLConnection} ({@code sun.net.www.protocol.http.HttpURLConnection}, which the HTTPS one
 * delegates to): {@code connect}, {@code getOutputStream}, {@code getInputStream}.
 */
public final class HttpUrlConnectionInstrumentation implements InstrumentationModule {
  static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";

  @Override
  public String name() {
    return "http-url-connection";
  }

  @Override
  public Setting enabledBy() {
    return Settings.HTTP_URL_CONNECTION_ENABLED;
  }

  @Override
  public List<String> usedBy() {
    return List.of("java/net/URL", "java/net/HttpURLConnection");
  }

  /** Only the JDK's connection class: the app's own classes never reach these matchers. */
  @Override
  public ClassFileFilter.Interest transforms() {
    return ClassFileFilter.Interest.NONE;
  }

  @Override
  public ElementMatcher<TypeDescription> jdkTypes() {
    return named(CONNECTION);
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    return builder
        .type(named(CONNECTION))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(
                    named("connect").or(named("getOutputStream")).or(named("getInputStream"))
                        .and(takesArguments(0)),
                    HttpUrlConnectionAdvice.class.getName()));
  }
}
