package probe;

/** The web app's own exception class: what a queued event must not keep alive. */
public class ProbeFailure extends RuntimeException {
  public ProbeFailure(String message) {
    super(message);
  }
}
