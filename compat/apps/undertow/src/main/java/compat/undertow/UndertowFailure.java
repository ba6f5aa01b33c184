package compat.undertow;

/** The app's own exception type. */
public class UndertowFailure extends RuntimeException {

  public UndertowFailure(String message) {
    super(message);
  }
}
