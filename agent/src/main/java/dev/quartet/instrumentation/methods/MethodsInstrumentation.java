package dev.quartet.instrumentation.methods;

import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.instrumentation.AdviceTransformer;
import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.InstrumentationModule;
import java.security.ProtectionDomain;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * The app's own methods that rules (or {@code @WithSpan}) name. A class is instrumented only when {@link SitePlanner}
 * gave one of its methods a site; each such method gets advice carrying its site's number as a constant, in one of
 * two forms: with the argument array when the site's expressions read arguments, without otherwise. With no rules
 * and {@code @WithSpan} off, nothing at all is added to the agent's matching.
 */
final class MethodsInstrumentation implements InstrumentationModule {
  private final Sites sites;
  private final SitePlanner planner;
  private final String description;
  private final boolean active;
  private final List<String> usedBy;
  private final ClassFileFilter.Interest transforms;
  private final ElementMatcher<TypeDescription> ruleTypes;

  /** {@code ruleTypes}: the types some rule may name (see {@link #libraryTypes()}). */
  MethodsInstrumentation(
      Sites sites,
      SitePlanner planner,
      String description,
      boolean active,
      List<String> usedBy,
      ClassFileFilter.Interest transforms,
      ElementMatcher<TypeDescription> ruleTypes) {
    this.ruleTypes = ruleTypes;
    this.sites = sites;
    this.planner = planner;
    this.description = description;
    this.active = active;
    this.usedBy = active ? List.copyOf(usedBy) : List.of();
    this.transforms = active ? transforms : ClassFileFilter.Interest.NONE;
  }

  @Override
  public ClassFileFilter.Interest transforms() {
    return transforms;
  }

  @Override
  public List<String> usedBy() {
    return usedBy;
  }

  /** A rule may name a class of a library Quartet otherwise leaves out (a Spring Data repository, say). */
  @Override
  public ElementMatcher<TypeDescription> libraryTypes() {
    return ruleTypes;
  }

  @Override
  public String name() {
    return description;
  }

  /** Whether it adds anything to the agent: some rule, or {@code @WithSpan} on. */
  boolean isActive() {
    return active;
  }

  @Override
  public Setting enabledBy() {
    return Settings.METHODS_ENABLED;
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    if (!active) {
      return builder;
    }
    AdviceTransformer advice =
        AdviceTransformer.from(adviceLoader, Advice.withCustomMapping().bind(SiteId.class, this::siteNumber))
            .advice(methodsWithSite(false), MethodAdvice.class.getName())
            .advice(methodsWithSite(true), MethodArgsAdvice.class.getName());
    return builder.type(new Planned(planner)).transform(advice);
  }

  /** The site number of the method being instrumented, as an int constant in its bytecode. */
  private Advice.OffsetMapping.Target siteNumber(
      TypeDescription type,
      MethodDescription method,
      Assigner assigner,
      Advice.ArgumentHandler arguments,
      Advice.OffsetMapping.Sort sort) {
    int number = sites.numberOf(Sites.key(type.getName(), method.getInternalName(), method.getDescriptor()));
    return new Advice.OffsetMapping.Target.ForStackManipulation(IntegerConstant.forValue(number));
  }

  /** Methods that have a site whose expressions do (or do not) read the arguments. */
  private ElementMatcher<MethodDescription> methodsWithSite(boolean readsArgs) {
    return m -> {
      int number =
          sites.numberOf(Sites.key(m.getDeclaringType().asErasure().getName(), m.getInternalName(), m.getDescriptor()));
      Site site = number < 0 ? null : sites.get(number);
      return site != null && site.readsArgs == readsArgs;
    };
  }

  /** Classes with at least one method that has a site: planned here, when the class is first matched. */
  private static final class Planned implements AgentBuilder.RawMatcher {
    private final SitePlanner planner;

    Planned(SitePlanner planner) {
      this.planner = planner;
    }

    @Override
    public boolean matches(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain) {
      return planner.plan(type, loader);
    }
  }
}
