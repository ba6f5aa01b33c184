package compat.jaxrs;

/** The app's own exception type (no ExceptionMapper: Jersey hands it to the container). */
public class JaxrsFailure extends RuntimeException {

  public JaxrsFailure(String message) {
    super(message);
  }
}
