package dev.quartet.backend.cloudwatch;

import dev.quartet.core.Backend;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.ServerRequest;
import java.util.List;

/** Requests with a given trace identity, made the way the core makes them (through the Dispatcher). */
final class RequestFixtures {
  private RequestFixtures() {}

  static ServerRequest request(String traceId, String spanId) {
    ServerRequest r = new ServerRequest().method("GET").scheme("https").path("/").client("203.0.113.9", "10.0.0.1", 1);
    new Dispatcher(List.<Backend>of()).start(r, name -> name.equals("traceparent") ? "00-" + traceId + "-" + spanId + "-01" : null);
    return r;
  }

  static ServerRequest finished(String traceId, String parentSpanId, String method, String path, String query, int status) {
    ServerRequest r = new ServerRequest().method(method).scheme("https").path(path).query(query)
        .client("203.0.113.9", "10.0.0.1", 1);
    new Dispatcher(List.<Backend>of()).start(r, name -> name.equals("traceparent") ? "00-" + traceId + "-" + parentSpanId + "-01" : null);
    r.finish(status, null);
    return r;
  }
}
