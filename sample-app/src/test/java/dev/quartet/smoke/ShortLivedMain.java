package dev.quartet.smoke;

import cruddur.App;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A program whose {@code main} returns by itself: starts the app on a free port, makes one request, stops the app
 * and returns. Run in a child JVM by {@link BrokenBackendIT}: with the agent attached the JVM must still exit. With
 * a file name as argument it returns only once that file exists (at most {@link #GO_AHEAD_WAIT} later): the test
 * creates it when the agent's exporter is stuck on the hanging backend, so that main returns in that state however
 * slowly the machine runs.
 */
public final class ShortLivedMain {

  /** Printed (followed by the HTTP status) just before main returns. */
  public static final String DONE = "ShortLivedMain done, status=";

  static final Duration GO_AHEAD_WAIT = Duration.ofMinutes(2);

  private ShortLivedMain() {}

  public static void main(String[] args) throws Exception {
    App app = App.start(0);
    int status;
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + app.port() + "/api/activities/home")
          .toURL().openConnection();
      // generous: on a loaded machine the first request (class loading, JIT) can take many seconds
      c.setConnectTimeout(60_000);
      c.setReadTimeout(60_000);
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
    if (args.length > 0) {
      Path goAhead = Path.of(args[0]);
      long deadline = System.nanoTime() + GO_AHEAD_WAIT.toNanos();
      while (!Files.exists(goAhead) && System.nanoTime() - deadline < 0) {
        Thread.sleep(20);
      }
    }
    System.out.println(DONE + status);
    System.out.flush();
  }
}
