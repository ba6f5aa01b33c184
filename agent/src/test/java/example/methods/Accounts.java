package example.methods;

import java.util.List;
import java.util.logging.Logger;

/** A service whose methods rules-file tests name. */
public class Accounts {
  private static final Logger LOG = Logger.getLogger(Accounts.class.getName());

  public Account find(String handle) {
    return new Account(handle, "s3cret");
  }

  public List<String> list(int count) {
    return List.of("a", "b", "c").subList(0, count);
  }

  /** Declared to return Object: what it returns is judged when it runs. */
  public Object lookup(String handle) {
    return new Account(handle, "s3cret");
  }

  public void delete(String handle) {
    throw new IllegalArgumentException("no account " + handle);
  }

  /** Throws an exception the app expects (a rule records it without marking the span an error). */
  public void reject(String handle) {
    throw new IllegalStateException("rejected " + handle);
  }

  public int depth(int n) {
    return n == 0 ? 0 : 1 + depth(n - 1);
  }

  public static String normalize(String handle) {
    return handle.trim().toLowerCase();
  }

  /** Logs through JUL inside the method. */
  public void audit(String what) {
    LOG.info("audited " + what);
  }
}
