package dev.quartet.backend.rollbar;

import com.rollbar.notifier.sender.json.JsonSerializerImpl;
import dev.quartet.core.DaemonThreads;
import com.rollbar.notifier.sender.result.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;

/**
 * {@code POST} to Rollbar's item endpoint with the {@code X-Rollbar-Access-Token} header, as rollbar-java's
 * SyncSender does (gzip-compressed JSON), but with what it lacks: a connect timeout and a bound on the whole
 * exchange (sending included, so a peer that stops reading cannot hold the sender thread), and the rate-limit
 * headers read so that the sender can back off. The JDK HTTP client is used because, unlike HttpURLConnection,
 * its timeout also covers writing the request.
 */
final class HttpTransport implements Transport {
  static final String TOKEN_HEADER = "X-Rollbar-Access-Token";
  static final String REMAINING_SECONDS_HEADER = "X-Rate-Limit-Remaining-Seconds";
  static final String REMAINING_HEADER = "X-Rate-Limit-Remaining";
  /** When a 429 carries no usable X-Rate-Limit-Remaining-Seconds: Rollbar's limits are per minute. */
  static final long DEFAULT_RATE_LIMIT_WAIT_MILLIS = 60_000;
  /** A longer wait announced by the server is cut to this, so a bad header cannot silence errors for hours. */
  static final long MAX_RATE_LIMIT_WAIT_MILLIS = 300_000;

  private final URI endpoint;
  private final String token;
  private final Duration connectTimeout;
  private HttpClient client;

  HttpTransport(URI endpoint, String token, Duration connectTimeout) {
    this.endpoint = endpoint;
    this.token = token;
    this.connectTimeout = connectTimeout;
  }

  /**
   * Made with the first item, on the sender thread: the JDK HTTP client loads a few hundred classes, which an app
   * that never fails should not pay for at start.
   */
  private synchronized HttpClient client() {
    if (client == null) {
      // the client's own tasks, on daemon threads named as Quartet's (their log records are never reported)
      ExecutorService executor =
          Executors.newCachedThreadPool(DaemonThreads.numbered(RollbarBackend.THREAD_NAME + "-http-"));
      client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(connectTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(executor)
              .build();
    }
    return client;
  }

  /** The endpoint without user info, query or fragment, which could hold credentials. */
  @Override
  public String describe() {
    return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
        + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath());
  }

  @Override
  public Outcome deliver(byte[] json, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("Content-Encoding", "gzip")
            .header(TOKEN_HEADER, token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(json)))
            .build();
    CompletableFuture<HttpResponse<String>> pending =
        client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response;
    try {
      // the request timeout ends at the response headers; this bounds reading the body as well
      response = pending.get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      return new Outcome(Outcome.Kind.TRANSIENT, 0, "no response within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Outcome(Outcome.Kind.TRANSIENT, 0, cause.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.cancel(true);
      return new Outcome(Outcome.Kind.TRANSIENT, 0, "interrupted");
    }
    return outcome(response.statusCode(), response.headers().firstValue(REMAINING_HEADER).orElse(null),
        response.headers().firstValue(REMAINING_SECONDS_HEADER).orElse(null), response.body());
  }

  static Outcome outcome(int status, String remaining, String remainingSeconds, String body) {
    if (status >= 200 && status < 300 && body != null && !body.trim().isEmpty() && !body.trim().startsWith("{")) {
      // Rollbar answers JSON ({"err": 0, "result": …}); anything else is not Rollbar (a proxy, a captive portal, a
      // broken gateway) and the item has not arrived: kept and sent again, like a 5xx
      return new Outcome(Outcome.Kind.TRANSIENT, 0, status + " but not Rollbar's answer: " + message(body));
    }
    if (status >= 200 && status < 300) {
      // the quota is used up: wait for the window to reset instead of running into 429s
      boolean exhausted = remaining != null && remaining.trim().equals("0");
      return Outcome.sent(exhausted ? waitMillis(remainingSeconds) : 0);
    }
    if (status == 429) {
      return new Outcome(Outcome.Kind.RATE_LIMITED, waitMillis(remainingSeconds), "429 " + message(body));
    }
    if (status >= 500) {
      return new Outcome(Outcome.Kind.TRANSIENT, 0, status + " " + message(body));
    }
    return new Outcome(Outcome.Kind.REJECTED, 0, status + " " + message(body));
  }

  static long waitMillis(String remainingSeconds) {
    if (remainingSeconds == null) {
      return DEFAULT_RATE_LIMIT_WAIT_MILLIS;
    }
    try {
      long seconds = Long.parseLong(remainingSeconds.trim());
      if (seconds < 0) {
        return DEFAULT_RATE_LIMIT_WAIT_MILLIS;
      }
      return Math.min(Math.max(seconds * 1000, 1000), MAX_RATE_LIMIT_WAIT_MILLIS);
    } catch (NumberFormatException e) {
      return DEFAULT_RATE_LIMIT_WAIT_MILLIS;
    }
  }

  /** Rollbar's {"err": 1, "message": "…"} read with rollbar-java's parser; else (a proxy's page) the body's start. */
  private static String message(String body) {
    if (body == null || body.isEmpty()) {
      return "(no body)";
    }
    if (body.trim().startsWith("{")) {
      try {
        Result result = new JsonSerializerImpl().resultFrom(body);
        if (result.getContent() != null) {
          return abbreviate(result.getContent());
        }
      } catch (RuntimeException e) {
        // not Rollbar's JSON after all
      }
    }
    return abbreviate(body.replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}|\uFFFD", "?"));
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new IllegalStateException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }
}
