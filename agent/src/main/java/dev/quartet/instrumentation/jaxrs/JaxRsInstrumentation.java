package dev.quartet.instrumentation.jaxrs;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isOverriddenFrom;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.instrumentation.AdviceTransformer;
import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.ClassLoaderHasClass;
import dev.quartet.instrumentation.InstrumentationModule;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import java.util.List;

/**
 * JAX-RS resource methods and sub-resource locators ({@code jakarta.ws.rs} and {@code javax.ws.rs}: Jersey,
 * RESTEasy, any implementation): methods annotated with {@code @Path} or an HTTP method, in the class or in a
 * super type it implements. Annotations are matched by name, so no annotation type is loaded to decide.
 */
public final class JaxRsInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "jaxrs";
  }

  @Override
  public Setting enabledBy() {
    return Settings.JAXRS_ENABLED;
  }

  @Override
  public List<String> usedBy() {
    return List.of("javax/ws/rs/", "jakarta/ws/rs/");
  }

  /**
   * Every class of a loader that sees JAX-RS: a resource class implementing an annotated interface names neither
   * the annotations nor the API in its own class file.
   */
  @Override
  public ClassFileFilter.Interest transforms() {
    ClassFileFilter.Interest interest = ClassFileFilter.Interest.naming(usedBy());
    for (String ns : JaxRsRoutes.NAMESPACES) {
      interest = interest.or(ClassFileFilter.Interest.anyClassOf(new ClassLoaderHasClass(ns + ".Path")::matches));
    }
    return interest;
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    for (String ns : JaxRsRoutes.NAMESPACES) {
      String[] annotations = new String[JaxRsRoutes.HTTP_METHODS.length + 1];
      annotations[0] = ns + ".Path";
      for (int i = 0; i < JaxRsRoutes.HTTP_METHODS.length; i++) {
        annotations[i + 1] = ns + "." + JaxRsRoutes.HTTP_METHODS[i];
      }
      ElementMatcher.Junction<MethodDescription> annotated = isAnnotatedWith(namedOneOf(annotations));
      builder =
          builder
              .type(not(isInterface()).and(hasSuperType(declaresMethod(annotated))), new ClassLoaderHasClass(ns + ".Path"))
              .transform(
                  AdviceTransformer.from(adviceLoader)
                      .advice(
                          isMethod()
                              .and(not(isAbstract()))
                              .and(not(isStatic()))
                              .and(annotated.or(isOverriddenFrom(declaresMethod(annotated)))),
                          JaxRsAdvice.class.getName()));
    }
    return builder;
  }
}
