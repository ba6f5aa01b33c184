package dev.quartet.backend.otel;

import dev.quartet.config.Config;
import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;

/** Starts the OpenTelemetry backend. */
public final class OtelBackendFactory implements BackendFactory {
  @Override
  public String name() {
    return "otel";
  }

  @Override
  public Setting enabledBy() {
    return Settings.OTEL_ENABLED;
  }

  @Override
  public String offReason(Config config) {
    return OtelBackend.sdkDisabled(config) ? "OTEL_SDK_DISABLED" : null;
  }

  @Override
  public Backend create(Context context) {
    return OtelBackend.create(context.config(), context.telemetryDir(), context.version());
  }
}
