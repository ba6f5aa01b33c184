package dev.quartet.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class RetryAfterHttpClientTest {

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    long now = 1_700_000_000_000L; // Tue, 14 Nov 2023 22:13:20 GMT
    assertEquals(TimeUnit.SECONDS.toNanos(2), RetryAfterHttpClient.retryAfterNanos("2", now));
    assertEquals(TimeUnit.SECONDS.toNanos(30),
        RetryAfterHttpClient.retryAfterNanos("Tue, 14 Nov 2023 22:13:50 GMT", now));
    assertEquals(-1, RetryAfterHttpClient.retryAfterNanos("soon", now));
    assertEquals(-1, RetryAfterHttpClient.retryAfterNanos("", now));
  }

  /** A loopback OTLP endpoint answering each request with {@code status(n)} (n counts from 0) and Retry-After. */
  private static HttpServer endpoint(List<Long> arrivals, IntFunction<Integer> status, String retryAfter)
      throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/traces", exchange -> {
      int n;
      synchronized (arrivals) {
        n = arrivals.size();
        arrivals.add(System.nanoTime());
      }
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Retry-After", retryAfter);
      exchange.sendResponseHeaders(status.apply(n), -1);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static SpanExporter exporter(HttpServer server, Duration timeout) {
    return OtlpHttpSpanExporter.builder().setComponentLoader(RetryAfterSenders.componentLoader())
        .setEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces").setTimeout(timeout).build();
  }

  @Test
  void afterA429WithRetryAfterNothingIsSentBeforeTheServersTime() throws Exception {
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    HttpServer server = endpoint(arrivals, n -> n == 0 ? 429 : 200, "2");
    try {
      SpanExporter exporter = exporter(server, Duration.ofSeconds(10));
      assertTrue(exporter.export(CountingSpanExporterTest.spans(3)).join(30, TimeUnit.SECONDS).isSuccess(),
          "delivered by the SDK's retry once the wait was over");
      assertEquals(2, arrivals.size());
      long gapMillis = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
      assertTrue(gapMillis >= 2000, "the retry came " + gapMillis + " ms after the 429 (the SDK alone: ~1,000)");
      exporter.shutdown().join(10, TimeUnit.SECONDS);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRetryAfterBeyondTheExportTimeoutFailsTheExportWithoutAskingTheServerAgain() throws Exception {
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    HttpServer server = endpoint(arrivals, n -> 503, "120");
    try {
      SpanExporter counting = CountingSpanExporter.wrap(exporter(server, Duration.ofSeconds(10)),
          "http://127.0.0.1/v1/traces", new CountingSpanExporter.Finished());
      long start = System.nanoTime();
      CompletableResultCode failed = counting.export(CountingSpanExporterTest.spans(2)).join(60, TimeUnit.SECONDS);
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertFalse(failed.isSuccess());
      assertEquals("held back by Retry-After", CountingSpanExporter.reason(failed.getFailureThrowable()));
      assertEquals(1, arrivals.size(), "only the first request reached the server");
      assertTrue(tookMillis < 40_000, "bounded by the export timeout: " + tookMillis + " ms");
      assertEquals(2, ((CountingSpanExporter) counting).lostTotal.get());
      counting.shutdown().join(10, TimeUnit.SECONDS);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theClientsTasksRunOnBoundedDaemonThreadsOfQuartetsAndEveryExportIsDelivered() throws Exception {
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/v1/traces", exchange -> {
      exchange.getRequestBody().readAllBytes();
      arrivals.add(System.nanoTime());
      try {
        Thread.sleep(300); // several requests in flight at once
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    // the other tests' clients keep their idle thread for a minute
    java.util.Set<Thread> before = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
    try {
      SpanExporter exporter = exporter(server, Duration.ofSeconds(30));
      List<CompletableResultCode> exports = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        exports.add(exporter.export(CountingSpanExporterTest.spans(5)));
      }
      java.util.Set<String> seen = new java.util.TreeSet<>();
      int mostClient = 0;
      int mostExport = 0;
      CompletableResultCode all = CompletableResultCode.ofAll(exports);
      while (!all.isDone()) {
        int client = 0;
        int export = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
          boolean isClient = t.getName().startsWith(RetryAfterSenders.CLIENT_THREAD_NAME);
          boolean isExport = t.getName().startsWith(RetryAfterSenders.EXPORT_THREAD_NAME);
          if ((isClient || isExport) && !before.contains(t)) {
            assertTrue(t.isDaemon(), t.getName() + " is a daemon thread");
            seen.add(t.getName());
            client += isClient ? 1 : 0;
            export += isExport ? 1 : 0;
          }
        }
        mostClient = Math.max(mostClient, client);
        mostExport = Math.max(mostExport, export);
        Thread.sleep(5);
      }
      assertTrue(all.join(60, TimeUnit.SECONDS).isSuccess(), "every export delivered");
      assertEquals(4, arrivals.size());
      assertTrue(seen.stream().anyMatch(n -> n.startsWith(RetryAfterSenders.CLIENT_THREAD_NAME))
          && seen.stream().anyMatch(n -> n.startsWith(RetryAfterSenders.EXPORT_THREAD_NAME)),
          "the sender and its client ran on Quartet's threads: " + seen);
      assertTrue(mostClient <= RetryAfterSenders.CLIENT_THREADS && mostExport <= 1,
          "at most one of each at once: " + mostClient + " client, " + mostExport + " export (" + seen + ")");
      exporter.shutdown().join(10, TimeUnit.SECONDS);
    } finally {
      server.stop(0);
    }
  }
}
