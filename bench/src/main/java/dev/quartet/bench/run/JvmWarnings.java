package dev.quartet.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The warnings a JVM prints on its own (not an app's or a library's log): {@code OpenJDK 64-Bit Server VM warning:
 * …}, unified logging at level warning ({@code [0.012s][warning][cds] …}) and the launcher's/JDK's {@code WARNING: …}
 * lines (native access, dynamically loaded agents, Unsafe). Unified logging's uptime decoration is dropped, so the
 * same warning of two runs compares equal.
 */
final class JvmWarnings {
  private static final Pattern VM_WARNING = Pattern.compile("^(OpenJDK|Java HotSpot\\(TM\\)).*VM warning: .*");
  private static final Pattern UL_WARNING = Pattern.compile("^(\\[[^\\]]*\\])*\\[warning\\s*\\].*");
  private static final Pattern UPTIME = Pattern.compile("^\\[[0-9.]+m?s\\]");

  private JvmWarnings() {}

  /** The JVM warning lines among {@code lines}, each once, in order. */
  static List<String> extract(List<String> lines) {
    Set<String> found = new LinkedHashSet<>();
    for (String line : lines) {
      String l = line.stripTrailing();
      if (VM_WARNING.matcher(l).matches() || l.startsWith("WARNING: ")) {
        found.add(l);
      } else if (UL_WARNING.matcher(l).matches()) {
        found.add(UPTIME.matcher(l).replaceFirst(""));
      }
    }
    return new ArrayList<>(found);
  }

  /** The warnings of a run with an agent that a run without it did not print. */
  static List<String> added(List<String> withAgent, List<String> withoutAgent) {
    List<String> added = new ArrayList<>(withAgent);
    added.removeAll(withoutAgent);
    return added;
  }
}
