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

  public static final List<Setting> ALL = Collections.unmodifiableList(Arrays.asList(ENABLED));
}
