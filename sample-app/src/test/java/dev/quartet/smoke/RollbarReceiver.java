package dev.quartet.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Loopback Rollbar item endpoint: {@code POST /api/1/item/} with the {@code X-Rollbar-Access-Token} header and a
 * JSON item body (gzip or not), answered as Rollbar's API answers: {@code {"err":0,"result":{"uuid":…}}}, 401 with
 * {@code {"err":1,"message":…}} for a wrong token, 400 for a body that is not an item. It can also answer the first
 * requests with 429 and the rate-limit headers, or hang without answering.
 */
public final class RollbarReceiver extends LoopbackHttpReceiver {

  public static final String ITEM_PATH = "/api/1/item/";
  public static final String TOKEN = "test-post-server-item-token-4242";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One accepted item: its body as received (raw text) and parsed, and when it arrived. */
  public record Item(String raw, JsonNode data, long receivedNanos) {
    public String level() {
      return data.path("level").asText();
    }

    public JsonNode custom() {
      return data.path("custom");
    }

    /** The message body of a message item, else null. */
    public String message() {
      JsonNode m = data.path("body").path("message");
      return m.isMissingNode() ? null : m.path("body").asText();
    }

    /** The exception classes of a trace_chain, outermost first; empty for a message item. */
    /** The exception classes of the item, outermost first: its trace_chain, or its one trace. */
    public List<String> exceptionClasses() {
      JsonNode body = data.path("body");
      if (!body.has("trace_chain") && body.has("trace")) {
        return List.of(body.path("trace").path("exception").path("class").asText());
      }
      return java.util.stream.StreamSupport.stream(body.path("trace_chain").spliterator(), false)
          .map(t -> t.path("exception").path("class").asText()).collect(Collectors.toList());
    }

    @Override
    public String toString() {
      return level() + " " + (message() != null ? "message " + message() : exceptionClasses())
          + " trace " + custom().path("trace_id").asText("-");
    }
  }

  private final List<Item> items = new CopyOnWriteArrayList<>();
  private final List<Long> postNanos = new CopyOnWriteArrayList<>();
  private final AtomicInteger rateLimitedLeft = new AtomicInteger();
  private volatile int rateLimitSeconds;
  private volatile boolean hang;
  private final CountDownLatch closed = new CountDownLatch(1);

  private final String token;

  public RollbarReceiver() {
    this(TOKEN);
  }

  /** A receiver that accepts {@code token} only. */
  public RollbarReceiver(String token) {
    this(token, 0);
  }

  /** On {@code port} (0: any), e.g. where a client already points after a refused-connection fault. */
  public RollbarReceiver(String token, int port) {
    super("rollbar", port);
    this.token = token;
    route("POST", ITEM_PATH, this::item);
  }

  /** Rollbar's 429: the seconds until the rate limit resets. */
  @Override
  protected Reply throttled() {
    return Reply.text(429, "{\"err\":1,\"message\":\"rate limited\"}")
        .withHeader("X-Rate-Limit-Remaining", "0").withHeader("X-Rate-Limit-Remaining-Seconds", "1");
  }

  /** The item URL, for ROLLBAR_ENDPOINT. */
  public String itemUrl() {
    return endpoint() + ITEM_PATH;
  }

  /** The next {@code count} requests get 429 with {@code X-Rate-Limit-Remaining-Seconds: seconds}. */
  public RollbarReceiver rateLimitNext(int count, int seconds) {
    rateLimitSeconds = seconds;
    rateLimitedLeft.set(count);
    return this;
  }

  /** From now on requests are read and never answered (until {@link #close}). */
  public RollbarReceiver hang() {
    hang = true;
    return this;
  }

  private Reply item(RecordedRequest req) throws Exception {
    postNanos.add(System.nanoTime());
    if (hang) {
      closed.await(5, TimeUnit.MINUTES);
      return Reply.text(503, "closing");
    }
    boolean tokenOk = token.equals(req.header("x-rollbar-access-token"))
        || token.equals(body(req).path("access_token").asText());
    if (!tokenOk) {
      return json(401, "{\"err\":1,\"message\":\"invalid access token\"}");
    }
    if (rateLimitedLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return json(429, "{\"err\":1,\"message\":\"rate limited\"}")
          .withHeader("X-Rate-Limit-Limit", "5000")
          .withHeader("X-Rate-Limit-Remaining", "0")
          .withHeader("X-Rate-Limit-Reset", Long.toString(System.currentTimeMillis() / 1000 + rateLimitSeconds))
          .withHeader("X-Rate-Limit-Remaining-Seconds", Integer.toString(rateLimitSeconds));
    }
    String raw = req.bodyText();
    JsonNode body = body(req);
    if (body == null || !body.path("data").isObject() || !body.path("data").path("body").isObject()) {
      return json(400, "{\"err\":1,\"message\":\"Invalid format. data.body is required\"}");
    }
    items.add(new Item(raw, body.path("data"), System.nanoTime()));
    return json(200, "{\"err\":0,\"result\":{\"id\":null,\"uuid\":\"" + UUID.randomUUID() + "\"}}");
  }

  /** The parsed body; rollbar-java itself also sends the token in it. */
  private static JsonNode body(RecordedRequest req) {
    try {
      return JSON.readTree(req.bodyText());
    } catch (java.io.IOException e) {
      return JSON.missingNode();
    }
  }

  private static Reply json(int status, String body) {
    return Reply.of(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  /** Every accepted item so far, in arrival order. */
  public List<Item> items() {
    return List.copyOf(items);
  }

  public List<Item> items(Predicate<Item> filter) {
    return items.stream().filter(filter).collect(Collectors.toList());
  }

  /** When each POST arrived (accepted or not), System.nanoTime. */
  public List<Long> postTimes() {
    return List.copyOf(postNanos);
  }

  /** Waits until at least {@code count} accepted items match; returns them (fails on timeout). */
  public List<Item> awaitItems(Predicate<Item> filter, int count, Duration timeout) {
    Await.require(count + " matching Rollbar item(s)", timeout, () -> items(filter).size() >= count,
        () -> "matched " + items(filter).size() + " of " + items + "; POSTs " + postNanos.size()
            + "; handler errors " + handlerErrors());
    return items(filter);
  }

  @Override
  public void close() {
    closed.countDown();
    super.close();
  }
}
