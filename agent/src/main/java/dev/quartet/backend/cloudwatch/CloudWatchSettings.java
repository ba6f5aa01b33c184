package dev.quartet.backend.cloudwatch;

import dev.quartet.config.Setting;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Every setting of the CloudWatch Logs backend (documented in docs/CONFIGURATION.md). */
public final class CloudWatchSettings {
  private CloudWatchSettings() {}

  public static final Setting ENABLED =
      new Setting("quartet.cloudwatch.enabled", "true", "The CloudWatch Logs backend.");

  public static final List<Setting> ALL = Collections.unmodifiableList(Arrays.asList(ENABLED));
}
