package dev.quartet.backend.rollbar;

import com.rollbar.api.payload.data.Level;
import com.rollbar.api.payload.data.Person;
import com.rollbar.api.payload.data.Request;
import dev.quartet.config.Config;
import dev.quartet.core.AgentLog;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;
import dev.quartet.core.DeployedApp;
import dev.quartet.core.LogEvent;
import dev.quartet.core.PlainHttpEndpoints;
import dev.quartet.core.RequestView;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.Span;
import dev.quartet.core.Throwables;
import dev.quartet.core.ThrowableCopy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The Rollbar backend: an exception that escapes a request, an exception that kills a thread, and a log record at
 * the configured level or above (WARN by default) each become one Rollbar item, scrubbed of secrets and carrying the
 * request's trace ids. On app threads it only filters, takes a snapshot of what can only be read there and
 * enqueues it; {@link SenderThread} builds and sends the items.
 */
public final class RollbarBackend implements Backend {
  /** The sender thread's name, and the prefix of every Quartet thread whose log records are never reported. */
  static final String THREAD_NAME = "quartet-rollbar";

  private static final String QUARTET_THREADS = "quartet-";
  static final int MAX_HEADERS = 100;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final Scrubber scrubber;
  private final LogEvent.Level minLogLevel;
  private final String captureIp;
  private final StormCap storm;
  private final RecentlyReported recent = new RecentlyReported();
  private final SenderThread sender;
  final RollbarSender rollbarSender;
  private final String description;
  private volatile boolean closed;

  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong stormSuppressed = new AtomicLong();
  final AtomicLong queueFull = new AtomicLong();

  RollbarBackend(Options options, Transport transport) {
    this.scrubber = new Scrubber(options.scrubFields);
    this.minLogLevel = options.minLogLevel;
    this.captureIp = options.captureIp;
    this.storm = new StormCap(options.stormMaxPerMinute);
    this.rollbarSender = new RollbarSender(transport, options.timeout, RollbarSender.Clock.SYSTEM);
    Supplier<RollbarItems> items =
        () ->
            new RollbarItems(
                options.environment, codeVersion(options), AppIdentity.host(), options.traceUrl, rollbarSender);
    this.sender = new SenderThread(options.queueSize, storm, rollbarSender, items);
    this.description =
        transport.describe() + " (environment " + options.environment + ", log records at " + options.levelName
            + " and above)";
    sender.start();
  }

  private static String codeVersion(Options options) {
    if (options.codeVersion != null) {
      return options.codeVersion;
    }
    return DeployedApp.current().version();
  }

  /** The settings, resolved once. */
  static final class Options {
    String environment;
    String codeVersion;
    String traceUrl;
    List<String> scrubFields;
    LogEvent.Level minLogLevel;
    String levelName;
    String captureIp;
    int stormMaxPerMinute;
    int queueSize;
    Duration connectTimeout;
    Duration timeout;
    String token;
    URI endpoint;

    static Options from(Config config) {
      Options o = new Options();
      o.token = rollbarVariable(config, RollbarSettings.ACCESS_TOKEN, "");
      o.environment = rollbarVariable(config, RollbarSettings.ENVIRONMENT, RollbarSettings.DEFAULT_ENVIRONMENT);
      String version = rollbarVariable(config, RollbarSettings.CODE_VERSION, "");
      o.codeVersion = version.isEmpty() ? null : version;
      String traceUrl = config.getString(RollbarSettings.TRACE_URL);
      o.traceUrl = traceUrl.isEmpty() ? null : traceUrl;
      o.scrubFields = config.getList(RollbarSettings.SCRUB_FIELDS);
      o.levelName =
          config.getChoice(RollbarSettings.LOG_LEVEL, "trace", "debug", "info", "warn", "warning", "error", "off");
      o.minLogLevel = logLevel(o.levelName);
      o.captureIp = config.getChoice(RollbarSettings.CAPTURE_IP, "true", "anonymize", "false");
      o.stormMaxPerMinute = config.getInt(RollbarSettings.STORM_MAX_PER_MINUTE, 1);
      o.queueSize = config.getInt(RollbarSettings.QUEUE_SIZE, 1);
      o.connectTimeout = config.getDuration(RollbarSettings.CONNECT_TIMEOUT);
      o.timeout = config.getDuration(RollbarSettings.TIMEOUT);
      String endpoint = rollbarVariable(config, RollbarSettings.ENDPOINT, RollbarSettings.DEFAULT_ENDPOINT);
      try {
        o.endpoint = endpoint(endpoint);
      } catch (IllegalArgumentException e) {
        // a setting problem like any other (counted in strict mode); the backend then stops, not sending elsewhere
        config.report(config.origin(RollbarSettings.ENDPOINT) + ": \"" + Config.abbreviate(endpoint)
            + "\" is not an http(s) URL such as " + RollbarSettings.DEFAULT_ENDPOINT
            + "; Rollbar is not started rather than sending items elsewhere than asked");
        throw new IllegalArgumentException("ROLLBAR_ENDPOINT is not an http(s) URL (the line above)", e);
      }
      return o;
    }

    /** A ROLLBAR_* variable (or its rollbar.* system property), trimmed; blank means unset. */
    static String rollbarVariable(Config config, String key, String defaultValue) {
      String v = config.raw(key);
      return v == null || v.trim().isEmpty() ? defaultValue : v.trim();
    }

    private static LogEvent.Level logLevel(String name) {
      switch (name) {
        case "off":
          return null;
        case "warning":
          return LogEvent.Level.WARN;
        default:
          return LogEvent.Level.valueOf(name.toUpperCase(Locale.ROOT));
      }
    }

    /** The item URL; a value that is not one stops the backend with a clear line rather than sending elsewhere. */
    static URI endpoint(String value) {
      try {
        URI uri = new URI(value.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
          return uri;
        }
      } catch (Exception e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "ROLLBAR_ENDPOINT / rollbar.endpoint is not an http(s) URL such as https://api.rollbar.com/api/1/item/");
    }
  }

  public static RollbarBackend create(BackendFactory.Context context) {
    Options options = Options.from(context.config());
    if (!options.token.isEmpty()) {
      PlainHttpEndpoints.warnIfPlain(context.config(), "rollbar", options.endpoint.toString());
    }
    return new RollbarBackend(options, transport(options, context.telemetryDir()));
  }

  static Transport transport(Options options, Path telemetryDir) {
    if (options.token.isEmpty()) {
      return new LocalFileTransport(telemetryDir);
    }
    return new HttpTransport(options.endpoint, options.token, options.connectTimeout);
  }

  @Override
  public String name() {
    return "rollbar";
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void onRequestStart(ServerRequest request, int index) {
    // nothing to do until a request fails
  }

  @Override
  public void onRequestEnd(ServerRequest request, int index) {
    Throwable error = request.error();
    if (error == null || closed) {
      return;
    }
    report(occurrence(error, Thread.currentThread().getName()), request);
  }

  @Override
  public void onLog(LogEvent event) {
    if (minLogLevel == null || event.level().compareTo(minLogLevel) < 0 || closed) {
      return;
    }
    if (event.threadName() != null && event.threadName().startsWith(QUARTET_THREADS)) {
      return; // a record logged while sending to Rollbar must never become an item itself
    }
    ServerRequest request = event.request();
    if (request != null
        && event.thrown() != null
        && (Throwables.chainContains(event.thrown(), request.error())
            || Throwables.chainContains(request.error(), event.thrown()))) {
      // The container logging the exception that escaped the request (Tomcat's "Servlet.service() … threw
      // exception", Undertow's UT005023): one failure, reported when the request ends, as uncaught.
      return;
    }
    Occurrence o = new Occurrence();
    o.level = level(event);
    o.error = Throwables.appException(event.thrown()); // a container logs the wrapper it caught
    o.message = event.message();
    o.logger = event.loggerName();
    o.logLevel = event.levelName();
    o.context = event.loggerName();
    o.thread = event.threadName();
    o.epochMillis = event.epochMillis();
    report(o, event.span());
  }

  @Override
  public void onUncaughtException(Thread thread, Throwable error, ServerRequest request) {
    if (closed || error == null || thread.getName().startsWith(QUARTET_THREADS)) {
      return;
    }
    if (error.getClass().getName().equals("java.lang.ThreadDeath")) {
      return; // Thread.stop: an order, not a failure
    }
    Occurrence o = occurrence(error, thread.getName());
    o.context = "thread " + thread.getName();
    report(o, request);
  }

  /** An exception no code caught, now. */
  private static Occurrence occurrence(Throwable error, String thread) {
    Occurrence o = new Occurrence();
    o.level = errorLevel(error);
    o.error = error;
    o.thread = thread;
    o.epochMillis = System.currentTimeMillis();
    o.uncaught = true;
    return o;
  }

  /**
   * One failure once, the storm cap, then the request's data, then the queue. {@code span}: the innermost span it
   * happened in (its id is quoted; a method span's request gives the rest), or null.
   */
  private void report(Occurrence o, Span span) {
    ServerRequest request = span == null ? null : span.request();
    if (o.error != null
        && recent.seenElseRemember(o.error, request == null ? null : request.spanId(), o.epochMillis)) {
      duplicates.incrementAndGet();
      return;
    }
    String key = StormCap.key(o);
    StormCap.Decision decision = storm.admit(key, System.nanoTime());
    if (decision == StormCap.Decision.DROP) {
      stormSuppressed.incrementAndGet();
      return;
    }
    if (request != null) {
      addRequest(o, request);
    }
    if (span != null) {
      o.traceId = span.traceId();
      o.spanId = span.spanId();
    }
    o.error = ThrowableCopy.of(o.error); // the app's own would keep its class loader while queued
    if (decision == StormCap.Decision.KEEP) {
      stormSuppressed.incrementAndGet();
      storm.keep(key, o);
      return;
    }
    if (!sender.offer(o)) {
      queueFull.incrementAndGet();
      AgentLog.warnOnce(
          "rollbar.queue",
          "rollbar: the queue is full (" + RollbarSettings.QUEUE_SIZE.key() + "); items are dropped until it drains",
          null);
    }
  }

  /** What only the live request can tell, read now; secrets are masked before anything leaves this thread. */
  private void addRequest(Occurrence o, ServerRequest r) {
    o.traceId = r.traceId();
    o.spanId = r.spanId();
    o.context = r.method() + " " + (r.route() != null ? r.route() : r.path());
    RequestView view = r.view();
    List<String> found = new ArrayList<>();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : view.headerNames()) {
      if (headers.size() >= MAX_HEADERS) {
        break;
      }
      String value = view.header(name);
      if (value == null) {
        continue;
      }
      if (scrubber.isSensitive(name)) {
        Scrubber.secretsOfHeader(name, value, found);
        headers.put(name, Scrubber.MASK);
      } else {
        headers.put(name, value);
      }
    }
    found.addAll(r.redactedQueryValues()); // the core redacted them in the query; mask them where they are quoted
    String query = scrubber.scrubQuery(r.query(), found);
    List<String> secrets = Scrubber.forFreeText(found);
    if (!secrets.isEmpty()) {
      headers.replaceAll((name, value) -> Scrubber.scrubText(value, secrets)); // a secret quoted by another header
    }
    String url = view.url() != null ? view.url() : url(r);
    Request.Builder request = new Request.Builder().url(Scrubber.scrubText(url, secrets)).method(r.method());
    request.headers(headers);
    if (query != null && !query.isEmpty()) {
      request.queryString(Scrubber.scrubText(query, secrets));
    }
    String ip = userIp(r.clientAddress());
    if (ip != null) {
      request.userIp(ip);
    }
    o.request = request.build();
    String principal = view.userPrincipal();
    if (principal != null && !principal.isEmpty()) {
      o.person = new Person.Builder().id(principal).username(principal).build();
    }
    o.secrets = secrets;
  }

  private static String url(ServerRequest r) {
    StringBuilder url = new StringBuilder();
    if (r.scheme() != null && r.serverAddress() != null) {
      url.append(r.scheme()).append("://").append(r.serverAddress());
      if (r.serverPort() > 0) {
        url.append(':').append(r.serverPort());
      }
    }
    return url.append(r.path() == null ? "" : r.path()).toString();
  }

  /** request.user_ip as {@code quartet.rollbar.capture-ip} says: the client's address, anonymized, or none. */
  String userIp(String address) {
    if (address == null || address.isEmpty() || captureIp.equals("false")) {
      return null;
    }
    return captureIp.equals("anonymize") ? anonymize(address) : address;
  }

  /** IPv4: the last octet zeroed; IPv6: the first 48 bits kept; anything else left out. */
  static String anonymize(String address) {
    String a = address.trim();
    if (IPV4.matcher(a).matches()) {
      return a.substring(0, a.lastIndexOf('.')) + ".0";
    }
    if (a.indexOf(':') < 0) {
      return null;
    }
    if (a.startsWith("[")) {
      a = a.substring(1, a.indexOf(']') < 0 ? a.length() : a.indexOf(']'));
    }
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    String[] groups = a.split(":", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(3, groups.length) && !groups[i].isEmpty(); i++) {
      out.append(groups[i]).append(':');
    }
    return out.length() == 0 ? "::" : out.append(':').toString();
  }

  static Level errorLevel(Throwable error) {
    return error instanceof Error ? Level.CRITICAL : Level.ERROR; // rollbar-java's default levels
  }

  static Level level(LogEvent event) {
    switch (event.level()) {
      case ERROR:
        String name = event.levelName() == null ? "" : event.levelName().toUpperCase(Locale.ROOT);
        return name.equals("FATAL") || name.equals("CRITICAL") ? Level.CRITICAL : Level.ERROR;
      case WARN:
        return Level.WARNING;
      case INFO:
        return Level.INFO;
      default:
        return Level.DEBUG;
    }
  }

  @Override
  public String pending() {
    int pending = sender.pending();
    return pending + (pending == 1 ? " item" : " items");
  }

  @Override
  public void shutdown(Duration timeout) {
    // a little less than the caller waits, so that what was dropped is still reported before the JVM goes
    Duration reserve = Duration.ofMillis(Math.min(300, timeout.toMillis() / 10));
    Duration drain = timeout.minus(reserve);
    boolean done = sender.drain(drain, reserve.dividedBy(3));
    closed = true;
    String counts = counts();
    RollbarSender.Tally late = rollbarSender.droppedAtDeadline;
    if (!done) {
      int pending = sender.pending();
      AgentLog.warn(
          "rollbar: " + pending + (pending == 1 ? " item" : " items") + " not sent within " + drain.toMillis()
              + " ms; dropped (at least: the sender thread did not finish counting"
              + (counts.isEmpty() ? ")" : "; also " + counts + ")"));
    } else if (late.get() > 0) {
      long items = late.get();
      long occurrences = late.occurrences();
      AgentLog.warn(
          "rollbar: " + items + (items == 1 ? " item" : " items") + " not sent within " + drain.toMillis()
              + " ms; dropped" + (occurrences == items ? "" : " (standing for " + occurrences + " occurrences)")
              + (counts.isEmpty() ? "" : "; also " + counts));
    } else if (!counts.isEmpty()) {
      // each of these is an item that never reached Rollbar
      AgentLog.warn("rollbar: " + counts);
    }
    if (AgentLog.isDebug()) {
      AgentLog.debug(
          "rollbar: " + rollbarSender.sent + " sent (" + rollbarSender.truncated.get() + " truncated), "
              + duplicates.get() + " duplicate reports of one failure left out, " + stormSuppressed.get()
              + " storm occurrences summarised");
    }
  }

  /**
   * What did not become an item as captured, other than what the shutdown deadline cut off, for the one line at
   * shutdown; empty when nothing was lost. Items and the occurrences they stand for are told apart.
   */
  String counts() {
    List<String> parts = new ArrayList<>();
    add(parts, queueFull.get(), queueFull.get(), "dropped (queue full)");
    add(parts, rollbarSender.rejected, "rejected");
    add(parts, sender.buildFailures, "could not be built");
    return String.join(", ", parts);
  }

  private static void add(List<String> parts, RollbarSender.Tally tally, String what) {
    add(parts, tally.get(), tally.occurrences(), what);
  }

  private static void add(List<String> parts, long items, long occurrences, String what) {
    if (items > 0) {
      parts.add(RollbarSender.Tally.describe(items, occurrences) + " " + what);
    }
  }
}
