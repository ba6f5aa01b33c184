package dev.quartet.compat;

import dev.quartet.smoke.CloudWatchLogsReceiver;
import dev.quartet.smoke.OtlpHttpReceiver;
import dev.quartet.smoke.RollbarReceiver;
import dev.quartet.smoke.XrayDaemonReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The four loopback backends one agent run ships to, and the environment that points the agent at them. */
public final class Backends implements AutoCloseable {

  public final OtlpHttpReceiver otlp = new OtlpHttpReceiver();
  public final XrayDaemonReceiver xray = new XrayDaemonReceiver();
  public final CloudWatchLogsReceiver cloudwatch = new CloudWatchLogsReceiver();
  public final RollbarReceiver rollbar = new RollbarReceiver();

  /** What a user sets: the OTLP endpoint, the X-Ray daemon (recording every request), AWS credentials, Rollbar. */
  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>(cloudwatch.clientEnv());
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint());
    env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
    env.put("AWS_XRAY_DAEMON_ADDRESS", xray.address());
    env.put("QUARTET_XRAY_SAMPLING", "all");
    env.put("QUARTET_CLOUDWATCH_SEND_INTERVAL", "200ms");
    env.put("ROLLBAR_ACCESS_TOKEN", RollbarReceiver.TOKEN);
    env.put("ROLLBAR_ENDPOINT", rollbar.itemUrl());
    return env;
  }

  /** Everything received, for diagnosing a failure: spans, segments, log events, Rollbar items. */
  public void dump(Path dir) {
    try {
      otlp.dump(dir.resolve("received-spans.txt"));
      xray.dump(dir.resolve("received-segments.txt"));
      Files.write(dir.resolve("received-log-events.txt"),
          cloudwatch.events().stream().map(e -> e.group() + " " + e.message()).toList());
      Files.write(dir.resolve("received-rollbar-items.txt"),
          rollbar.items().stream().map(RollbarReceiver.Item::raw).toList());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    otlp.close();
    xray.close();
    cloudwatch.close();
    rollbar.close();
  }
}
