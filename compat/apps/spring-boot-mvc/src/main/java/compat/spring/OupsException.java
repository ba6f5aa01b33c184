package compat.spring;

/** The app's own exception type: what a user expects to see in traces and Rollbar, not Spring's wrapper. */
public class OupsException extends RuntimeException {

  public OupsException(String message) {
    super(message);
  }
}
