package dev.quartet.instrumentation;

import dev.quartet.config.Setting;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One library's instrumentation: which classes and methods get which advice. Advice only hands events to the
 * bootstrap bridge; what becomes of them is decided by the core and the backends.
 */
public interface InstrumentationModule {
  /** Shown in the startup line. */
  String name();

  /** Its switch, {@code quartet.instrumentation.<name>.enabled}. */
  Setting enabledBy();

  /** Adds this module's type matchers and advice; advice class files are read from {@code adviceLoader}. */
  AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader);
}
