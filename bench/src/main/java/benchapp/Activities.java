package benchapp;

import java.util.List;
import java.util.function.Function;

/**
 * An app class for {@code MethodRulesBenchmark} (outside dev.quartet, which the agent never instruments). Each
 * instance's {@link #apply} calls {@link #home}, {@link #plain} or {@link #outsideRequest}, as chosen by its name:
 * {@code home} and {@code outsideRequest} are named by the benchmark's rules ({@code bench/jmh-method-rules.yaml}),
 * {@code plain} by none.
 */
public final class Activities implements Function<String, List<String>> {
  private static final List<String> RESULTS = List.of("andrewbrown", "worf", "garek");

  private final String method;

  public Activities(String method) {
    this.method = method;
  }

  @Override
  public List<String> apply(String user) {
    switch (method) {
      case "home":
        return home(user);
      case "outsideRequest":
        return outsideRequest(user);
      default:
        return plain(user);
    }
  }

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
