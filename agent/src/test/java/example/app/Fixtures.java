package example.app;

import java.util.List;

/** App-like types the expressions read. Public where an app's would be, so getters are reachable. */
public final class Fixtures {
  private Fixtures() {}

  public static final class User {
    private final String handle;
    private final boolean admin;
    private final String secret = "s3cr3t";
    public final String publicField = "field";
    private String name = "n";

    public User(String handle, boolean admin) {
      this.handle = handle;
      this.admin = admin;
    }

    public String getHandle() {
      return handle;
    }

    public boolean isAdmin() {
      return admin;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String name() {
      return name;
    }

    public String delete() {
      return "deleted";
    }

    public static String getStatic() {
      return "static";
    }

    public Class<?> getType() {
      return User.class;
    }

    public String getBroken() {
      throw new IllegalStateException("broken getter");
    }
  }

  public interface Named {
    String getName();
  }

  /** Not public: its getter is read through the public interface it implements. */
  static final class Hidden implements Named {
    @Override
    public String getName() {
      return "hidden";
    }

    public String getOther() {
      return "other";
    }
  }

  public static Named hidden() {
    return new Hidden();
  }

  public record Account(String id, List<String> roles) {
    public String close() {
      return "closed";
    }
  }

  public static final class BadToString {
    @Override
    public String toString() {
      throw new IllegalStateException("no");
    }
  }
}
