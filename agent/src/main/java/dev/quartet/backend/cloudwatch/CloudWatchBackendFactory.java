package dev.quartet.backend.cloudwatch;

import dev.quartet.config.Config;
import dev.quartet.config.Setting;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;

/** Starts the CloudWatch Logs backend. */
public final class CloudWatchBackendFactory implements BackendFactory {
  @Override
  public String name() {
    return "cloudwatch";
  }

  @Override
  public Setting enabledBy() {
    return CloudWatchSettings.ENABLED;
  }

  @Override
  public String offReason(Config config) {
    return "not in this build yet";
  }

  @Override
  public Backend create(Context context) {
    throw new UnsupportedOperationException("the CloudWatch Logs backend is not in this build yet");
  }
}
