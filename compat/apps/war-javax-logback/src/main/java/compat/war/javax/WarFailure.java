package compat.war.javax;

/** The app's own exception type. */
public class WarFailure extends RuntimeException {

  public WarFailure(String message) {
    super(message);
  }
}
