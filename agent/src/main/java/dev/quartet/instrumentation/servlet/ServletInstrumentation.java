package dev.quartet.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
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
 * {@code Servlet.service}, {@code Filter.doFilter}, {@code ServletRequest.startAsync} and {@code AsyncContext.start},
 * jakarta and javax.
 */
public final class ServletInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public Setting enabledBy() {
    return Settings.SERVLET_ENABLED;
  }

  @Override
  public List<String> usedBy() {
    return List.of("javax/servlet/", "jakarta/servlet/");
  }

  /** Classes declaring a method the advice below goes to (the super types are Byte Buddy's to check). */
  @Override
  public ClassFileFilter.Interest transforms() {
    ClassFileFilter.Interest interest = ClassFileFilter.Interest.declaring("startAsync", "(")
        .or(ClassFileFilter.Interest.declaring("start", "(Ljava/lang/Runnable;)"));
    for (String ns : new String[] {"jakarta/servlet/", "javax/servlet/"}) {
      String requestAndResponse = "(L" + ns + "ServletRequest;L" + ns + "ServletResponse;";
      interest =
          interest
              .or(ClassFileFilter.Interest.declaring("service", requestAndResponse + ")"))
              .or(ClassFileFilter.Interest.declaring("doFilter", requestAndResponse));
    }
    return interest;
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    for (String ns : new String[] {"jakarta.servlet", "javax.servlet"}) {
      ClassLoaderHasClass hasServletApi = new ClassLoaderHasClass(ns + ".Servlet");
      builder =
          builder
              .type(
                  not(isInterface())
                      // one walk of the hierarchy for both
                      .and(hasSuperType(namedOneOf(ns + ".Servlet", ns + ".Filter"))),
                  hasServletApi)
              .transform(
                  AdviceTransformer.from(adviceLoader)
                      .advice(
                          named("service")
                              .and(takesArguments(2))
                              .and(takesArgument(0, named(ns + ".ServletRequest")))
                              .and(takesArgument(1, named(ns + ".ServletResponse")))
                              .and(not(isAbstract())),
                          ServletAdvice.class.getName())
                      .advice(
                          named("doFilter")
                              .and(takesArguments(3))
                              .and(takesArgument(0, named(ns + ".ServletRequest")))
                              .and(takesArgument(1, named(ns + ".ServletResponse")))
                              .and(not(isAbstract())),
                          ServletAdvice.class.getName()))
              .type(not(isInterface()).and(hasSuperType(named(ns + ".ServletRequest"))), hasServletApi)
              .transform(
                  AdviceTransformer.from(adviceLoader)
                      .advice(
                          named("startAsync").and(returns(named(ns + ".AsyncContext"))).and(not(isAbstract())),
                          StartAsyncAdvice.class.getName()))
              .type(not(isInterface()).and(hasSuperType(named(ns + ".AsyncContext"))), hasServletApi)
              .transform(
                  AdviceTransformer.from(adviceLoader)
                      .advice(
                          named("start").and(takesArguments(Runnable.class)).and(not(isAbstract())),
                          AsyncStartAdvice.class.getName()));
    }
    return builder;
  }
}
