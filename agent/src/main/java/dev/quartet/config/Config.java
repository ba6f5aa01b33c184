package dev.quartet.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Quartet's settings, resolved as the OpenTelemetry Java agent resolves its own: system property, then environment
 * variable, then the configuration file, then the documented default.
 *
 * <p>A bad value never stops the app: it is reported once, naming where it came from (for a file: the file, the
 * line and the key), and the default is used instead.
 */
public final class Config {
  /** A raw value and where it was found, for error messages. */
  static final class Value {
    final String text;
    final String origin;

    Value(String text, String origin) {
      this.text = text;
      this.origin = origin;
    }
  }

  private final Map<String, String> env;
  private final Properties systemProperties;
  private final Map<String, Value> fileValues;
  private final Consumer<String> problems;

  private Config(
      Map<String, String> env,
      Properties systemProperties,
      Map<String, Value> fileValues,
      Consumer<String> problems) {
    this.env = env;
    this.systemProperties = systemProperties;
    this.fileValues = fileValues;
    this.problems = problems;
  }

  public static Config fromEnvironment(Consumer<String> problems) {
    return load(System.getenv(), System.getProperties(), problems);
  }

  public static Config load(Map<String, String> env, Properties systemProperties, Consumer<String> problems) {
    Config withoutFile = new Config(env, systemProperties, Collections.emptyMap(), problems);
    Value file = withoutFile.lookup(Settings.CONFIG_FILE.key());
    Map<String, Value> fileValues =
        file == null || file.text.trim().isEmpty()
            ? Collections.emptyMap()
            : readFile(file.text.trim(), file.origin, problems);
    Config config = new Config(env, systemProperties, fileValues, problems);
    config.reportUnknownQuartetKeys();
    return config;
  }

  private static Map<String, Value> readFile(String name, String namedBy, Consumer<String> problems) {
    Path path;
    try {
      path = Paths.get(name);
    } catch (InvalidPathException e) {
      // A name no file can have (a NUL; on Windows also C:\a<b) is a bad value like any other: reported, not thrown.
      problems.accept(
          "config file \"" + abbreviate(name) + "\" (named by " + namedBy + ") cannot be read: " + e.getMessage()
              + "; ignored");
      return Collections.emptyMap();
    }
    return readFile(path, namedBy, problems);
  }

  /** Java properties syntax, one {@code key=value} (or {@code key: value}) a line, {@code #} and {@code !} comments. */
  static Map<String, Value> readFile(Path path, String namedBy, Consumer<String> problems) {
    Map<String, Value> values = new LinkedHashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
          continue;
        }
        int eq = separatorIndex(trimmed);
        String where = "config file " + path + " line " + number;
        if (eq <= 0) {
          problems.accept(where + ": expected key=value, found \"" + abbreviate(trimmed) + "\"; line ignored");
          continue;
        }
        String key = trimmed.substring(0, eq).trim();
        String value = trimmed.substring(eq + 1).trim();
        if (!key.startsWith("quartet.") && !key.startsWith("otel.")) {
          problems.accept(
              where + ", key " + key + ": not a Quartet (quartet.*) or OpenTelemetry (otel.*) setting; ignored");
          continue;
        }
        values.put(key, new Value(value, where + ", key " + key));
      }
    } catch (IOException e) {
      problems.accept("config file " + path + " (named by " + namedBy + ") cannot be read: " + e + "; ignored");
      // All of it, as the message says: a read that fails half-way (e.g. a Latin-1 byte in a UTF-8 file) must not
      // leave the lines before the failure in force.
      return Collections.emptyMap();
    }
    return values;
  }

  private static int separatorIndex(String line) {
    int eq = line.indexOf('=');
    int colon = line.indexOf(':');
    if (eq < 0) {
      return colon;
    }
    return colon < 0 ? eq : Math.min(eq, colon);
  }

  private void reportUnknownQuartetKeys() {
    for (String name : systemProperties.stringPropertyNames()) {
      if (name.startsWith("quartet.") && Settings.find(name) == null) {
        problems.accept("system property " + name + " is not a Quartet setting (see docs/CONFIGURATION.md); ignored");
      }
    }
    for (String name : env.keySet()) {
      if (name.startsWith("QUARTET_") && !isKnownEnvName(name)) {
        problems.accept(
            "environment variable " + name + " is not a Quartet setting (see docs/CONFIGURATION.md); ignored");
      }
    }
    for (Map.Entry<String, Value> e : fileValues.entrySet()) {
      if (e.getKey().startsWith("quartet.") && Settings.find(e.getKey()) == null) {
        problems.accept(e.getValue().origin + ": not a Quartet setting (see docs/CONFIGURATION.md); ignored");
      }
    }
  }

  private static boolean isKnownEnvName(String name) {
    for (Setting s : Settings.ALL) {
      if (s.envName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Any key, quartet.* or otel.*, in system-property form. */
  Value lookup(String key) {
    String sys = systemProperties.getProperty(key);
    if (sys != null) {
      return new Value(sys, "system property " + key);
    }
    String envName = Setting.envName(key);
    String fromEnv = env.get(envName);
    if (fromEnv != null) {
      return new Value(fromEnv, "environment variable " + envName);
    }
    return fileValues.get(key);
  }

  /** Where the value of {@code key} comes from ("environment variable OTEL_…"), or null when unset. */
  public String origin(String key) {
    Value v = lookup(key);
    return v == null ? null : v.origin;
  }

  /**
   * Reports a bad value found by a backend's own check, like a bad value of a Quartet setting: one line, counted in
   * strict mode ({@code quartet.strict}).
   */
  public void report(String problem) {
    problems.accept(problem);
  }

  /** The raw value of any setting (quartet.* or otel.*), or null when unset. */
  public String raw(String key) {
    Value v = lookup(key);
    return v == null ? null : v.text;
  }

  public String getString(Setting s) {
    Value v = lookup(s.key());
    return v == null ? s.defaultValue() : v.text.trim();
  }

  public boolean getBoolean(Setting s) {
    Value v = lookup(s.key());
    if (v != null) {
      String t = v.text.trim().toLowerCase(Locale.ROOT);
      if (t.equals("true")) {
        return true;
      }
      if (t.equals("false")) {
        return false;
      }
      invalid(v, "is not true or false", s);
    }
    return Boolean.parseBoolean(s.defaultValue());
  }

  public Duration getDuration(Setting s) {
    Value v = lookup(s.key());
    if (v != null) {
      Duration d = parseDuration(v.text);
      if (d != null) {
        return d;
      }
      invalid(v, "is not a duration (e.g. 5s, 500ms, 2m; a bare number is milliseconds)", s);
    }
    return parseDuration(s.defaultValue());
  }

  /** A whole number of at least {@code min} (queue sizes, rates). */
  public int getInt(Setting s, int min) {
    return wholeNumber(s, min, Integer.MAX_VALUE, "is not a whole number of at least " + min);
  }

  public List<String> getList(Setting s) {
    return splitList(getString(s));
  }

  /** One of {@code allowed} (case-insensitive), lower-cased. */
  public String getChoice(Setting s, String... allowed) {
    Value v = lookup(s.key());
    if (v != null) {
      String t = v.text.trim().toLowerCase(Locale.ROOT);
      for (String a : allowed) {
        if (a.equals(t)) {
          return t;
        }
      }
      invalid(v, "is not one of " + String.join(", ", allowed), s);
    }
    return s.defaultValue();
  }

  /**
   * A whole number in {@code [min, max]}; anything else is reported (naming where it came from) and the default is
   * used.
   */
  public int getInt(Setting s, int min, int max) {
    return wholeNumber(s, min, max, "is not a whole number from " + min + " to " + max);
  }

  /** Plain digits only (no sign, at most 9 of them), within {@code [min, max]}. */
  private int wholeNumber(Setting s, int min, int max, String why) {
    Value v = lookup(s.key());
    if (v != null) {
      String t = v.text.trim();
      boolean digits = !t.isEmpty() && t.length() <= 9 && t.chars().allMatch(Character::isDigit);
      if (digits) {
        int n = Integer.parseInt(t);
        if (n >= min && n <= max) {
          return n;
        }
      }
      invalid(v, why, s);
    }
    return Integer.parseInt(s.defaultValue());
  }

  /**
   * The trimmed value when {@code valid} accepts it; otherwise the problem is reported as "{value} {why}", naming
   * where the value came from, and the default is returned.
   */
  public String getValidated(Setting s, java.util.function.Predicate<String> valid, String why) {
    Value v = lookup(s.key());
    if (v != null) {
      String t = v.text.trim();
      if (valid.test(t)) {
        return t;
      }
      invalid(v, why, s);
    }
    return s.defaultValue();
  }

  /** The otel.* entries of the configuration file: OpenTelemetry reads them as defaults under env and sysprops. */
  public Map<String, String> fileOtelProperties() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : fileValues.entrySet()) {
      if (e.getKey().startsWith("otel.")) {
        out.put(e.getKey(), e.getValue().text);
      }
    }
    return out;
  }

  private void invalid(Value v, String why, Setting s) {
    String shown = s.defaultValue().isEmpty() ? "no value" : "the default " + s.defaultValue();
    problems.accept(v.origin + ": \"" + abbreviate(v.text) + "\" " + why + "; using " + shown);
  }

  /** Accepts OpenTelemetry's duration syntax: a number with ms, s, m, h or d; a bare number is milliseconds. */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return null;
    }
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    if (i == 0 || i > 12) {
      return null;
    }
    long n = Long.parseLong(t.substring(0, i));
    String unit = t.substring(i).trim();
    switch (unit) {
      case "":
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      case "d":
        return Duration.ofDays(n);
      default:
        return null;
    }
  }

  static List<String> splitList(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  public static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
