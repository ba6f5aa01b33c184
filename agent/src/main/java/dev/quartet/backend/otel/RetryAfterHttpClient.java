package dev.quartet.backend.otel;

import dev.quartet.core.AgentLog;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP client under the OTLP exporter's own JDK sender: after a 429 or 503 with {@code Retry-After} (seconds or
 * an HTTP date, as the OTLP/HTTP spec's throttling section says), no request leaves before the server's time has
 * passed. The sender's retries and back-off stay the SDK's; this only holds a request back. The wait is bounded by
 * what is left of the request's own timeout (the export timeout): when the server's time lies beyond it, the request
 * fails at once without reaching the server ({@link NotYet}), so the batch is counted as lost by
 * {@link CountingSpanExporter} and the batch span processor's queue stays bounded. Only the exporter's thread ever
 * waits here, never an app thread.
 */
final class RetryAfterHttpClient extends HttpClient {
  /** A server asking for longer is taken at this word: spans are lost, counted, rather than the exporter stalling. */
  static final long MAX_WAIT_NANOS = TimeUnit.MINUTES.toNanos(5);

  private final HttpClient delegate;
  private final LongSupplier clock;
  /** System.nanoTime before which nothing is sent; 0: no wait asked. */
  private volatile long notBeforeNanos;
  private volatile boolean waitAsked;

  RetryAfterHttpClient(HttpClient delegate, LongSupplier clock) {
    this.delegate = delegate;
    this.clock = clock;
  }

  /** A request held back: the server's Retry-After time lies beyond what is left of the export timeout. */
  static final class NotYet extends IOException {
    NotYet(String message) {
      super(message);
    }
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    awaitServersTime(request);
    HttpResponse<T> response = delegate.send(request, handler);
    noteRetryAfter(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null));
    return response;
  }

  private void awaitServersTime(HttpRequest request) throws IOException, InterruptedException {
    if (!waitAsked) {
      return;
    }
    long wait = notBeforeNanos - clock.getAsLong();
    if (wait <= 0) {
      return;
    }
    Optional<Duration> budget = request.timeout();
    if (budget.isPresent() && wait > budget.get().toNanos()) {
      throw new NotYet("the server asked (Retry-After) for " + (wait + 999_999_999L) / 1_000_000_000L
          + " s more than the export timeout leaves; not sent");
    }
    TimeUnit.NANOSECONDS.sleep(wait);
  }

  /** After a 429 or 503: the time the server named, at most {@link #MAX_WAIT_NANOS} from now. */
  void noteRetryAfter(int status, String retryAfter) {
    if ((status != 429 && status != 503) || retryAfter == null) {
      return;
    }
    long delay = retryAfterNanos(retryAfter.trim(), System.currentTimeMillis());
    if (delay <= 0) {
      return;
    }
    long notBefore = clock.getAsLong() + Math.min(delay, MAX_WAIT_NANOS);
    if (!waitAsked || notBefore - notBeforeNanos > 0) {
      notBeforeNanos = notBefore;
      waitAsked = true;
    }
    if (AgentLog.isDebug()) {
      AgentLog.debug("otel: HTTP " + status + " with Retry-After " + retryAfter + "; nothing is sent before then");
    }
  }

  /** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3); -1 when it is neither. */
  static long retryAfterNanos(String value, long nowMillis) {
    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return value.length() > 9 ? Long.MAX_VALUE : TimeUnit.SECONDS.toNanos(Long.parseLong(value));
    }
    try {
      long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return TimeUnit.MILLISECONDS.toNanos(at - nowMillis);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  // The JDK sender calls send() only; the rest is the wrapped client's.

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler) {
    return delegate.sendAsync(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return delegate.sendAsync(request, handler, pushPromiseHandler);
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  /** Overrides HttpClient.close() of Java 21+ (the sender closes its client at shutdown when it can). */
  public void close() {
    if (delegate instanceof AutoCloseable) {
      try {
        ((AutoCloseable) delegate).close();
      } catch (Exception e) {
        // nothing of the app's depends on it
      }
    }
    // the executor Quartet gave the client (the JDK's close leaves a given executor running)
    delegate.executor().filter(ExecutorService.class::isInstance).map(ExecutorService.class::cast)
        .ifPresent(ExecutorService::shutdown);
  }
}
