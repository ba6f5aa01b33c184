package dev.quartet.backend.rollbar;

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
  public Backend create(Context context) {
    return RollbarBackend.create(context);
  }
}
