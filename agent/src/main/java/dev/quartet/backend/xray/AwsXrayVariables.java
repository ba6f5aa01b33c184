package dev.quartet.backend.xray;

import java.util.Map;
import java.util.Properties;

/**
 * The X-Ray SDK's own variables, read with the SDK's names and precedence: the environment variable wins over the
 * SDK's system property. Quartet reads them itself because the SDK inside the agent is relocated, and with it every
 * system property name the SDK would read.
 */
final class AwsXrayVariables {
  static final String DAEMON_ADDRESS = "AWS_XRAY_DAEMON_ADDRESS";
  static final String TRACING_NAME = "AWS_XRAY_TRACING_NAME";
  static final String CONTEXT_MISSING = "AWS_XRAY_CONTEXT_MISSING";
  static final String LOG_GROUP = "AWS_LOG_GROUP";
  /** Not the SDK's: the host pattern the Cruddur students passed to the SDK's dynamic naming. */
  static final String URL = "AWS_XRAY_URL";

  // Built at run time: the build relocates every string constant that starts with the SDK's package name.
  private static final String SDK_PACKAGE = String.join(".", "com", "amazonaws", "xray");
  static final String DAEMON_ADDRESS_PROPERTY = SDK_PACKAGE + ".emitters.daemonAddress";
  static final String TRACING_NAME_PROPERTY = SDK_PACKAGE + ".strategy.tracingName";
  static final String CONTEXT_MISSING_PROPERTY = SDK_PACKAGE + ".strategy.contextMissingStrategy";

  private final Map<String, String> env;
  private final Properties systemProperties;

  AwsXrayVariables(Map<String, String> env, Properties systemProperties) {
    this.env = env;
    this.systemProperties = systemProperties;
  }

  static AwsXrayVariables fromEnvironment() {
    return new AwsXrayVariables(System.getenv(), System.getProperties());
  }

  /** {@code host:port} or {@code tcp:host:port udp:host:port}, or null when unset (local mode). */
  String daemonAddress() {
    return first(DAEMON_ADDRESS, DAEMON_ADDRESS_PROPERTY);
  }

  /** Where the daemon address came from, for messages. */
  String daemonAddressOrigin() {
    return nonBlank(env.get(DAEMON_ADDRESS)) != null
        ? "environment variable " + DAEMON_ADDRESS
        : "system property " + DAEMON_ADDRESS_PROPERTY;
  }

  String tracingName() {
    return first(TRACING_NAME, TRACING_NAME_PROPERTY);
  }

  String contextMissing() {
    return first(CONTEXT_MISSING, CONTEXT_MISSING_PROPERTY);
  }

  /** Environment only, as in the SDK. */
  String logGroup() {
    return nonBlank(env.get(LOG_GROUP));
  }

  String urlPattern() {
    return nonBlank(env.get(URL));
  }

  private String first(String envName, String property) {
    String v = nonBlank(env.get(envName));
    return v != null ? v : nonBlank(systemProperties.getProperty(property));
  }

  private static String nonBlank(String v) {
    return v == null || v.trim().isEmpty() ? null : v.trim();
  }
}
