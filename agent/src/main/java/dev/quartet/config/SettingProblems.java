package dev.quartet.config;

import dev.quartet.core.AgentLog;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where every bad setting value is reported, one line each. Normally a warning (the default is used); in strict mode
 * ({@code quartet.strict}) an error, and the backends are not started. Lines found before the mode is known (while
 * the settings themselves are read) are held until it is.
 */
public final class SettingProblems implements Consumer<String> {
  private final List<String> held = new ArrayList<>();
  private int count;
  private Boolean strict;

  @Override
  public synchronized void accept(String problem) {
    count++;
    if (strict == null) {
      held.add(problem);
    } else {
      print(problem);
    }
  }

  /** Sets the mode and prints what was held. */
  public synchronized void strict(boolean on) {
    strict = on;
    for (String p : held) {
      print(p);
    }
    held.clear();
  }

  /** Problems reported so far. */
  public synchronized int count() {
    return count;
  }

  private void print(String problem) {
    if (strict) {
      AgentLog.error("strict: " + problem, null);
    } else {
      AgentLog.warn(problem);
    }
  }
}
