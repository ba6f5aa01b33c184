package dev.quartet.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every {@code quartet.*} setting. docs/CONFIGURATION.md documents each one (a test checks it). OpenTelemetry's own
 * {@code otel.*} settings are read by the OpenTelemetry SDK autoconfigure and are not repeated here.
 */
public final class Settings {
  private Settings() {}

  public static final Setting ENABLED =
      new Setting("quartet.enabled", "true", "Master switch. false: the agent installs nothing at all.");
  public static final Setting CONFIG_FILE =
      new Setting(
          "quartet.config.file",
          "",
          "A properties file with quartet.* and otel.* settings (system-property names). System properties and"
              + " environment variables override it.");
  public static final Setting LOG_LEVEL =
      new Setting(
          "quartet.log.level", "info", "Quartet's own diagnostics on stderr: debug, info, warn, error or off.");
  public static final Setting STRICT =
      new Setting(
          "quartet.strict",
          "false",
          "true: a bad setting value stops the backends from starting (one line per problem) instead of being"
              + " replaced by its default; for checking deployments in CI. The app runs either way.");
  public static final Setting TELEMETRY_DIR =
      new Setting(
          "quartet.telemetry.dir",
          "quartet-telemetry",
          "Local mode: the folder where backends without a remote destination write (traces.jsonl, ...).");
  public static final Setting SHUTDOWN_TIMEOUT =
      new Setting(
          "quartet.shutdown.timeout",
          "5s",
          "How long the JVM waits for all backends to send what is pending, once the app's own shutdown hooks are done.");
  public static final Setting HTTP_ROUTES =
      new Setting(
          "quartet.http.routes",
          "",
          "Comma-separated route templates such as /api/activities/@{handle}. They name http.route for requests"
              + " whose servlet mapping is a wildcard; the first matching template wins.");
  public static final Setting TRACE_RESPONSE_HEADER =
      new Setting(
          "quartet.trace-response-header.enabled",
          "true",
          "Add the W3C traceresponse header (00-traceid-spanid-flags) to every traced response.");
  public static final Setting SERVLET_ENABLED =
      new Setting(
          "quartet.instrumentation.servlet.enabled",
          "true",
          "Instrument jakarta.servlet and javax.servlet servlets and filters.");
  public static final Setting TOMCAT_ENABLED =
      new Setting(
          "quartet.instrumentation.tomcat.enabled",
          "true",
          "Capture requests where Tomcat's connector hands them to the container (CoyoteAdapter.service).");
  public static final Setting JETTY_ENABLED =
      new Setting(
          "quartet.instrumentation.jetty.enabled",
          "true",
          "Capture requests where Jetty receives and completes them (Jetty 12 Server.handle, Jetty 9.4-11 HttpChannel).");
  public static final Setting UNDERTOW_ENABLED =
      new Setting(
          "quartet.instrumentation.undertow.enabled",
          "true",
          "Capture requests where Undertow runs its root handler (Connectors.executeRootHandler) until the exchange completes.");
  public static final Setting JAXRS_ENABLED =
      new Setting(
          "quartet.instrumentation.jaxrs.enabled",
          "true",
          "Name requests by the JAX-RS resource templates they matched (jakarta.ws.rs and javax.ws.rs).");
  public static final Setting JUL_ENABLED =
      new Setting(
          "quartet.instrumentation.jul.enabled",
          "true",
          "Capture java.util.logging records (for the log-shipping and error backends).");
  public static final Setting UNCAUGHT_ENABLED =
      new Setting(
          "quartet.instrumentation.uncaught.enabled",
          "true",
          "Capture exceptions that end a thread (for the error backends); the thread's own handling is unchanged.");
  public static final Setting LOGBACK_ENABLED =
      new Setting(
          "quartet.instrumentation.logback.enabled",
          "true",
          "Capture Logback events (SLF4J with Logback) for the log-shipping and error backends.");
  public static final Setting LOG4J2_ENABLED =
      new Setting(
          "quartet.instrumentation.log4j2.enabled",
          "true",
          "Capture Log4j 2 events (log4j-core) for the log-shipping and error backends.");
  public static final Setting JAVA_HTTP_CLIENT_ENABLED =
      new Setting(
          "quartet.instrumentation.java-http-client.enabled",
          "true",
          "Record outgoing calls of java.net.http.HttpClient made while a request is served, and pass the trace on.");
  public static final Setting HTTP_URL_CONNECTION_ENABLED =
      new Setting(
          "quartet.instrumentation.http-url-connection.enabled",
          "true",
          "Record outgoing calls of the JDK's HttpURLConnection made while a request is served, and pass the trace on.");
  public static final Setting CONCURRENT_ENABLED =
      new Setting(
          "quartet.instrumentation.concurrent.enabled",
          "true",
          "Keep the request's trace context in work it hands to other threads: executors, CompletableFuture async stages, fork-join pools, new threads.");
  public static final Setting RULES_FILE =
      new Setting(
          "quartet.rules.file",
          "",
          "A YAML rules file naming the app's methods to record as spans and X-Ray subsegments, with attributes,"
              + " annotations, metadata and a log event (docs/RULES.md). No default: no rules.");
  public static final Setting METHODS_ENABLED =
      new Setting(
          "quartet.instrumentation.methods.enabled",
          "true",
          "Spans around the app's own methods that the rules file, OTEL_INSTRUMENTATION_METHODS_INCLUDE or @WithSpan"
              + " name (docs/RULES.md).");
  public static final Setting OTEL_ENABLED =
      new Setting(
          "quartet.otel.enabled",
          "true",
          "The OpenTelemetry backend. OTEL_SDK_DISABLED=true switches it off as well.");

  /**
   * Header and query-parameter names that carry credentials (Rollbar's scrub list by default): {@code *} matches
   * anything, case-insensitive.
   */
  public static final String CREDENTIAL_NAMES =
      "*token*,*secret*,*password*,*passwd*,*credential*,*auth*,*session*,*cookie*,*api-key*,*api_key*,*apikey*";

  public static final Setting REDACT_QUERY_PARAMETERS =
      new Setting(
          "quartet.redact.query-parameters",
          CREDENTIAL_NAMES
              + ",X-Amz-Signature,X-Amz-Credential,X-Amz-Security-Token,Signature,sig,AWSAccessKeyId,access_token,code"
              + ",X-Goog-Signature,X-Goog-Credential",
          "Query parameters whose values every backend sees as REDACTED (url.query, url.full, access lines, Rollbar"
              + " items): comma-separated, case-insensitive, * wildcards. This list replaces the default.");
  public static final Setting SDK_LOAD_LATEST =
      new Setting(
          "quartet.sdk-load.latest",
          "5s",
          "The OpenTelemetry and X-Ray SDKs load when the first request ends, or this long after start if none has.");
  public static final Setting ALLOW_PLAIN_HTTP =
      new Setting(
          "quartet.allow-plain-http",
          "false",
          "true: no warning for a backend endpoint that is plain http:// to a host other than loopback.");

  /** The core's settings; each backend package lists its own (XraySettings, CloudWatchSettings, …). */
  private static final List<Setting> CORE =
      Arrays.asList(
          ENABLED,
          CONFIG_FILE,
          LOG_LEVEL,
          STRICT,
          TELEMETRY_DIR,
          SHUTDOWN_TIMEOUT,
          SDK_LOAD_LATEST,
          HTTP_ROUTES,
          REDACT_QUERY_PARAMETERS,
          ALLOW_PLAIN_HTTP,
          TRACE_RESPONSE_HEADER,
          SERVLET_ENABLED,
          TOMCAT_ENABLED,
          JETTY_ENABLED,
          UNDERTOW_ENABLED,
          JAXRS_ENABLED,
          JUL_ENABLED,
          LOGBACK_ENABLED,
          LOG4J2_ENABLED,
          UNCAUGHT_ENABLED,
          JAVA_HTTP_CLIENT_ENABLED,
          HTTP_URL_CONNECTION_ENABLED,
          CONCURRENT_ENABLED,
          RULES_FILE,
          METHODS_ENABLED,
          OTEL_ENABLED);

  public static final List<Setting> ALL = all();

  private static List<Setting> all() {
    List<Setting> all = new java.util.ArrayList<>(CORE);
    all.addAll(dev.quartet.backend.xray.XraySettings.ALL);
    all.addAll(dev.quartet.backend.cloudwatch.CloudWatchSettings.ALL);
    all.addAll(dev.quartet.backend.rollbar.RollbarSettings.ALL);
    return Collections.unmodifiableList(all);
  }

  static Setting find(String key) {
    for (Setting s : ALL) {
      if (s.key().equals(key)) {
        return s;
      }
    }
    return null;
  }
}
