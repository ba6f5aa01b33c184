package dev.quartet.core;

import dev.quartet.config.Config;

/**
 * A default service name from what the JVM runs ({@link DeployedApp}), like the OpenTelemetry Java agent's detection. Every
 * backend that needs a service name and has none configured uses this one, so they all agree.
 */
public final class ServiceNames {
  private ServiceNames() {}

  /**
   * The service name the user configured the OpenTelemetry way: {@code OTEL_SERVICE_NAME}, else {@code service.name}
   * in {@code OTEL_RESOURCE_ATTRIBUTES}; null when neither is set.
   */
  public static String configured(Config config) {
    String name = config.raw("otel.service.name");
    if (name != null && !name.trim().isEmpty()) {
      return name.trim();
    }
    String attributes = config.raw("otel.resource.attributes");
    if (attributes != null) {
      for (String pair : attributes.split(",")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals("service.name")) {
          String v = pair.substring(eq + 1).trim();
          if (!v.isEmpty()) {
            return v;
          }
        }
      }
    }
    return null;
  }

  /** The app's name when none is configured ({@link DeployedApp}: the web app, the jar, the main class), or null. */
  public static String detected() {
    return DeployedApp.current().name();
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
