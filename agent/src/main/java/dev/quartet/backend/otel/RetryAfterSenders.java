package dev.quartet.backend.otel;

import dev.quartet.core.AgentLog;
import dev.quartet.core.DaemonThreads;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSender;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.lang.reflect.Constructor;
import java.security.Provider;
import java.security.SecureRandom;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Makes the OTLP/HTTP span exporter honour {@code Retry-After} (OpenTelemetry Java 1.63 reads only the status code;
 * 1.66 reads the header, but 1.64 on no longer ship the OTLP JSON writer local mode uses). The exporter stays the
 * SDK's, made through its own extension point: the {@link ComponentLoader} autoconfigure is given
 * ({@link #componentLoader()}) offers the exporter an {@link HttpSenderProvider} making the SDK's JDK sender — same
 * endpoint, headers, compression, timeout, TLS, proxy and {@link RetryPolicy} — over a {@link RetryAfterHttpClient}.
 * If this SDK's sender cannot be made so, it is the SDK's own JDK sender.
 */
final class RetryAfterSenders {
  private RetryAfterSenders() {}

  /** The JDK sender's constructor taking its HttpClient (package-private in the SDK; null when it has changed). */
  private static final Constructor<?> SENDER = senderConstructor();

  private static Constructor<?> senderConstructor() {
    try {
      Constructor<?> c = JdkHttpSender.class.getDeclaredConstructor(HttpClient.class, URI.class, String.class,
          Compressor.class, Duration.class, Supplier.class, RetryPolicy.class, ExecutorService.class, long.class);
      c.setAccessible(true);
      return c;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The SDK's component loader over Quartet's class loader, but with this class's sender for the OTLP exporters: given
   * to autoconfigure, the exporter is made once, with it (rebuilding autoconfigure's exporter made a second HTTP
   * client, and the first one had loaded the JDK's TLS defaults for nothing).
   */
  static ComponentLoader componentLoader() {
    ComponentLoader sdkDefault = ComponentLoader.forClassLoader(RetryAfterSenders.class.getClassLoader());
    return new ComponentLoader() {
      @Override
      public <T> Iterable<T> load(Class<T> spi) {
        if (spi == HttpSenderProvider.class) {
          return Collections.singletonList(spi.cast((HttpSenderProvider) RetryAfterSenders::create));
        }
        return sdkDefault.load(spi);
      }
    };
  }

  /**
   * The TLS context and parameters of a client that never speaks TLS. The JDK's HttpClient makes its TLS context even
   * for a plain http:// endpoint: the default one loads the JDK's trust store and initialises the JSSE provider's
   * cipher suites (half of the OpenTelemetry SDK's start). The exporter sends only to its one http:// endpoint and
   * follows no redirect, so the client is given a context that has nothing to initialise, and whose every use fails:
   * were TLS ever attempted, it would fail, never trust.
   */
  private static final class NoTls extends SSLContextSpi {
    static void applyTo(HttpClient.Builder client) {
      client.sslContext(new SSLContext(new NoTls(), new Provider("QuartetNoTls", "1", "no TLS: plain HTTP only") {
      }, "TLS") {
      });
      client.sslParameters(new SSLParameters());
    }

    private static IllegalStateException refused() {
      return new IllegalStateException("TLS on a client made for a plain http:// OTLP endpoint");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
      throw refused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }
  }

  /** Threads running the HTTP client's own tasks (at most; none while it is idle). */
  static final int CLIENT_THREADS = 1;
  static final String CLIENT_THREAD_NAME = "quartet-otlp-http-";
  static final String EXPORT_THREAD_NAME = "quartet-otlp-export-";
  /**
   * Exports waiting for the export thread, beyond the one it sends: with it, as many batches as the SDK's own pool
   * (at most five exports at once) holds; one more is refused, as the SDK's pool refuses a sixth.
   */
  static final int EXPORTS_QUEUED = 4;

  /**
   * The sender's executor, which runs each export (the request, the SDK's retries and their back-off) and waits for
   * its response. The SDK's own pool hands each export to an idle thread or starts one; as the batch span processor
   * exports the next batch the moment the last one completes, before that thread is idle again, it kept two threads
   * under load. The processor waits for each export (up to its export timeout), so one thread sends them in turn; a
   * few more wait behind it when an export outlasts that timeout (a backend that hangs). Its thread ends after a
   * minute without exports; the SDK leaves an executor it was given running at shutdown, but nothing waits for it.
   */
  static ExecutorService exportExecutor() {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(EXPORTS_QUEUED), DaemonThreads.numbered(EXPORT_THREAD_NAME));
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * The HTTP client's executor: without one, the JDK gives each client a cached pool, which starts a worker whenever
   * the others are busy (two or three under load). The client's tasks never block (the exporter's thread is the one
   * waiting for the response), so one daemon thread serves them; it ends after a minute without work. Queued tasks
   * are the client's steps of the requests in flight, which the exporter's own pool bounds.
   */
  static ExecutorService clientExecutor() {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(CLIENT_THREADS, CLIENT_THREADS, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), DaemonThreads.numbered(CLIENT_THREAD_NAME));
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /** The SDK's JDK sender over a client that waits for the server's Retry-After. */
  static HttpSender create(HttpSenderConfig config) {
    if (SENDER == null) {
      AgentLog.debug("otel: Retry-After not honoured (this SDK's JDK sender takes no client)");
      return new JdkHttpSenderProvider().createSender(config);
    }
    HttpClient.Builder client =
        HttpClient.newBuilder().connectTimeout(config.getConnectTimeout()).executor(clientExecutor());
    if (config.getSslContext() != null) {
      client.sslContext(config.getSslContext());
    } else if ("http".equalsIgnoreCase(config.getEndpoint().getScheme())) {
      NoTls.applyTo(client);
    }
    if (config.getProxyOptions() != null) {
      client.proxy(config.getProxyOptions().getProxySelector());
    }
    try {
      return (HttpSender) SENDER.newInstance(new RetryAfterHttpClient(client.build(), System::nanoTime),
          config.getEndpoint(), config.getContentType(), config.getCompressor(), config.getTimeout(),
          config.getHeadersSupplier(), config.getRetryPolicy(),
          config.getExecutorService() != null ? config.getExecutorService() : exportExecutor(),
          config.getMaxResponseBodySize());
    } catch (ReflectiveOperationException | RuntimeException e) {
      AgentLog.debug("otel: Retry-After not honoured (" + e + ")");
      return new JdkHttpSenderProvider().createSender(config);
    }
  }
}
