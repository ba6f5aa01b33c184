package example.threads;

/**
 * A thread whose run is the app's own, for {@code dev.quartet.smoke.ThreadHandOffMain}; outside {@code dev.quartet},
 * whose classes Quartet never instruments.
 */
public final class AppThread extends Thread {
  private final Runnable work;

  public AppThread(Runnable work) {
    super("app-subclass-thread");
    this.work = work;
  }

  @Override
  public void run() {
    work.run();
  }
}
