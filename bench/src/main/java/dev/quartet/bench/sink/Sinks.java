package dev.quartet.bench.sink;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the four backends send during a benchmark, all on 127.0.0.1: {@link #healthy()} fake backends that answer
 * like the real ones, {@link #refused()} a port nothing listens on (connection refused), or {@link #hanging()} a
 * port that accepts and never answers. {@link #placeholders()} fills the {@code ${…}} of {@code bench/backends.env}.
 */
public final class Sinks implements AutoCloseable {
  public static final String OTLP_ENDPOINT = "OTLP_ENDPOINT";
  public static final String XRAY_DAEMON_ADDRESS = "XRAY_DAEMON_ADDRESS";
  public static final String CLOUDWATCH_ENDPOINT = "CLOUDWATCH_ENDPOINT";
  public static final String ROLLBAR_ENDPOINT = "ROLLBAR_ENDPOINT";

  private final String kind;
  private final Counters counters;
  private final Map<String, String> placeholders;
  private final List<AutoCloseable> resources;

  private Sinks(String kind, Counters counters, Map<String, String> placeholders, List<AutoCloseable> resources) {
    this.kind = kind;
    this.counters = counters;
    this.placeholders = placeholders;
    this.resources = resources;
  }

  /** Fake OTLP/HTTP, X-Ray daemon, CloudWatch Logs and Rollbar backends that accept and answer everything. */
  public static Sinks healthy() throws IOException {
    Counters counters = new Counters();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      OtlpSink otlp = add(started, new OtlpSink(counters));
      XrayDaemonSink xray = add(started, new XrayDaemonSink(counters));
      CloudWatchLogsSink cloudwatch = add(started, new CloudWatchLogsSink(counters));
      RollbarSink rollbar = add(started, new RollbarSink(counters));
      return new Sinks("healthy", counters,
          addresses(otlp.endpoint(), xray.daemonAddress(), cloudwatch.endpoint(), rollbar.endpoint()), started);
    } catch (IOException | RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  /** Every backend at a loopback port where nothing listens: each connection is refused at once. */
  public static Sinks refused() throws IOException {
    int port = closedPort();
    String http = "http://127.0.0.1:" + port;
    return new Sinks("refused", new Counters(),
        addresses(http, "127.0.0.1:" + port, http, http + RollbarSink.ITEM_PATH), new ArrayList<>());
  }

  /** Every backend at a loopback port that accepts TCP connections (and UDP datagrams) and never answers. */
  public static Sinks hanging() throws IOException {
    Counters counters = new Counters();
    BlackHole hole = new BlackHole(counters);
    String http = "http://127.0.0.1:" + hole.port();
    List<AutoCloseable> resources = new ArrayList<>(List.of(hole));
    return new Sinks("hanging", counters,
        addresses(http, "127.0.0.1:" + hole.port(), http, http + RollbarSink.ITEM_PATH), resources);
  }

  private static <T extends AutoCloseable> T add(List<AutoCloseable> started, T resource) {
    started.add(resource);
    return resource;
  }

  private static Map<String, String> addresses(String otlp, String xray, String cloudwatch, String rollbar) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(OTLP_ENDPOINT, otlp);
    m.put(XRAY_DAEMON_ADDRESS, xray);
    m.put(CLOUDWATCH_ENDPOINT, cloudwatch);
    m.put(ROLLBAR_ENDPOINT, rollbar);
    return m;
  }

  /** A loopback port free for TCP and UDP a moment ago, now closed again. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = s.getLocalPort();
      try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
        return port;
      }
    }
  }

  public String kind() {
    return kind;
  }

  /** {@code OTLP_ENDPOINT} → {@code http://127.0.0.1:…} and so on. */
  public Map<String, String> placeholders() {
    return placeholders;
  }

  /** What the sinks received so far ({@code otlp.spans}, {@code xray.documents}, {@code cloudwatch.events} …). */
  public Map<String, Long> counts() {
    return counters.snapshot();
  }

  private static void closeAll(List<AutoCloseable> resources) {
    resources.forEach(Sinks::closeQuietly);
  }

  static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closeAll(resources);
  }
}
