package dev.quartet.backend.xray;

import dev.quartet.backend.cloudwatch.CloudWatchBackendFactory;
import dev.quartet.backend.cloudwatch.CloudWatchSettings;
import dev.quartet.config.Config;
import dev.quartet.config.Setting;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;
import java.time.Clock;

/** Starts the X-Ray backend. */
public final class XrayBackendFactory implements BackendFactory {
  @Override
  public String name() {
    return "xray";
  }

  @Override
  public Setting enabledBy() {
    return XraySettings.ENABLED;
  }

  @Override
  public Backend create(Context context) throws Exception {
    Config config = context.config();
    return XrayBackend.create(
        config, context.telemetryDir(), AwsXrayVariables.fromEnvironment(), Clock.systemUTC(), cloudWatchOn(config));
  }

  /** Whether the CloudWatch Logs backend ships this app's logs, so that segments can name the log group. */
  static boolean cloudWatchOn(Config config) {
    CloudWatchBackendFactory cloudWatch = new CloudWatchBackendFactory();
    return config.getBoolean(CloudWatchSettings.ENABLED) && cloudWatch.offReason(config) == null;
  }
}
