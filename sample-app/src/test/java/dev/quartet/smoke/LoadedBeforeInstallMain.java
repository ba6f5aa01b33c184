package dev.quartet.smoke;

/**
 * Loads classes a module instruments before the agent installs its instrumentation, then has the install happen, for
 * {@link LoadedBeforeInstallIT}. This class names nothing that triggers the install ({@code DeferredInstall}): the
 * app's thread class and the JDK's executor are loaded first, and only {@link Logs}, which names {@code
 * java.util.logging}, triggers it as it loads; the loading thread waits for the install, retransformation included.
 */
public final class LoadedBeforeInstallMain {
  static final String DONE = "loaded before the install, then logged";

  private LoadedBeforeInstallMain() {}

  public static void main(String[] args) throws Exception {
    Class.forName("example.threads.AppThread"); // an app's Thread subclass overriding run(): loaded, not started
    Class.forName("java.util.concurrent.ScheduledThreadPoolExecutor");
    Logs.once();
    System.out.println(DONE);
  }

  static final class Logs {
    static void once() {
      java.util.logging.Logger.getLogger("app.early").info("the install has run");
    }
  }
}
