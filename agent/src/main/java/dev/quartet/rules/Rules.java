package dev.quartet.rules;

import dev.quartet.config.Config;
import dev.quartet.config.Settings;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The rules in force: the rules file's, then OTEL_INSTRUMENTATION_METHODS_INCLUDE's. */
public final class Rules {
  /** The OTel Java agent's setting, read as it reads it (system property, environment variable, config file). */
  public static final String OTEL_METHODS_INCLUDE = "otel.instrumentation.methods.include";

  private Rules() {}

  /**
   * Loads both sources. Each problem is reported through {@link Config#report} as one line ("file:line: …"): a
   * warning, counted by strict mode ({@code quartet.strict}) like a bad setting.
   */
  public static List<MethodRule> fromSettings(Config config) {
    List<MethodRule> rules = new ArrayList<>();
    String file = config.getString(Settings.RULES_FILE);
    if (!file.isEmpty()) {
      RulesFile.Loaded loaded;
      try {
        loaded = RulesFile.load(Paths.get(file));
      } catch (RuntimeException e) { // an invalid path
        config.report(config.origin(Settings.RULES_FILE.key()) + ": \"" + file + "\" is not a file name: " + e.getMessage());
        loaded = new RulesFile.Loaded(Collections.emptyList(), Collections.emptyList());
      }
      add(loaded, rules, config);
    }
    String include = config.raw(OTEL_METHODS_INCLUDE);
    if (include != null && !include.trim().isEmpty()) {
      add(RulesFile.fromOtelMethodsInclude(include), rules, config);
    }
    return Collections.unmodifiableList(rules);
  }

  private static void add(RulesFile.Loaded loaded, List<MethodRule> rules, Config config) {
    for (Problem p : loaded.problems()) {
      config.report("rules: " + p);
    }
    rules.addAll(loaded.rules());
  }
}
