package dev.quartet.core;

/**
 * A default service name from how the JVM was started, like the OpenTelemetry Java agent's jar-name detection. Every
 * backend that needs a service name and has none configured uses this one, so they all agree.
 */
public final class ServiceNames {
  private ServiceNames() {}

  /** The name detected from this JVM's command line ({@code sun.java.command}), or null. */
  public static String detected() {
    return fromCommandLine(System.getProperty("sun.java.command"));
  }

  /** {@code "sample-app.jar --x"} gives {@code sample-app}; {@code "com.example.Main"} gives {@code Main}. */
  static String fromCommandLine(String command) {
    if (command == null || command.trim().isEmpty()) {
      return null;
    }
    String first = command.trim().split("\\s+")[0];
    int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
    String base = first.substring(slash + 1);
    if (base.endsWith(".jar")) {
      String name = base.substring(0, base.length() - 4);
      return name.isEmpty() ? null : name; // an empty service.name is worse than none
    }
    int dot = base.lastIndexOf('.');
    String simple = dot < 0 ? base : base.substring(dot + 1);
    return simple.isEmpty() ? null : simple;
  }
}
