package dev.quartet.bench.sink;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudWatch Logs' JSON 1.1 API ({@code POST /} with {@code X-Amz-Target: Logs_20140328.<Operation>}), as the AWS
 * SDK v2 client calls it: PutLogEvents answers {@code {"nextSequenceToken":"1"}} and counts the events, the
 * Create/Describe calls remember and list the groups and streams created, every other operation answers {@code {}}.
 * Signatures are not checked (the credentials are dummies).
 */
final class CloudWatchLogsSink extends HttpSink {
  private static final String TARGET_PREFIX = "Logs_20140328.";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** log group → its streams (bounded by what a run creates: one or a few of each). */
  private final Map<String, Set<String>> streams = new ConcurrentHashMap<>();

  CloudWatchLogsSink(Counters counters) throws IOException {
    super("cloudwatch", counters);
  }

  String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  Reply answer(HttpExchange ex, byte[] body) throws Exception {
    String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
    if (!ex.getRequestMethod().equals("POST") || target == null || !target.startsWith(TARGET_PREFIX)) {
      return new Reply(400, "application/x-amz-json-1.1",
          "{\"__type\":\"UnknownOperationException\"}".getBytes());
    }
    String operation = target.substring(TARGET_PREFIX.length());
    counters.increment("cloudwatch." + operation);
    ex.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    if (operation.equals("PutLogEvents")) {
      // Streamed, not parsed into a tree: the sink shares the benchmark's cores with the app it measures.
      counters.add("cloudwatch.events", countLogEvents(body));
      return new Reply(200, "application/x-amz-json-1.1", "{\"nextSequenceToken\":\"1\"}".getBytes());
    }
    JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    String group = request.path("logGroupName").asText("");
    ObjectNode reply = JSON.createObjectNode();
    switch (operation) {
      case "CreateLogGroup":
        streams.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet());
        break;
      case "CreateLogStream":
        streams.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet())
            .add(request.path("logStreamName").asText(""));
        break;
      case "DescribeLogStreams":
        ArrayNode list = reply.putArray("logStreams");
        String prefix = request.path("logStreamNamePrefix").asText("");
        for (String s : streams.getOrDefault(group, Set.of())) {
          if (s.startsWith(prefix)) {
            list.addObject().put("logStreamName", s).put("creationTime", 0L).put("storedBytes", 0L);
          }
        }
        break;
      case "DescribeLogGroups":
        ArrayNode groups = reply.putArray("logGroups");
        String groupPrefix = request.path("logGroupNamePrefix").asText("");
        for (String g : streams.keySet()) {
          if (g.startsWith(groupPrefix)) {
            groups.addObject().put("logGroupName", g).put("creationTime", 0L);
          }
        }
        break;
      default:
        break; // PutRetentionPolicy, TagResource …: success with an empty body
    }
    return new Reply(200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(reply));
  }

  /** The number of elements of the top-level {@code logEvents} array. */
  static long countLogEvents(byte[] body) throws IOException {
    long events = 0;
    try (JsonParser p = JSON.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return 0;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken value = p.nextToken();
        if (field.equals("logEvents") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            events++;
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return events;
  }
}
