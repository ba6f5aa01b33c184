package dev.quartet.instrumentation;

import dev.quartet.config.Setting;
import java.lang.instrument.Instrumentation;
import java.util.List;
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

  /**
   * Types of the libraries that {@link IgnoredTypes} leaves out by name (Hibernate, most of Spring…) that this module
   * instruments all the same: a method rule may name one.
   */
  default ElementMatcher<TypeDescription> libraryTypes() {
    return ElementMatchers.none();
  }

  /**
   * Prefixes of internal class names ({@code "javax/servlet/"}, {@code "java/util/logging/"}) that a class of the app
   * or of its libraries names when it may use what this module instruments. Byte Buddy and every module's advice are
   * installed when the first such class loads ({@code dev.quartet.agent.DeferredInstall}), so a JVM that never uses an
   * instrumented library never pays for them. Null (the default): installed at start. Build the names from their
   * parts: the shade step would relocate constants that look like a relocated library's ({@code org/apache/…}).
   */
  default List<String> usedBy() {
    return null;
  }

  /**
   * Which classes of an app's class loaders this module may transform once installed, told from their class files
   * before Byte Buddy parses them (JDK classes always reach the matchers, by name): by default those naming one of
   * {@link #usedBy()} (all of them when that is null). A module whose matchers and advice look at what a class
   * inherits rather than declares says so here ({@link ClassFileFilter.Interest#anyClassOf}), else such classes are
   * never matched; one instrumenting JDK types only says {@link ClassFileFilter.Interest#NONE}.
   */
  default ClassFileFilter.Interest transforms() {
    List<String> names = usedBy();
    return names == null ? ClassFileFilter.Interest.ANY_CLASS : ClassFileFilter.Interest.naming(names);
  }

  /** What must be in place from the very first class on, without Byte Buddy; most modules need nothing. */
  default void installAtStart(Instrumentation inst) {}

  /** Adds this module's type matchers and advice; advice class files are read from {@code adviceLoader}. */
  default AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    return builder;
  }
}
