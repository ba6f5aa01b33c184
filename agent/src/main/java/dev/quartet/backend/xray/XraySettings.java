package dev.quartet.backend.xray;

import dev.quartet.config.Setting;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Every setting of the X-Ray backend (documented in docs/CONFIGURATION.md). */
public final class XraySettings {
  private XraySettings() {}

  public static final Setting ENABLED =
      new Setting("quartet.xray.enabled", "true", "The X-Ray backend.");

  public static final List<Setting> ALL = Collections.unmodifiableList(Arrays.asList(ENABLED));
}
