package dev.quartet.bench.sink;

import com.sun.net.httpserver.HttpExchange;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.util.Locale;

/**
 * OTLP/HTTP receiver: {@code POST /v1/traces}, {@code /v1/metrics}, {@code /v1/logs} answered 200 with the empty
 * export response (zero bytes of protobuf, or {@code {}} for OTLP/JSON). Spans of protobuf trace exports are
 * counted, so a run shows how many of its requests became exported spans.
 */
final class OtlpSink extends HttpSink {
  OtlpSink(Counters counters) throws IOException {
    super("otlp", counters);
  }

  String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  Reply answer(HttpExchange ex, byte[] body) throws Exception {
    String path = ex.getRequestURI().getPath();
    if (!ex.getRequestMethod().equals("POST")
        || !(path.equals("/v1/traces") || path.equals("/v1/metrics") || path.equals("/v1/logs"))) {
      return new Reply(404, null, null);
    }
    String signal = path.substring("/v1/".length());
    counters.increment("otlp." + signal + ".requests");
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    boolean json = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    if (json) {
      return Reply.json("{}");
    }
    if (signal.equals("traces")) {
      long spans = 0;
      for (ResourceSpans rs : ExportTraceServiceRequest.parseFrom(body).getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          spans += ss.getSpansCount();
        }
      }
      counters.add("otlp.spans", spans);
    }
    return new Reply(200, "application/x-protobuf", new byte[0]);
  }
}
