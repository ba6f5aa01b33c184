package dev.quartet.backend.otel;

import dev.quartet.core.AgentLog;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSender;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Makes the OTLP/HTTP span exporter honour {@code Retry-After} (OpenTelemetry Java 1.63 reads only the status code;
 * 1.66 reads the header, but 1.64 on no longer ship the OTLP JSON writer local mode uses). The exporter stays the
 * SDK's, rebuilt through its own extension point: a {@link ComponentLoader} that offers the exporter an
 * {@link HttpSenderProvider} making the SDK's JDK sender — same endpoint, headers, compression, timeout, TLS, proxy and
 * {@link RetryPolicy} — over a {@link RetryAfterHttpClient}. If this SDK's sender cannot be made so, the exporter is
 * left as autoconfigure made it.
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

  /** {@code exporter}, or the same OTLP/HTTP exporter whose requests wait for the server's Retry-After. */
  static SpanExporter honourRetryAfter(SpanExporter exporter) {
    if (SENDER == null || !(exporter instanceof OtlpHttpSpanExporter)) {
      return exporter;
    }
    try {
      ComponentLoader sdkDefault = ComponentLoader.forClassLoader(RetryAfterSenders.class.getClassLoader());
      ComponentLoader ours =
          new ComponentLoader() {
            @Override
            public <T> Iterable<T> load(Class<T> spi) {
              if (spi == HttpSenderProvider.class) {
                return Collections.singletonList(spi.cast((HttpSenderProvider) RetryAfterSenders::create));
              }
              return sdkDefault.load(spi);
            }
          };
      SpanExporter rebuilt = ((OtlpHttpSpanExporter) exporter).toBuilder().setComponentLoader(ours).build();
      exporter.shutdown();
      return rebuilt;
    } catch (RuntimeException | LinkageError e) {
      AgentLog.debug("otel: Retry-After not honoured (" + e + ")");
      return exporter;
    }
  }

  /** The SDK's JDK sender over a client that waits for the server's Retry-After. */
  static HttpSender create(HttpSenderConfig config) {
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(config.getConnectTimeout());
    if (config.getSslContext() != null) {
      client.sslContext(config.getSslContext());
    }
    if (config.getProxyOptions() != null) {
      client.proxy(config.getProxyOptions().getProxySelector());
    }
    try {
      return (HttpSender) SENDER.newInstance(new RetryAfterHttpClient(client.build(), System::nanoTime),
          config.getEndpoint(), config.getContentType(), config.getCompressor(), config.getTimeout(),
          config.getHeadersSupplier(), config.getRetryPolicy(), config.getExecutorService(),
          config.getMaxResponseBodySize());
    } catch (ReflectiveOperationException | RuntimeException e) {
      AgentLog.debug("otel: Retry-After not honoured (" + e + ")");
      return new JdkHttpSenderProvider().createSender(config);
    }
  }
}
