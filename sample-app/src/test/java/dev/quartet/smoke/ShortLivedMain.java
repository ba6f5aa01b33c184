package dev.quartet.smoke;

import cruddur.App;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A program whose {@code main} returns by itself: starts the app on a free port, makes one request, stops the app
 * and returns. Run in a child JVM by {@link BrokenBackendIT}: with the agent attached the JVM must still exit.
 */
public final class ShortLivedMain {

  /** Printed (followed by the HTTP status) just before main returns. */
  public static final String DONE = "ShortLivedMain done, status=";

  private ShortLivedMain() {}

  public static void main(String[] args) throws Exception {
    App app = App.start(0);
    int status;
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + app.port() + "/api/activities/home")
          .toURL().openConnection();
      c.setConnectTimeout(5_000);
      c.setReadTimeout(5_000);
      c.setRequestProperty("User-Agent", Http.USER_AGENT);
      status = c.getResponseCode();
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        if (in != null) {
          in.readAllBytes();
        }
      }
      c.disconnect();
    } finally {
      app.stop();
    }
    System.out.println(DONE + status);
    System.out.flush();
  }
}
