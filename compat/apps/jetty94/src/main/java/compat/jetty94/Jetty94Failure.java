package compat.jetty94;

/** The app's own exception type. */
public class Jetty94Failure extends RuntimeException {

  public Jetty94Failure(String message) {
    super(message);
  }
}
