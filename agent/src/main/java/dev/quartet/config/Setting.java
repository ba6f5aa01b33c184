package dev.quartet.config;

import java.util.Locale;

/**
 * One documented Quartet setting. Its canonical name is the system-property form ({@code quartet.shutdown.timeout});
 * the environment-variable form follows the OpenTelemetry rule ({@code QUARTET_SHUTDOWN_TIMEOUT}).
 */
public final class Setting {
  private final String key;
  private final String defaultValue;
  private final String description;

  public Setting(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String envName() {
    return envName(key);
  }

  /** Empty string when the setting has no default. */
  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  static String envName(String key) {
    return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return key;
  }
}
