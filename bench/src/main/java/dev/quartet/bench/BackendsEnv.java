package dev.quartet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code bench/backends.env}: {@code KEY=VALUE} lines whose {@code ${PLACEHOLDER}}s name sink addresses. */
public final class BackendsEnv {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

  private BackendsEnv() {}

  public static Map<String, String> read(Path file, Map<String, String> placeholders) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    int number = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      number++;
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(file + " line " + number + ": expected KEY=VALUE");
      }
      env.put(trimmed.substring(0, eq).trim(), fill(trimmed.substring(eq + 1).trim(), placeholders, file, number));
    }
    return env;
  }

  private static String fill(String value, Map<String, String> placeholders, Path file, int number) {
    Matcher m = PLACEHOLDER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = placeholders.get(m.group(1));
      if (v == null) {
        throw new IllegalArgumentException(file + " line " + number + ": unknown placeholder " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code export KEY='value'} lines for a POSIX shell. */
  public static String asShellExports(Map<String, String> env) {
    StringBuilder sb = new StringBuilder();
    env.forEach((k, v) -> sb.append("export ").append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
    return sb.toString();
  }
}
