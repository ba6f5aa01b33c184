package dev.quartet.smoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A small HTTP/1.1 client for the app under test, on {@link HttpClient}, with connect and request timeouts. */
public final class Http {

  public static final String USER_AGENT = "quartet-smoke/1.0 (loopback)";

  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** One request/response pair. Response header names are lower-case. */
  public record Exchange(String method, String target, Map<String, String> requestHeaders, int status,
      Map<String, List<String>> headers, String body, long nanos) {

    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    public Optional<TraceResponse> traceResponse() {
      return TraceResponse.parse(header(TraceResponse.HEADER));
    }

    public Duration duration() {
      return Duration.ofNanos(nanos);
    }

    @Override
    public String toString() {
      return method + " " + target + " -> " + status;
    }
  }

  private final HttpClient client;
  private final String base;
  private final Duration requestTimeout;

  public Http(int port) {
    this(port, REQUEST_TIMEOUT);
  }

  public Http(int port, Duration requestTimeout) {
    this.base = "http://127.0.0.1:" + port;
    this.requestTimeout = requestTimeout;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public String base() {
    return base;
  }

  public Exchange send(Cruddur.Route route) {
    return send(route, Map.of());
  }

  public Exchange send(Cruddur.Route route, Map<String, String> extraHeaders) {
    return send(route.method(), route.target(), route.body(), extraHeaders);
  }

  public Exchange get(String target) {
    return send("GET", target, null, Map.of());
  }

  public Exchange get(String target, Map<String, String> extraHeaders) {
    return send("GET", target, null, extraHeaders);
  }

  /** Sends a request; {@code target} is path plus optional query. Throws on I/O errors and timeouts. */
  public Exchange send(String method, String target, String body, Map<String, String> extraHeaders) {
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("User-Agent", USER_AGENT);
    sent.put("Accept", "application/json");
    if (body != null) {
      sent.put("Content-Type", "application/json");
    }
    sent.putAll(extraHeaders);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + target)).timeout(requestTimeout);
    sent.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      long nanos = System.nanoTime() - t0;
      return new Exchange(method, target, Map.copyOf(sent), r.statusCode(), lowerCase(r.headers()), r.body(), nanos);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + base + target + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Map<String, List<String>> lowerCase(HttpHeaders h) {
    Map<String, List<String>> m = new TreeMap<>();
    h.map().forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    return m;
  }
}
