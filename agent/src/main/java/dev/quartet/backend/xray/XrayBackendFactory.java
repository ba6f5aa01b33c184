package dev.quartet.backend.xray;

import dev.quartet.config.Config;
import dev.quartet.config.Setting;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;

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
  public String offReason(Config config) {
    return "not in this build yet";
  }

  @Override
  public Backend create(Context context) {
    throw new UnsupportedOperationException("the X-Ray backend is not in this build yet");
  }
}
