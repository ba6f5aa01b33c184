package dev.quartet.bench.sink;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.UUID;

/** Rollbar's item API: {@code POST /api/1/item/} answered {@code {"err":0,"result":{"uuid":…}}}. */
final class RollbarSink extends HttpSink {
  static final String ITEM_PATH = "/api/1/item/";

  RollbarSink(Counters counters) throws IOException {
    super("rollbar", counters);
  }

  String endpoint() {
    return "http://127.0.0.1:" + port() + ITEM_PATH;
  }

  @Override
  Reply answer(HttpExchange ex, byte[] body) {
    if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().startsWith("/api/1/item")) {
      return new Reply(404, "application/json", "{\"err\":1,\"message\":\"not found\"}".getBytes());
    }
    counters.increment("rollbar.items");
    return Reply.json("{\"err\":0,\"result\":{\"id\":null,\"uuid\":\"" + UUID.randomUUID() + "\"}}");
  }
}
