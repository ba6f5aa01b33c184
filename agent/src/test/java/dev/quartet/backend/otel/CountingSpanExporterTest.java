package dev.quartet.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CountingSpanExporterTest {

    /** Real spans of an SDK tracer, as the batch processor would hand them over. */
    static List<SpanData> spans(int n) {
        List<SpanData> out = new ArrayList<>();
        SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    out.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            }))
            .build();
        for (int i = 0; i < n; i++) {
            provider.get("test").spanBuilder("GET /x").setSpanKind(SpanKind.SERVER).startSpan().end();
        }
        provider.shutdown().join(5, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void reasonsAreSaidInAUsersWords() {
        assertEquals("refused", CountingSpanExporter.reason(new RuntimeException(new ConnectException("x"))));
        assertEquals("timeout", CountingSpanExporter.reason(new HttpTimeoutException("request timed out")));
        assertEquals("unknown host", CountingSpanExporter.reason(new UnknownHostException("nowhere")));
        // what the JDK client throws for an unresolvable host (the fault matrix's bad-DNS cell said "refused")
        ConnectException unresolved = new ConnectException();
        unresolved.initCause(new java.nio.channels.UnresolvedAddressException());
        assertEquals("unknown host", CountingSpanExporter.reason(new RuntimeException(unresolved)));
        assertEquals("failed", CountingSpanExporter.reason(null));
    }

    private static OtlpHttpSpanExporter otlp(int port) {
        return OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port + "/v1/traces")
            .setTimeout(Duration.ofSeconds(5))
            // the SDK's retries as configured by default, only faster for the test
            .setRetryPolicy(RetryPolicy.builder().setInitialBackoff(Duration.ofMillis(10))
                .setMaxBackoff(Duration.ofMillis(20)).build())
            .build();
    }

    @Test
    void aRefusedEndpointsSpansAreCountedAsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CountingSpanExporter counting =
            (CountingSpanExporter) CountingSpanExporter.wrap(otlp(port), "http://127.0.0.1:" + port + "/v1/traces", new CountingSpanExporter.Finished());
        CompletableResultCode result = counting.export(spans(7)).join(30, TimeUnit.SECONDS);
        assertFalse(result.isSuccess());
        assertEquals(7, counting.lostTotal.get());
        assertEquals("refused", CountingSpanExporter.reason(result.getFailureThrowable()));
        counting.shutdown().join(10, TimeUnit.SECONDS);
    }

    @Test
    void a429IsRetriedByTheSdkThenCountedAndDeliveryResumes() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger status = new AtomicInteger(429);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            CountingSpanExporter counting = (CountingSpanExporter)
                CountingSpanExporter.wrap(otlp(port), "http://127.0.0.1:" + port + "/v1/traces", new CountingSpanExporter.Finished());
            CompletableResultCode failed = counting.export(spans(3)).join(30, TimeUnit.SECONDS);
            assertFalse(failed.isSuccess());
            assertEquals("HTTP 429", CountingSpanExporter.reason(failed.getFailureThrowable()));
            assertEquals(5, requests.get(), "the SDK's RetryPolicy tried 5 times");
            assertEquals(3, counting.lostTotal.get());

            status.set(200);
            assertTrue(counting.export(spans(2)).join(30, TimeUnit.SECONDS).isSuccess());
            assertEquals(3, counting.lostTotal.get(), "delivered spans are not counted as lost");
            counting.shutdown().join(10, TimeUnit.SECONDS);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void otherExportersLossesAreNotReportedButTheirFinishedSpansAreCounted() {
        SpanExporter failing = exporterAnswering(false);
        CountingSpanExporter.Finished finished = new CountingSpanExporter.Finished();
        CountingSpanExporter counting = (CountingSpanExporter) CountingSpanExporter.wrap(failing, "x", finished);
        counting.export(spans(4));
        assertEquals(0, counting.lostTotal.get(), "only the OTLP exporter's losses are reported");
        assertEquals(4, finished.get());
    }

    @Test
    void spansAreFinishedWhenEveryExporterHasFinishedWithThem() {
        SpanExporter done = exporterAnswering(true);
        CountingSpanExporter.Finished finished = new CountingSpanExporter.Finished();
        assertEquals(0, finished.get());
        SpanExporter first = CountingSpanExporter.wrap(done, "x", finished);
        SpanExporter second = CountingSpanExporter.wrap(done, "x", finished);
        first.export(spans(5));
        assertEquals(0, finished.get(), "the second exporter has not seen them yet");
        second.export(spans(5));
        assertEquals(5, finished.get());
    }

    /** A non-OTLP exporter whose every export succeeds, or fails. */
    private static SpanExporter exporterAnswering(boolean success) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return success ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
    }
}
