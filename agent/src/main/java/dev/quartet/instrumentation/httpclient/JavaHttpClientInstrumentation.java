package dev.quartet.instrumentation.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.instrumentation.AdviceTransformer;
import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.InstrumentationModule;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import java.util.List;

/** {@code java.net.http.HttpClient.send} and {@code sendAsync} of the JDK's client (and of any subclass). */
public final class JavaHttpClientInstrumentation implements InstrumentationModule {
  static final String HTTP_CLIENT = "java.net.http.HttpClient";

  @Override
  public String name() {
    return "java-http-client";
  }

  @Override
  public Setting enabledBy() {
    return Settings.JAVA_HTTP_CLIENT_ENABLED;
  }

  @Override
  public List<String> usedBy() {
    return List.of("java/net/http/");
  }

  @Override
  public ElementMatcher<TypeDescription> jdkTypes() {
    return nameStartsWith("jdk.internal.net.http.HttpClient");
  }

  @Override
  public ClassFileFilter.Interest transforms() {
    String request = "(Ljava/net/http/HttpRequest;";
    return ClassFileFilter.Interest.declaring("send", request)
        .or(ClassFileFilter.Interest.declaring("sendAsync", request));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    return builder
        // HttpClient is a class: only super classes are walked, not every interface of every class the app loads
        .type(not(isAbstract()).and(ElementMatchers.<TypeDescription>hasSuperClass(named(HTTP_CLIENT))))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(
                    ElementMatchers.<net.bytebuddy.description.method.MethodDescription>named("send")
                        .or(named("sendAsync"))
                        .and(isPublic())
                        .and(not(isAbstract()))
                        .and(takesArgument(0, named("java.net.http.HttpRequest"))),
                    HttpClientAdvice.class.getName()));
  }
}
