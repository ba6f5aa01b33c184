package dev.quartet.backend.rollbar;

import dev.quartet.config.Setting;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Every setting of the Rollbar backend (documented in docs/CONFIGURATION.md). */
public final class RollbarSettings {
  private RollbarSettings() {}

  public static final Setting ENABLED =
      new Setting("quartet.rollbar.enabled", "true", "The Rollbar backend.");
  /**
   * Rollbar's own variables, read like OpenTelemetry's {@code OTEL_*}: environment variable or system property
   * ({@code ROLLBAR_ACCESS_TOKEN} or {@code -Drollbar.access.token}), not from the Quartet config file, and not
   * {@link Setting}s (which are all {@code quartet.*}).
   */
  public static final String ACCESS_TOKEN = "rollbar.access.token";

  public static final String ENVIRONMENT = "rollbar.environment";
  public static final String DEFAULT_ENVIRONMENT = "production";
  public static final String CODE_VERSION = "rollbar.code.version";
  public static final String ENDPOINT = "rollbar.endpoint";
  public static final String DEFAULT_ENDPOINT = "https://api.rollbar.com/api/1/item/";

  public static final Setting LOG_LEVEL =
      new Setting(
          "quartet.rollbar.log.level",
          "warn",
          "Log records at this level and above become items: trace, debug, info, warn, error or off.");
  public static final Setting SCRUB_FIELDS =
      new Setting(
          "quartet.rollbar.scrub.fields",
          dev.quartet.config.Settings.CREDENTIAL_NAMES,
          "Header and query parameter names whose values are replaced by ******** (case-insensitive, * wildcards).");
  public static final Setting CAPTURE_IP =
      new Setting(
          "quartet.rollbar.capture-ip", "true", "request.user_ip: true, anonymize (last octet zeroed) or false.");
  public static final Setting STORM_MAX_PER_MINUTE =
      new Setting(
          "quartet.rollbar.storm.max-per-minute",
          "10",
          "Items per minute for one distinct error; the rest are counted and reported in one later item.");
  public static final Setting QUEUE_SIZE =
      new Setting("quartet.rollbar.queue.size", "500", "Items waiting to be sent; when full, new items are dropped.");
  public static final Setting CONNECT_TIMEOUT =
      new Setting("quartet.rollbar.connect-timeout", "5s", "Connect timeout of each request to Rollbar.");
  public static final Setting TIMEOUT =
      new Setting("quartet.rollbar.timeout", "10s", "Timeout of each request to Rollbar, from sending to response.");
  public static final Setting TRACE_URL =
      new Setting(
          "quartet.rollbar.trace-url",
          "",
          "A link put in custom.trace_url: {trace_id}, {xray_trace_id} and {span_id} are replaced.");

  public static final List<Setting> ALL =
      Collections.unmodifiableList(
          Arrays.asList(
              ENABLED,
              LOG_LEVEL,
              SCRUB_FIELDS,
              CAPTURE_IP,
              STORM_MAX_PER_MINUTE,
              QUEUE_SIZE,
              CONNECT_TIMEOUT,
              TIMEOUT,
              TRACE_URL));
}
