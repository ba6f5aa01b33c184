package benchapp;

import java.util.List;

/**
 * An app class for {@code MethodRulesBenchmark} (outside dev.quartet, which the agent never instruments):
 * {@code home} is named by the benchmark's rules file ({@code bench/jmh-method-rules.yaml}), {@code plain} is not.
 */
public final class Activities {
  private static final List<String> RESULTS = List.of("andrewbrown", "worf", "garek");

  /** Named by a rule: a span with two attributes (the argument, and the size of the result). */
  public static List<String> home(String user) {
    return user.isEmpty() ? List.of() : RESULTS;
  }

  /** Named by no rule: not instrumented. */
  public static List<String> plain(String user) {
    return user.isEmpty() ? List.of() : RESULTS;
  }

  /** Named by a rule that starts no trace: outside a request the call is not recorded. */
  public static List<String> outsideRequest(String user) {
    return user.isEmpty() ? List.of() : RESULTS;
  }
}
