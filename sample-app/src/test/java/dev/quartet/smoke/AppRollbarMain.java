package dev.quartet.smoke;

import com.rollbar.notifier.Rollbar;
import com.rollbar.notifier.config.ConfigBuilder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An app that reports to Rollbar with rollbar-java itself ({@code Rollbar.init}, its own token and endpoint
 * {@code args[0]}), and also logs a SEVERE record, which the agent reports with its own instance. Run in a child JVM
 * by {@link RollbarIT}.
 */
public final class AppRollbarMain {

  public static final String APP_TOKEN = "the-apps-own-token-1717";
  public static final String APP_MESSAGE = "reported by the app with its own rollbar-java";
  public static final String LOGGED = "logged, so reported by the agent";
  public static final String SAME_INSTANCE = "the Rollbar.init singleton is the app's: ";

  private AppRollbarMain() {}

  public static void main(String[] args) throws Exception {
    Rollbar rollbar = Rollbar.init(ConfigBuilder.withAccessToken(APP_TOKEN).endpoint(args[0])
        .environment("app-env").handleUncaughtErrors(false).build());
    rollbar.error(new IllegalStateException(APP_MESSAGE));
    Logger.getLogger("cruddur.app").log(Level.SEVERE, LOGGED, new IllegalArgumentException("x"));
    // first-wins: once initialised, init returns the one instance without reading its argument
    System.out.println(SAME_INSTANCE + (Rollbar.init(null) == rollbar));
    rollbar.close(true);
  }
}
