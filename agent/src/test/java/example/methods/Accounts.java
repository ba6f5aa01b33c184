package example.methods;

import java.util.List;

/** A service whose methods rules-file tests name. */
public class Accounts {
  public Account find(String handle) {
    return new Account(handle, "s3cret");
  }

  public List<String> list(int count) {
    return List.of("a", "b", "c").subList(0, count);
  }
}
