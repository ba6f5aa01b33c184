package dev.quartet.instrumentation;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Classes that never reach any instrumentation's matchers, by name alone: Quartet's own, the JDK's (except the few
 * JDK types a module instruments) and well-known libraries that never define a servlet, a filter, a servlet
 * request, an HTTP client or one of the loggers Quartet instruments. Any other class is parsed to match its super
 * types, which cost a Jetty app's start more than all of Quartet's own work: Jackson and Jetty's util, io and http
 * modules alone were 800 of the sample app's 1,100 classes.
 */
public final class IgnoredTypes extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
  static final String[] JDK = {
    "java.", "jdk.", "sun.", "com.sun.", "javax.crypto.", "javax.net.", "javax.security.",
    // packages of JDK modules outside java.*: JMX alone is 60 classes at a Jetty app's start, each parsed to be matched
    "javax.management.", "javax.naming.", "javax.script.", "javax.sql.", "javax.xml.catalog.", "javax.xml.datatype.",
    "javax.xml.namespace.", "javax.xml.parsers.", "javax.xml.stream.", "javax.xml.transform.", "javax.xml.validation.",
    "javax.xml.xpath.", "org.w3c.dom.", "org.xml.sax.", "org.ietf.jgss."
  };

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
    prefix("org", "h2"),
    // A JPA app's persistence stack and the parts of Spring that hold no servlet, filter, thread or logger: about
    // half the classes a Spring Boot JPA app loads (spring-web, -webmvc and Boot itself are matched).
    prefix("org", "hibernate"),
    prefix("org", "antlr"),
    prefix("jakarta", "persistence"),
    prefix("org", "springframework", "aop"),
    prefix("org", "springframework", "asm"),
    prefix("org", "springframework", "beans"),
    prefix("org", "springframework", "cglib"),
    prefix("org", "springframework", "context"),
    prefix("org", "springframework", "core"),
    prefix("org", "springframework", "dao"),
    prefix("org", "springframework", "data"),
    prefix("org", "springframework", "expression"),
    prefix("org", "springframework", "jdbc"),
    prefix("org", "springframework", "orm"),
    prefix("org", "springframework", "transaction"),
    // Tomcat's JSP compiler (Eclipse's, signed), Jasper's translator, the EL implementation and Tomcat's utilities
    // outside its threads and sockets: loaded by the thousand when the first JSP is compiled, or at start.
    prefix("org", "eclipse", "jdt"),
    prefix("org", "apache", "jasper", "compiler"),
    prefix("org", "apache", "el"),
    prefix("org", "apache", "tomcat", "util", "bcel"),
    prefix("org", "apache", "tomcat", "util", "buf"),
    prefix("org", "apache", "tomcat", "util", "descriptor"),
    prefix("org", "apache", "tomcat", "util", "digester"),
    prefix("org", "apache", "tomcat", "util", "modeler"),
    prefix("org", "apache", "tomcat", "util", "res"),
    prefix("org", "apache", "tomcat", "util", "scan")
  };

  private static String prefix(String... parts) {
    return String.join(".", parts) + ".";
  }

  private final ElementMatcher<? super TypeDescription> instrumentedJdkTypes;
  private final ElementMatcher<? super TypeDescription> instrumentedLibraryTypes;

  /** {@code instrumentedJdkTypes}: the JDK types some module instruments, which must not be ignored. */
  public IgnoredTypes(ElementMatcher<? super TypeDescription> instrumentedJdkTypes) {
    this(instrumentedJdkTypes, ElementMatchers.none());
  }

  /** Also {@code instrumentedLibraryTypes}: types of the {@link #LIBRARIES} some module instruments (a rule's). */
  public IgnoredTypes(
      ElementMatcher<? super TypeDescription> instrumentedJdkTypes,
      ElementMatcher<? super TypeDescription> instrumentedLibraryTypes) {
    this.instrumentedJdkTypes = instrumentedJdkTypes;
    this.instrumentedLibraryTypes = instrumentedLibraryTypes;
  }

  @Override
  public boolean matches(TypeDescription type) {
    String name = type.getName();
    if (name.startsWith("dev.quartet.")) {
      return true;
    }
    // the JDK's first: most classes are, and its few prefixes share none with the libraries'
    if (startsWithAny(name, JDK)) {
      return !instrumentedJdkTypes.matches(type);
    }
    if (startsWithAny(name, LIBRARIES)) {
      return !instrumentedLibraryTypes.matches(type);
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
