package dev.quartet.bench.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A fake backend speaking HTTP on 127.0.0.1: reads each request whole, lets the subclass answer it, and counts it.
 * Unlike the smoke tests' recording receivers it keeps nothing, so it can take a benchmark's traffic for minutes
 * at constant memory.
 */
abstract class HttpSink implements AutoCloseable {
  /** A subclass's answer. */
  static final class Reply {
    final int status;
    final String contentType;
    final byte[] body;

    Reply(int status, String contentType, byte[] body) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
    }

    static Reply json(String json) {
      return new Reply(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
  }

  final String name;
  final Counters counters;
  private final HttpServer server;
  private final ExecutorService executor;

  HttpSink(String name, Counters counters, InetSocketAddress address) throws IOException {
    this.name = name;
    this.counters = counters;
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, name + "-sink-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server = HttpServer.create(address, 128);
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
    server.start();
  }

  HttpSink(String name, Counters counters) throws IOException {
    this(name, counters, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Answers one request; {@code body} is already gunzipped. */
  abstract Reply answer(HttpExchange exchange, byte[] body) throws Exception;

  private void exchange(HttpExchange ex) throws IOException {
    try (ex) {
      Reply reply;
      try {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
          raw = in.readAllBytes();
        }
        counters.increment(name + ".requests");
        counters.add(name + ".bytes", raw.length);
        reply = answer(ex, gunzipIfNeeded(ex, raw));
      } catch (Exception e) {
        counters.increment(name + ".errors");
        reply = new Reply(400, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
      }
      if (reply.contentType != null) {
        ex.getResponseHeaders().set("Content-Type", reply.contentType);
      }
      byte[] body = reply.body == null ? new byte[0] : reply.body;
      ex.sendResponseHeaders(reply.status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static byte[] gunzipIfNeeded(HttpExchange ex, byte[] raw) throws IOException {
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding == null || !encoding.trim().equalsIgnoreCase("gzip")) {
      return raw;
    }
    try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      return gz.readAllBytes();
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
