package dev.quartet.backend.otel;

import dev.quartet.config.Config;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Checks, before the SDK autoconfigure runs, every {@code otel.*} value of the trace pipeline it would reject with an
 * exception (which would leave the whole backend off). A bad value is reported in one line (where it came from, the
 * value, what is accepted, the default used) and the SDK is then given that default ({@link #sdkOverrides()}, which
 * win over environment variables and system properties as autoconfigure's property customizers do).
 */
final class OtelSettingsCheck {
  /** Samplers autoconfigure knows without extra artifacts (the agent carries none). */
  static final List<String> SAMPLERS =
      Arrays.asList(
          "always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off",
          "parentbased_traceidratio");
  /** Span exporters whose providers the agent carries. */
  static final List<String> EXPORTERS =
      Arrays.asList(
          "otlp", "console", "logging", "logging-otlp", "experimental-otlp/stdout", LocalFileSpanExporterProvider.NAME,
          "none");
  /** Propagators autoconfigure knows without extra artifacts. */
  static final List<String> PROPAGATORS = Arrays.asList("tracecontext", "baggage", "none");
  static final List<String> PROTOCOLS = Arrays.asList("http/protobuf", "http/json");
  static final List<String> COMPRESSIONS = Arrays.asList("gzip", "none");
  static final String DURATION = "a duration (e.g. 10s, 500ms; a bare number is milliseconds)";

  private static final String[] DURATIONS = {
    "otel.exporter.otlp.timeout", "10s",
    "otel.exporter.otlp.traces.timeout", "10s",
    "otel.bsp.schedule.delay", "5000ms",
    "otel.bsp.export.timeout", "30000ms",
  };
  /** Whole numbers: key, smallest accepted, default (Integer.MAX_VALUE: no limit). */
  private static final Object[][] NUMBERS = {
    {"otel.bsp.max.queue.size", 1, 2048},
    {"otel.bsp.max.export.batch.size", 1, 512},
    {"otel.attribute.value.length.limit", 0, Integer.MAX_VALUE},
    {"otel.attribute.count.limit", 0, 128},
    {"otel.span.attribute.value.length.limit", 0, Integer.MAX_VALUE},
    {"otel.span.attribute.count.limit", 0, 128},
    {"otel.span.event.count.limit", 0, 128},
    {"otel.span.link.count.limit", 0, 128},
    {"otel.event.attribute.count.limit", 0, 128},
    {"otel.link.attribute.count.limit", 0, 128},
  };

  private final Config config;
  private final Map<String, String> sdkOverrides = new LinkedHashMap<>();
  /** Keys whose value was rejected, with the value that stands in for it (null: as if unset). */
  private final Map<String, String> replaced = new HashMap<>();

  private OtelSettingsCheck(Config config) {
    this.config = config;
  }

  static OtelSettingsCheck run(Config config) {
    OtelSettingsCheck c = new OtelSettingsCheck(config);
    c.checkAll();
    return c;
  }

  /** What the SDK must be given instead of the rejected values. */
  Map<String, String> sdkOverrides() {
    return sdkOverrides;
  }

  /** The value of {@code key} as the SDK will see it: the configured one, or what replaced a bad one. */
  String raw(String key) {
    return replaced.containsKey(key) ? replaced.get(key) : config.raw(key);
  }

  private void checkAll() {
    choice("otel.traces.sampler", SAMPLERS, "parentbased_always_on");
    String sampler = raw("otel.traces.sampler");
    if (sampler != null && sampler.trim().toLowerCase(Locale.ROOT).endsWith("traceidratio")) {
      check("otel.traces.sampler.arg", OtelSettingsCheck::isRatio, "is not a number from 0 to 1", "1.0", "1.0");
    }
    list("otel.propagators", PROPAGATORS, "tracecontext,baggage", "tracecontext,baggage");
    for (String key : new String[] {"otel.exporter.otlp.protocol", "otel.exporter.otlp.traces.protocol"}) {
      check(key, v -> PROTOCOLS.contains(v.toLowerCase(Locale.ROOT)),
          "is not one of " + String.join(", ", PROTOCOLS) + " (grpc needs a sender the agent does not carry: use"
              + " the HTTP port, 4318)",
          "http/protobuf", "http/protobuf");
    }
    check("otel.exporter.otlp.endpoint", OtelSettingsCheck::isHttpUrl,
        "is not an http:// or https:// URL", "no endpoint (local mode unless OTLP is asked for: localhost:4318)",
        null);
    check("otel.exporter.otlp.traces.endpoint", OtelSettingsCheck::isHttpUrl,
        "is not an http:// or https:// URL", "no traces endpoint", null);
    boolean endpoint = raw("otel.exporter.otlp.endpoint") != null || raw("otel.exporter.otlp.traces.endpoint") != null;
    list("otel.traces.exporter", EXPORTERS, endpoint ? "otlp" : "the local file",
        endpoint ? "otlp" : LocalFileSpanExporterProvider.NAME);
    for (String key : new String[] {"otel.exporter.otlp.compression", "otel.exporter.otlp.traces.compression"}) {
      choice(key, COMPRESSIONS, "none");
    }
    for (int i = 0; i < DURATIONS.length; i += 2) {
      String dflt = DURATIONS[i + 1];
      check(DURATIONS[i], v -> isDuration(v), "is not " + DURATION, dflt, dflt);
    }
    for (Object[] n : NUMBERS) {
      int min = (Integer) n[1];
      int dflt = (Integer) n[2];
      check((String) n[0], v -> isWholeNumber(v, min), "is not a whole number of at least " + min,
          dflt == Integer.MAX_VALUE ? "no limit" : Integer.toString(dflt), Integer.toString(dflt));
    }
    for (String key :
        new String[] {"otel.exporter.otlp.headers", "otel.exporter.otlp.traces.headers", "otel.resource.attributes"}) {
      // The value is not shown: headers carry API keys.
      secretCheck(key, OtelSettingsCheck::isKeyValueList, "is not a comma-separated list of name=value pairs", "");
    }
  }

  private void choice(String key, List<String> allowed, String dflt) {
    check(key, v -> allowed.contains(v.toLowerCase(Locale.ROOT)), "is not one of " + String.join(", ", allowed),
        dflt, dflt);
  }

  /** A comma-separated list of names, each one of {@code allowed}; {@code none} alone. */
  private void list(String key, List<String> allowed, String shownDefault, String dflt) {
    check(key, v -> {
      List<String> names = Arrays.asList(v.toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
      return names.stream().allMatch(allowed::contains) && (!names.contains("none") || names.size() == 1);
    }, "is not a comma-separated list of " + String.join(", ", allowed) + " (none alone)", shownDefault, dflt);
  }

  private void check(String key, Predicate<String> valid, String why, String shownDefault, String replacement) {
    String v = config.raw(key);
    if (v == null || valid.test(v.trim())) {
      return;
    }
    reject(key, "\"" + Config.abbreviate(v) + "\" " + why, shownDefault, replacement);
  }

  private void secretCheck(String key, Predicate<String> valid, String why, String replacement) {
    String v = config.raw(key);
    if (v == null || valid.test(v.trim())) {
      return;
    }
    reject(key, "the value (not shown) " + why, "none", replacement);
  }

  private void reject(String key, String what, String shownDefault, String replacement) {
    config.report(config.origin(key) + ": " + what + "; using " + shownDefault);
    replaced.put(key, replacement);
    sdkOverrides.put(key, replacement == null ? sdkDefault(key) : replacement);
  }

  /** The SDK's own default, given in place of a rejected value where "unset" cannot be expressed. */
  private static String sdkDefault(String key) {
    return key.equals("otel.exporter.otlp.traces.endpoint")
        ? "http://localhost:4318/v1/traces"
        : "http://localhost:4318";
  }

  static boolean isRatio(String v) {
    try {
      double d = Double.parseDouble(v);
      return d >= 0 && d <= 1;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static boolean isHttpUrl(String v) {
    try {
      URI u = new URI(v);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null
          && u.getPort() <= 65535 && (u.getRawAuthority() == null || !u.getRawAuthority().endsWith(":"));
    } catch (Exception e) {
      return false;
    }
  }

  /** OpenTelemetry's duration syntax: digits, then optionally ms, s, m, h or d. */
  static boolean isDuration(String v) {
    return v.toLowerCase(Locale.ROOT).matches("\\d{1,12}\\s*(ms|s|m|h|d)?");
  }

  static boolean isWholeNumber(String v, int min) {
    return v.matches("\\d{1,9}") && Integer.parseInt(v) >= min;
  }

  /** {@code name=value,name2=value2}: every entry has a non-empty name; values may be %-encoded. */
  static boolean isKeyValueList(String v) {
    if (v.isEmpty()) {
      return true;
    }
    for (String entry : v.split(",", -1)) {
      if (entry.trim().isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0 || entry.substring(0, eq).trim().isEmpty()) {
        return false;
      }
      try {
        java.net.URLDecoder.decode(entry.substring(eq + 1), "UTF-8");
      } catch (Exception e) {
        return false;
      }
    }
    return true;
  }
}
