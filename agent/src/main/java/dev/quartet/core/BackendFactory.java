package dev.quartet.core;

import dev.quartet.config.Config;
import dev.quartet.config.Setting;
import java.nio.file.Path;

/** How the agent starts one backend; each backend package has one. */
public interface BackendFactory {
  /** otel, xray, cloudwatch, rollbar: the name in the startup line and in {@code quartet.<name>.enabled}. */
  String name();

  /** The backend's own switch. */
  Setting enabledBy();

  /** Why the backend stays off although its switch is on (e.g. OTEL_SDK_DISABLED), or null. */
  default String offReason(Config config) {
    return null;
  }

  /** Starts the backend; a failure leaves it out and is reported in one line, the other backends run on. */
  Backend create(Context context) throws Exception;

  /** What every backend may need at start. */
  final class Context {
    private final Config config;
    private final Path telemetryDir;
    private final String version;

    public Context(Config config, Path telemetryDir, String version) {
      this.config = config;
      this.telemetryDir = telemetryDir;
      this.version = version;
    }

    public Config config() {
      return config;
    }

    /** Local mode's folder (absolute); backends with no remote destination write their file here. */
    public Path telemetryDir() {
      return telemetryDir;
    }

    /** Quartet's version. */
    public String version() {
      return version;
    }
  }
}
