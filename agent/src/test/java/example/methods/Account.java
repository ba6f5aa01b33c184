package example.methods;

/** A value object with one readable property (handle) and one private field (secret) a rule must not read. */
public class Account {
  private final String handle;
  private final String secret;

  public Account(String handle, String secret) {
    this.handle = handle;
    this.secret = secret;
  }

  public String getHandle() {
    return handle;
  }

  @Override
  public String toString() {
    return "Account(" + handle + ")";
  }

  /** Keeps the compiler from calling secret unused. */
  boolean hasSecret() {
    return secret != null;
  }
}
