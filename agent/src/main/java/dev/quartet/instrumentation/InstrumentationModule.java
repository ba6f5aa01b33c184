package dev.quartet.instrumentation;

import dev.quartet.config.Setting;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * One library's instrumentation: which classes and methods get which advice. Advice only hands events to the
 * bootstrap bridge; what becomes of them is decided by the core and the backends.
 */
public interface InstrumentationModule {
  /** Shown in the startup line. */
  String name();

  /** Its switch, {@code quartet.instrumentation.<name>.enabled}. */
  Setting enabledBy();

  /**
   * JDK types this module instruments (java.*, normally left alone): e.g. {@code java.util.logging.Logger}. Every
   * other JDK type stays ignored.
   */
  default ElementMatcher<TypeDescription> jdkTypes() {
    return ElementMatchers.none();
  }

  /** Adds this module's type matchers and advice; advice class files are read from {@code adviceLoader}. */
  AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader);
}
