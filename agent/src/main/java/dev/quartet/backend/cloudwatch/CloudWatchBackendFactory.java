package dev.quartet.backend.cloudwatch;

import dev.quartet.config.Config;
import dev.quartet.config.Setting;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;
import dev.quartet.core.LogEvent;
import dev.quartet.core.PlainHttpEndpoints;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Starts the CloudWatch Logs backend. Everything slow (loading the AWS SDK, the region and credential chains, which
 * may ask the EC2 metadata service) happens later on the sender thread; here only settings and environment
 * variables are read, so the app's start is not delayed.
 */
public final class CloudWatchBackendFactory implements BackendFactory {
  static final Duration MIN_SEND_INTERVAL = Duration.ofMillis(10);
  static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

  @Override
  public String name() {
    return "cloudwatch";
  }

  @Override
  public Setting enabledBy() {
    return CloudWatchSettings.ENABLED;
  }

  @Override
  public Backend create(Context context) {
    Config config = context.config();
    String group = CloudWatchSettings.logGroup(config);
    String template = config.getString(CloudWatchSettings.LOG_STREAM);
    for (String unknown : StreamNames.unknown(template)) {
      config.report(
          "quartet.cloudwatch.log-stream: unknown placeholder " + unknown + " (known: {"
              + String.join("}, {", StreamNames.PLACEHOLDERS) + "}); kept as it is");
    }
    String endpoint =
        config.getValidated(
            CloudWatchSettings.ENDPOINT, v -> v.isEmpty() || isHttpUrl(v), "is not an http:// or https:// URL");
    LogEvent.Level level =
        LogEvent.Level.valueOf(
            config.getChoice(CloudWatchSettings.LEVEL, "trace", "debug", "info", "warn", "error")
                .toUpperCase(Locale.ROOT));
    String retention = config.getChoice(CloudWatchSettings.RETENTION_DAYS, CloudWatchSettings.RETENTION_VALUES);
    Duration interval = atLeast(config.getDuration(CloudWatchSettings.SEND_INTERVAL), MIN_SEND_INTERVAL);
    Duration timeout = atLeast(config.getDuration(CloudWatchSettings.TIMEOUT), MIN_TIMEOUT);
    int capacity = config.getInt(CloudWatchSettings.QUEUE_SIZE, 1, 10_000_000);

    AwsEnvironment aws = AwsEnvironment.current();
    String sdkEndpoint = aws.sdkEndpoint();
    String credentials = aws.credentialSource();
    boolean remote = !endpoint.isEmpty() || sdkEndpoint != null || credentials != null;

    String description;
    Supplier<LogDestination> destination;
    EventFormatter formatter;
    if (remote) {
      String override = endpoint.isEmpty() ? null : endpoint;
      PlainHttpEndpoints.warnIfPlain(config, "cloudwatch", override != null ? override : sdkEndpoint);
      String where =
          (override != null
                  ? "endpoint " + withoutUserInfo(override)
                  : sdkEndpoint != null ? "endpoint " + withoutUserInfo(sdkEndpoint) : "AWS")
              + ", credentials: "
              + (credentials == null ? "none found yet" : credentials);
      boolean create = config.getBoolean(CloudWatchSettings.CREATE);
      Integer retentionDays = retention.isEmpty() ? null : Integer.valueOf(retention);
      destination =
          () ->
              new CloudWatchLogsDestination(
                  () -> LogsClients.build(override, timeout, context.version()),
                  group,
                  create,
                  retentionDays,
                  where,
                  CloudWatchLogsDestination.defaultBackoff(),
                  CloudWatchLogsDestination.defaultSlowBackoff());
      formatter =
          new EventFormatter(
              config.getChoice(CloudWatchSettings.FORMAT, "json", "text").equals("text")
                  ? EventFormatter.Format.TEXT
                  : EventFormatter.Format.JSON);
      description =
          CloudWatchLogsDestination.describe(group, where)
              + ", stream "
              + template
              + ", "
              + formatter.format().name().toLowerCase(Locale.ROOT);
    } else {
      LocalFileDestination local = new LocalFileDestination(context.telemetryDir());
      destination = () -> local;
      formatter = new EventFormatter(EventFormatter.Format.JSON); // the report reads JSON lines
      description = local.describe();
    }

    String service = CloudWatchSettings.serviceName(config);
    Instant start = Instant.now();
    long pid = ProcessHandle.current().pid();
    LogSender[] sender = new LogSender[1];
    LogQueue queue =
        new LogQueue(capacity, LogQueue.MAX_CHARS, PutLogEventsBatches.MAX_EVENTS, () -> sender[0].wake());
    sender[0] =
        new LogSender(
            queue,
            formatter,
            () -> new StreamNames(template, service, StreamNames.hostname(), pid, start),
            destination,
            interval);
    sender[0].start();
    return new CloudWatchBackend(
        queue, sender[0], level, config.getBoolean(CloudWatchSettings.ACCESS_LOG), description);
  }

  static boolean isHttpUrl(String v) {
    try {
      URI u = URI.create(v);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A URL as shown in the startup line: without user:password@. */
  static String withoutUserInfo(String url) {
    try {
      URI u = URI.create(url);
      if (u.getRawUserInfo() == null) {
        return url;
      }
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
    } catch (Exception e) {
      return "(unparsable URL)";
    }
  }

  private static Duration atLeast(Duration d, Duration min) {
    return d.compareTo(min) < 0 ? min : d;
  }
}
