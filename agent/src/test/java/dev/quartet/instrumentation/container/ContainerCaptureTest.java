package dev.quartet.instrumentation.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.core.Backend;
import dev.quartet.core.CurrentRequest;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.ServerRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCaptureTest {
  private final List<ServerRequest> started = new ArrayList<>();
  private final List<ServerRequest> ended = new ArrayList<>();
  private final ContainerCapture containers =
      new ContainerCapture(
          new Dispatcher(
              Collections.singletonList(
                  new Backend() {
                    @Override
                    public String name() {
                      return "test";
                    }

                    @Override
                    public String describe() {
                      return "test";
                    }

                    @Override
                    public void onRequestStart(ServerRequest request, int index) {
                      started.add(request);
                      request.addResponseHeader("X-Test-Trace", request.traceId());
                    }

                    @Override
                    public void onRequestEnd(ServerRequest request, int index) {
                      ended.add(request);
                    }

                    @Override
                    public void shutdown(Duration timeout) {}
                  })),
          true);

  /** A container's exchange: a request line, headers, and the status it is answered with. */
  static final class FakeExchange implements ContainerRequest {
    final Map<String, String> responseHeaders = new HashMap<>();
    int status = 200;

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/shop/cart";
    }

    @Override
    public String query() {
      return "id=1";
    }

    @Override
    public String scheme() {
      return "http";
    }

    @Override
    public String serverName() {
      return "shop.example";
    }

    @Override
    public int serverPort() {
      return 8080;
    }

    @Override
    public String protocol() {
      return "HTTP/1.1";
    }

    @Override
    public String peerAddress() {
      return "10.0.0.9";
    }

    @Override
    public int peerPort() {
      return 50000;
    }

    @Override
    public String header(String name) {
      return name.equals("X-Forwarded-For") ? "203.0.113.5" : null;
    }

    @Override
    public List<String> headerNames() {
      return Arrays.asList("Host", "X-Forwarded-For");
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public long responseContentLength() {
      return 12;
    }

    @Override
    public void setResponseHeader(String name, String value) {
      responseHeaders.put(name, value);
    }
  }

  @Test
  void theRequestLivesFromTheContainersCallToItsReturnWithTheStatusItSent() {
    FakeExchange fake = new FakeExchange();
    ContainerCapture.Scope scope = containers.start(fake, false);
    ServerRequest request = scope.exchange().request();
    assertSame(request, CurrentRequest.get(), "current while the container works: its own log lines name the trace");
    assertSame(scope.exchange(), ContainerCapture.serving());
    assertEquals("/shop/cart", request.path());
    assertEquals("203.0.113.5", request.clientAddress());
    assertEquals("1.1", request.protocolVersion());
    assertEquals(request.traceResponseHeader(), fake.responseHeaders.get("traceresponse"));
    assertEquals(request.traceId(), fake.responseHeaders.get("X-Test-Trace"));

    fake.status = 302; // the container answered itself, e.g. the context-root redirect
    containers.exit(scope, null);
    assertEquals(Collections.singletonList(request), ended);
    assertEquals(302, request.statusCode());
    assertEquals(12, request.responseContentLength());
    assertNull(CurrentRequest.get());
    assertNull(ContainerCapture.serving());
  }

  @Test
  void anAsyncServletRequestEndsWhenItsAsyncContextCompletesNotWhenTheCallReturns() {
    FakeExchange fake = new FakeExchange();
    ContainerCapture.Scope scope = containers.start(fake, false);
    Exchange exchange = scope.exchange();
    exchange.servletAsyncStarted();
    containers.exit(scope, null);
    assertTrue(ended.isEmpty());
    fake.status = 202;
    exchange.servletAsyncCompleted();
    exchange.servletAsyncCompleted();
    assertEquals(1, ended.size(), "ended once");
    assertEquals(202, ended.get(0).statusCode());
  }

  @Test
  void aContainerThatReportsCompletionEndsTheRequestThenAndOnlyThen() {
    FakeExchange fake = new FakeExchange();
    ContainerCapture.Scope first = containers.start(fake, true);
    Exchange exchange = first.exchange();
    containers.exit(first, null);
    ContainerCapture.Scope dispatch = containers.resume(exchange); // an async dispatch on another thread
    assertSame(exchange.request(), CurrentRequest.get());
    containers.exit(dispatch, null);
    assertTrue(ended.isEmpty());
    exchange.servletAsyncCompleted(); // the container reports completion itself
    assertTrue(ended.isEmpty());
    exchange.end();
    assertEquals(1, started.size());
    assertEquals(1, ended.size());
  }

  @Test
  void aClientAbortKeepsTheStatusSentAndIsNoError() {
    FakeExchange fake = new FakeExchange();
    ContainerCapture.Scope scope = containers.start(fake, false);
    IOException abort = new IOException("Broken pipe");
    containers.exit(scope, abort);
    ServerRequest request = ended.get(0);
    assertEquals(200, request.statusCode());
    assertNull(request.error());
    assertSame(abort, request.clientAbort());
  }
}
