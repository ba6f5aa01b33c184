package dev.quartet.instrumentation;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Classes that never reach any instrumentation's matchers, by name alone: Quartet's own, the JDK's (except the few
 * JDK types a module instruments) and well-known libraries that never define a servlet, a filter, a servlet
 * request, an HTTP client or one of the loggers Quartet instruments. Any other class is parsed to match its super
 * types, which cost a Jetty app's start more than all of Quartet's own work: Jackson and Jetty's util, io and http
 * modules alone were 800 of the sample app's 1,100 classes.
 */
public final class IgnoredTypes extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
  static final String[] JDK = {"java.", "jdk.", "sun.", "com.sun.", "javax.crypto.", "javax.net.", "javax.security."};

  /**
   * Libraries (not their servlet integrations) whose packages hold nothing Quartet instruments. Built from their
   * parts: the agent's build relocates string constants that start like a relocated library ("com.fasterxml.jackson…")
   * and would turn these into Quartet's own shaded names.
   */
  static final String[] LIBRARIES = {
    prefix("com", "fasterxml", "jackson"),
    prefix("org", "eclipse", "jetty", "util"),
    prefix("org", "eclipse", "jetty", "io"),
    prefix("org", "eclipse", "jetty", "http"),
    prefix("org", "slf4j"),
    prefix("ch", "qos", "logback", "core"),
    prefix("kotlin"),
    prefix("kotlinx"),
    prefix("scala"),
    prefix("com", "google", "common"),
    prefix("com", "google", "protobuf"),
    prefix("com", "google", "gson"),
    prefix("io", "netty"),
    prefix("org", "yaml", "snakeyaml"),
    prefix("org", "objectweb", "asm"),
    prefix("net", "bytebuddy"),
    prefix("com", "zaxxer", "hikari"),
    prefix("org", "postgresql"),
    prefix("org", "h2")
  };

  private static String prefix(String... parts) {
    return String.join(".", parts) + ".";
  }

  private final ElementMatcher<? super TypeDescription> instrumentedJdkTypes;

  /** {@code instrumentedJdkTypes}: the JDK types some module instruments, which must not be ignored. */
  public IgnoredTypes(ElementMatcher<? super TypeDescription> instrumentedJdkTypes) {
    this.instrumentedJdkTypes = instrumentedJdkTypes;
  }

  @Override
  public boolean matches(TypeDescription type) {
    String name = type.getName();
    if (name.startsWith("dev.quartet.") || startsWithAny(name, LIBRARIES)) {
      return true;
    }
    if (startsWithAny(name, JDK)) {
      return !instrumentedJdkTypes.matches(type);
    }
    return type.isSynthetic(); // lambdas' and proxies' classes: asking costs a parse, so only after the names
  }

  private static boolean startsWithAny(String name, String[] prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
