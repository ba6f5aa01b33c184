package example.orders;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * App A's service in {@code dev.quartet.smoke.TwoServicesIT}, outside {@code dev.quartet} (which Quartet never
 * instruments): {@link #place} asks the stock service (app B) over HTTP from a pool
 * thread and waits for the answer. No observability code: a rule of the test's rules file makes {@code place} a span
 * and an X-Ray subsegment.
 */
public final class OrderService {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

  public int place(URI stock) throws Exception {
    return POOL.submit(() -> status(stock)).get(10, TimeUnit.SECONDS);
  }

  private static int status(URI target) throws IOException {
    HttpURLConnection c = (HttpURLConnection) target.toURL().openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(5000);
    try {
      return c.getResponseCode();
    } finally {
      c.disconnect();
    }
  }
}
