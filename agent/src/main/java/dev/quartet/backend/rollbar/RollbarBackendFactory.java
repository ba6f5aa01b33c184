package dev.quartet.backend.rollbar;

import dev.quartet.config.Config;
import dev.quartet.config.Setting;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;

/** Starts the Rollbar backend. */
public final class RollbarBackendFactory implements BackendFactory {
  @Override
  public String name() {
    return "rollbar";
  }

  @Override
  public Setting enabledBy() {
    return RollbarSettings.ENABLED;
  }

  @Override
  public String offReason(Config config) {
    return "not in this build yet";
  }

  @Override
  public Backend create(Context context) {
    throw new UnsupportedOperationException("the Rollbar backend is not in this build yet");
  }
}
