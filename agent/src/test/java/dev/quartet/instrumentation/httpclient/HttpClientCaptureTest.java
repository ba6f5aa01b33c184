package dev.quartet.instrumentation.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.quartet.core.Backend;
import dev.quartet.core.ClientRequest;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.ServerRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpClientCaptureTest {

    /** A backend that adds one header and remembers what it saw. */
    static final class Recording implements Backend {
        final List<ClientRequest> started = new ArrayList<>();
        final List<ClientRequest> ended = new ArrayList<>();

        @Override
        public String name() {
            return "test";
        }

        @Override
        public String describe() {
            return "test";
        }

        @Override
        public void onRequestStart(ServerRequest request, int index) {}

        @Override
        public void onRequestEnd(ServerRequest request, int index) {}

        @Override
        public void onClientStart(ClientRequest call, int index) {
            started.add(call);
            call.setRequestHeader("X-Trace", call.spanId());
        }

        @Override
        public void onClientEnd(ClientRequest call, int index) {
            ended.add(call);
        }

        @Override
        public void shutdown(Duration timeout) {}
    }

    @Test
    void theRequestCopyKeepsEverythingAndAddsTheTraceHeaders() {
        HttpRequest original = HttpRequest.newBuilder(URI.create("https://user:pw@api.example.com:8443/items?token=s"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .header("X-Trace", "stale")
                .header("Accept", "a").header("Accept", "b")
                .timeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).expectContinue(true)
                .build();
        HttpRequest copy = HttpClientCapture.withHeaders(original, List.of(new String[] {"X-Trace", "abc"},
                new String[] {"traceparent", "00-x"}));
        assertEquals(original.uri(), copy.uri());
        assertEquals("POST", copy.method());
        assertEquals(2L, copy.bodyPublisher().orElseThrow().contentLength());
        assertEquals(original.timeout(), copy.timeout());
        assertEquals(original.version(), copy.version());
        assertEquals(true, copy.expectContinue());
        Map<String, List<String>> h = copy.headers().map();
        assertEquals(List.of("application/json"), h.get("Content-Type"));
        assertEquals(List.of("a", "b"), h.get("Accept"));
        assertEquals(List.of("abc"), h.get("X-Trace"), "a trace header replaces the caller's");
        assertEquals(List.of("00-x"), h.get("traceparent"));
    }

    @Test
    void onlyCallsInsideARequestAreRecordedOnceAndWithoutCredentialsInTheUrl() {
        Recording backend = new Recording();
        Dispatcher dispatcher = new Dispatcher(List.of(backend));
        HttpClientCapture capture = new HttpClientCapture(dispatcher);
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://user:pw@api.example.com:8443/items?token=s"))
                .build();

        assertNull(capture.clientEnter("java.net.http", request), "no request in flight: not recorded");

        ServerRequest server = new ServerRequest().method("GET").path("/");
        Map<String, String> none = Map.of();
        dispatcher.start(server, none::get);
        dev.quartet.core.Span previous = CurrentRequest.enter(server);
        try {
            Object token = capture.clientEnter("java.net.http", request);
            assertNull(capture.clientEnter("java.net.http", request), "a nested call is part of the outer one");
            HttpRequest sent = (HttpRequest) capture.clientRequest(token, request);
            capture.clientExit(token, null, new java.io.IOException("refused"));

            assertEquals(1, backend.started.size());
            ClientRequest call = backend.started.get(0);
            assertEquals("https://api.example.com:8443/items", call.url());
            assertEquals(server.traceId(), call.traceId());
            assertEquals(List.of(call.spanId()), sent.headers().allValues("X-Trace"));
            assertSame(call, backend.ended.get(0));
            assertEquals("refused", call.error().getMessage());
            assertEquals(0, call.statusCode());
            assertEquals(1, backend.ended.size());
        } finally {
            CurrentRequest.restore(previous);
        }
    }
}
