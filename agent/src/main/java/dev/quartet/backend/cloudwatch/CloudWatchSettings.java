package dev.quartet.backend.cloudwatch;

import dev.quartet.core.ServiceNames;
import dev.quartet.config.Config;
import dev.quartet.config.Setting;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** Every setting of the CloudWatch Logs backend (documented in docs/CONFIGURATION.md). */
public final class CloudWatchSettings {
  private CloudWatchSettings() {}

  public static final Setting ENABLED =
      new Setting("quartet.cloudwatch.enabled", "true", "The CloudWatch Logs backend.");
  public static final Setting LOG_GROUP =
      new Setting(
          "quartet.cloudwatch.log-group",
          "",
          "The log group; default: the service name (OTEL_SERVICE_NAME, else the jar or main class name).");
  public static final Setting LOG_STREAM =
      new Setting(
          "quartet.cloudwatch.log-stream",
          "{hostname}/{service}/{pid}",
          "The log stream name template: {hostname}, {service}, {pid}, {date} (UTC day of each event),"
              + " {start} (UTC start time of the JVM).");
  public static final Setting CREATE =
      new Setting(
          "quartet.cloudwatch.create",
          "true",
          "Create the log group and stream when they do not exist (an existing one is used as it is).");
  public static final Setting RETENTION_DAYS =
      new Setting(
          "quartet.cloudwatch.retention-days",
          "",
          "Set the log group's retention to this many days (one of the values CloudWatch allows); unset: leave it.");
  public static final Setting LEVEL =
      new Setting(
          "quartet.cloudwatch.level", "info", "Minimum level shipped: trace, debug, info, warn or error.");
  public static final Setting ACCESS_LOG =
      new Setting(
          "quartet.cloudwatch.access-log.enabled", "true", "Ship one access-log line per HTTP request.");
  public static final Setting FORMAT =
      new Setting("quartet.cloudwatch.format", "json", "json (one JSON object per event) or text.");
  public static final Setting SEND_INTERVAL =
      new Setting(
          "quartet.cloudwatch.send-interval",
          "5s",
          "How long an event waits at most before it is sent (a full batch is sent at once).");
  public static final Setting QUEUE_SIZE =
      new Setting(
          "quartet.cloudwatch.queue-size",
          "10000",
          "How many events wait at most; when full, the oldest DEBUG/INFO events are dropped first.");
  public static final Setting ENDPOINT =
      new Setting(
          "quartet.cloudwatch.endpoint",
          "",
          "CloudWatch Logs endpoint URL; unset: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, then AWS_ENDPOINT_URL, then AWS.");
  public static final Setting TIMEOUT =
      new Setting(
          "quartet.cloudwatch.timeout", "10s", "Connect timeout and read timeout of each CloudWatch Logs call.");

  public static final List<Setting> ALL =
      Collections.unmodifiableList(
          Arrays.asList(
              ENABLED,
              LOG_GROUP,
              LOG_STREAM,
              CREATE,
              RETENTION_DAYS,
              LEVEL,
              ACCESS_LOG,
              FORMAT,
              SEND_INTERVAL,
              QUEUE_SIZE,
              ENDPOINT,
              TIMEOUT));

  /** CloudWatch Logs' rule for log group names. */
  static final Pattern LOG_GROUP_NAME = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");

  /** The retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
  static final String[] RETENTION_VALUES = {
    "1", "3", "5", "7", "14", "30", "60", "90", "120", "150", "180", "365", "400", "545", "731", "1096", "1827",
    "2192", "2557", "2922", "3288", "3653"
  };

  /**
   * The log group this service ships to: {@code quartet.cloudwatch.log-group} when it is a valid name, else the
   * service name made valid. The X-Ray backend quotes it in the segment's {@code aws.cloudwatch_logs}.
   */
  public static String logGroup(Config config) {
    String configured =
        config.getValidated(
            LOG_GROUP,
            v -> LOG_GROUP_NAME.matcher(v).matches(),
            "is not a log group name (1-512 characters: letters, digits, . - _ / #)");
    return configured.isEmpty() ? validLogGroupName(serviceName(config)) : configured;
  }

  /** The service name as the OpenTelemetry backend derives it. */
  static String serviceName(Config config) {
    String name = ServiceNames.configured(config);
    if (name == null) {
      name = ServiceNames.detected();
    }
    return name == null ? "unknown_service-java" : name;
  }

  /** Characters CloudWatch does not allow in a group name become '-'; at most 512 characters. */
  static String validLogGroupName(String name) {
    StringBuilder out = new StringBuilder(Math.min(name.length(), 512));
    for (int i = 0; i < name.length() && out.length() < 512; i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ".-_/#".indexOf(c) >= 0;
      out.append(ok ? c : '-');
    }
    return out.length() == 0 ? "quartet" : out.toString();
  }
}
