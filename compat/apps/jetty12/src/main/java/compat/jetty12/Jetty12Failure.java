package compat.jetty12;

/** The app's own exception type. */
public class Jetty12Failure extends RuntimeException {

  public Jetty12Failure(String message) {
    super(message);
  }
}
