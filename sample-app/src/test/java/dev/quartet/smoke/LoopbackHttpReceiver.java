package dev.quartet.smoke;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * Base of the fake backends that speak HTTP (OTLP/HTTP now; CloudWatch Logs and Rollbar later): a
 * {@link HttpServer} bound to 127.0.0.1 on an ephemeral port that records every request (method, path, headers,
 * decoded body) and dispatches exact {@code METHOD path} matches to registered handlers. Unknown paths get 404.
 */
public class LoopbackHttpReceiver implements AutoCloseable {

  /** One request as the receiver saw it. Header names are lower-case. Body is already gunzipped. */
  public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
      byte[] body) {

    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A handler's answer, with optional extra response headers. */
  public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public Reply(int status, String contentType, byte[] body) {
      this(status, contentType, body, Map.of());
    }

    public static Reply of(int status, String contentType, byte[] body) {
      return new Reply(status, contentType, body);
    }

    /** This reply with one more response header. */
    public Reply withHeader(String name, String value) {
      Map<String, String> h = new java.util.LinkedHashMap<>(headers);
      h.put(name, value);
      return new Reply(status, contentType, body, Map.copyOf(h));
    }

    public static Reply text(int status, String text) {
      return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Handles one recorded request. May throw; the client then gets 500. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(RecordedRequest request) throws Exception;
  }

  /**
   * A fault the receiver plays until it is cleared (the fault matrix): each request is recorded, then answered by
   * the fault instead of the handler. REFUSE and BAD_DNS are not the receiver's to play: point the client at a closed
   * port or an unresolvable host.
   */
  public enum Fault {
    NONE,
    /** Accepts the request and answers nothing until the fault is cleared (then the client has timed out). */
    HANG,
    /** Answers normally after {@link #SLOW_MILLIS}. */
    SLOW,
    HTTP_500,
    /** 429 with the service's own retry headers ({@link #throttled}). */
    HTTP_429,
    /** 200 with bytes that are no valid answer of the protocol. */
    GARBAGE
  }

  public static final long SLOW_MILLIS = 2000;
  private volatile Fault fault = Fault.NONE;

  public void fault(Fault f) {
    fault = f;
  }

  /** The service's 429: the Retry-After header of HTTP; receivers of services with their own override it. */
  protected Reply throttled() {
    return Reply.text(429, "Too Many Requests").withHeader("Retry-After", "1");
  }

  /** The fault's answer, or null when the handler should answer (after a SLOW delay). */
  private Reply playFault() throws InterruptedException {
    switch (fault) {
      case HANG:
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (fault == Fault.HANG && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        return Reply.text(503, "hung");
      case SLOW:
        Thread.sleep(SLOW_MILLIS);
        return null;
      case HTTP_500:
        return Reply.text(500, "Internal Server Error");
      case HTTP_429:
        return throttled();
      case GARBAGE:
        byte[] junk = new byte[512];
        new java.util.Random(42).nextBytes(junk);
        return Reply.of(200, "application/octet-stream", junk);
      default:
        return null;
    }
  }

  private final String name;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  /** When each request arrived (System.nanoTime), in the order of {@link #requests()}. */
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final List<Throwable> handlerErrors = new CopyOnWriteArrayList<>();

  protected LoopbackHttpReceiver(String name) {
    this(name, 0);
  }

  /** Bound to {@code port} on 127.0.0.1 (0: an ephemeral port), e.g. to come up where a client already points. */
  protected LoopbackHttpReceiver(String name, int port) {
    this.name = name;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, name + "-receiver-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    server.start();
  }

  /** Registers the handler for {@code method path} (exact path match). */
  protected final void route(String method, String path, Handler handler) {
    handlers.put(method.toUpperCase(Locale.ROOT) + " " + path, handler);
  }

  /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String name() {
    return name;
  }

  /** Snapshot of every request received so far, in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** When each request arrived, System.nanoTime, in arrival order. */
  public List<Long> arrivalNanos() {
    return List.copyOf(arrivals);
  }

  /** Exceptions thrown by handlers (e.g. undecodable payloads); tests may assert this stays empty. */
  public List<Throwable> handlerErrors() {
    return List.copyOf(handlerErrors);
  }

  private void dispatch(HttpExchange ex) throws IOException {
    try (ex) {
      RecordedRequest req;
      try {
        req = record(ex);
      } catch (IOException e) {
        handlerErrors.add(e);
        send(ex, Reply.text(400, "unreadable body: " + e));
        return;
      }
      synchronized (requests) {
        arrivals.add(System.nanoTime());
        requests.add(req);
      }
      Handler h = handlers.get(req.method() + " " + req.path());
      Reply reply;
      try {
        reply = playFault();
      } catch (InterruptedException e) {
        return;
      }
      if (reply != null) {
        send(ex, reply);
        return;
      }
      if (h == null) {
        reply = Reply.text(404, "no handler for " + req.method() + " " + req.path());
      } else {
        try {
          reply = h.handle(req);
        } catch (Exception e) {
          handlerErrors.add(e);
          reply = Reply.text(500, String.valueOf(e));
        }
      }
      send(ex, reply);
    }
  }

  private static RecordedRequest record(HttpExchange ex) throws IOException {
    Map<String, List<String>> headers = lowerCaseHeaders(ex.getRequestHeaders());
    byte[] raw;
    try (InputStream in = ex.getRequestBody()) {
      raw = in.readAllBytes();
    }
    List<String> enc = headers.getOrDefault("content-encoding", List.of());
    byte[] body = raw;
    if (enc.stream().anyMatch(v -> v.trim().equalsIgnoreCase("gzip"))) {
      try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        body = gz.readAllBytes();
      }
    }
    return new RecordedRequest(ex.getRequestMethod().toUpperCase(Locale.ROOT), ex.getRequestURI().getPath(),
        ex.getRequestURI().getRawQuery(), headers, body);
  }

  private static Map<String, List<String>> lowerCaseHeaders(Headers h) {
    Map<String, List<String>> m = new TreeMap<>();
    h.forEach((k, v) -> m.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
    m.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(m);
  }

  private static void send(HttpExchange ex, Reply reply) throws IOException {
    if (reply.contentType() != null) {
      ex.getResponseHeaders().set("Content-Type", reply.contentType());
    }
    reply.headers().forEach((name, value) -> ex.getResponseHeaders().set(name, value));
    byte[] body = reply.body() == null ? new byte[0] : reply.body();
    ex.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
