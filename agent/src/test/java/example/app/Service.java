package example.app;

import java.util.Map;

/** Methods the rules match, as an app would have them (ExpressionCheckTest). */
public final class Service {
  private final String secret = "s";

  public Fixtures.User find(String handle, Object anything, Map<String, Object> options) {
    return null;
  }

  public static void reset() {}

  public Fixtures.Account account() {
    return null;
  }
}
