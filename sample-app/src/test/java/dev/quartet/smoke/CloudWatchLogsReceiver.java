package dev.quartet.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loopback CloudWatch Logs: the awsJson1_1 protocol ({@code POST /}, {@code X-Amz-Target: Logs_20140328.<Op>},
 * {@code application/x-amz-json-1.1}) for CreateLogGroup, CreateLogStream, DescribeLogStreams, PutLogEvents and
 * PutRetentionPolicy, with the service's rules and error JSON ({@code {"__type": …, "message": …}}, HTTP 400):
 * a request without a SigV4 {@code Authorization} header is refused, and a PutLogEvents batch that breaks a limit
 * (more than 10,000 events, more than 1,048,576 bytes counted as UTF-8 message bytes + 26 per event, an event over
 * 256 KiB, events out of chronological order, a span of 24 hours or more, an empty message) is refused whole, as the
 * service does. Events more than 2 hours ahead, older than 14 days or than the retention are dropped and reported
 * in {@code rejectedLogEventsInfo}. Tests can script failures, delete streams, and read what was stored.
 */
public final class CloudWatchLogsReceiver extends LoopbackHttpReceiver {

  public static final String TARGET_PREFIX = "Logs_20140328.";
  static final int MAX_EVENTS = 10_000;
  static final int MAX_BATCH_BYTES = 1_048_576;
  static final int MAX_EVENT_BYTES = 262_144;
  static final int EVENT_OVERHEAD = 26;
  static final long DAY_MILLIS = 24L * 60 * 60 * 1000;
  static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
      731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
  private static final Pattern GROUP_NAME = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One event as stored: its stream, timestamp and message; {@code json} when the message is a JSON object. */
  public record StoredEvent(String group, String stream, long timestamp, String message, JsonNode json) {
    public String field(String name) {
      return json == null ? null : json.path(name).asText(null);
    }
  }

  /** One answer the receiver gave other than 200, for assertions (e.g. that no batch broke a limit). */
  public record Refusal(String operation, String type, String message) {}

  /** A PutLogEvents call that was accepted: how many events, how many bytes (as the service counts them). */
  public record Batch(String group, String stream, int events, int bytes, long spanMillis) {}

  private static final class Group {
    Integer retentionDays;
    final Map<String, List<StoredEvent>> streams = new TreeMap<>();
  }

  private final Map<String, Group> groups = new TreeMap<>();
  private final List<StoredEvent> events = new CopyOnWriteArrayList<>();
  private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
  private final List<Batch> batches = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
  private final Deque<String[]> scriptedFailures = new ArrayDeque<>();
  private volatile boolean outage;

  public CloudWatchLogsReceiver() {
    super("cloudwatch-logs");
    route("POST", "/", this::handle);
  }

  /** Bound to {@code port} (e.g. one chosen before the app starts, to begin with nothing listening there). */
  public CloudWatchLogsReceiver(int port) {
    super("cloudwatch-logs", port);
    route("POST", "/", this::handle);
  }

  /** The next {@code times} calls of {@code operation} fail with this HTTP status and error type. */
  public synchronized void failNext(String operation, int times, int status, String type, String message) {
    for (int i = 0; i < times; i++) {
      scriptedFailures.addLast(new String[] {operation, Integer.toString(status), type, message});
    }
  }

  /** While on, every call is answered 503 ServiceUnavailableException. */
  public void outage(boolean on) {
    outage = on;
  }

  public synchronized void createGroup(String group) {
    groups.computeIfAbsent(group, g -> new Group());
  }

  /** Deletes a stream and its events, as the console's "Delete log stream" does. */
  public synchronized void deleteStream(String group, String stream) {
    Group g = groups.get(group);
    if (g != null) {
      g.streams.remove(stream);
    }
  }

  public synchronized Set<String> groupNames() {
    return Set.copyOf(groups.keySet());
  }

  public synchronized List<String> streamNames(String group) {
    Group g = groups.get(group);
    return g == null ? List.of() : List.copyOf(g.streams.keySet());
  }

  public synchronized Integer retentionDays(String group) {
    Group g = groups.get(group);
    return g == null ? null : g.retentionDays;
  }

  /** Every event ever stored, in arrival order (events of a later-deleted stream included). */
  public List<StoredEvent> events() {
    return List.copyOf(events);
  }

  public List<StoredEvent> events(Predicate<StoredEvent> filter) {
    return events.stream().filter(filter).collect(Collectors.toList());
  }

  public List<Refusal> refusals() {
    return List.copyOf(refusals);
  }

  /** Refusals that mean the client sent a batch the service refuses (InvalidParameterException). */
  public List<Refusal> limitViolations() {
    return refusals.stream().filter(r -> r.type().equals("InvalidParameterException")).collect(Collectors.toList());
  }

  public List<Batch> batches() {
    return List.copyOf(batches);
  }

  public int totalCalls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public int calls(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  /** Waits until at least {@code count} stored events match; returns them (fails on timeout). */
  public List<StoredEvent> awaitEvents(Predicate<StoredEvent> filter, int count, Duration timeout) {
    Await.require(count + " matching log event(s) at the CloudWatch Logs receiver", timeout,
        () -> events(filter).size() >= count,
        () -> "matched " + events(filter).size() + " of " + events.size() + " stored events; refusals "
            + refusals.stream().limit(5).collect(Collectors.toList()) + "; handler errors " + handlerErrors());
    return events(filter);
  }

  private Reply handle(RecordedRequest req) throws Exception {
    String target = req.header("x-amz-target");
    String op = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
    String opName = op == null ? "?" : op;
    calls.computeIfAbsent(opName, k -> new AtomicInteger()).incrementAndGet();
    String auth = req.header("authorization");
    if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 Credential=") || !auth.contains("Signature=")) {
      return error(opName, 400, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    String contentType = req.header("content-type");
    if (contentType == null || !contentType.startsWith("application/x-amz-json-1.1")) {
      return error(opName, 400, "SerializationException", "expected application/x-amz-json-1.1, got " + contentType);
    }
    if (outage) {
      return error(opName, 503, "ServiceUnavailableException", "The service cannot complete the request.");
    }
    String[] scripted = nextScriptedFailure(opName);
    if (scripted != null) {
      return error(opName, Integer.parseInt(scripted[1]), scripted[2], scripted[3]);
    }
    JsonNode body = JSON.readTree(req.body());
    synchronized (this) {
      switch (opName) {
        case "CreateLogGroup":
          return createLogGroup(body);
        case "CreateLogStream":
          return createLogStream(body);
        case "DescribeLogStreams":
          return describeLogStreams(body);
        case "PutRetentionPolicy":
          return putRetentionPolicy(body);
        case "PutLogEvents":
          return putLogEvents(body);
        default:
          return error(opName, 400, "UnknownOperationException", "unknown operation " + target);
      }
    }
  }

  private synchronized String[] nextScriptedFailure(String op) {
    for (var it = scriptedFailures.iterator(); it.hasNext(); ) {
      String[] f = it.next();
      if (f[0].equals(op)) {
        it.remove();
        return f;
      }
    }
    return null;
  }

  private Reply createLogGroup(JsonNode body) {
    String name = body.path("logGroupName").asText("");
    if (!GROUP_NAME.matcher(name).matches()) {
      return error("CreateLogGroup", 400, "InvalidParameterException", "1 validation error detected: Value '"
          + name + "' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression"
          + " pattern: [\\.\\-_/#A-Za-z0-9]+");
    }
    if (groups.containsKey(name)) {
      return error("CreateLogGroup", 400, "ResourceAlreadyExistsException", "The specified log group already exists");
    }
    groups.put(name, new Group());
    return ok("{}");
  }

  private Reply createLogStream(JsonNode body) {
    String group = body.path("logGroupName").asText("");
    String stream = body.path("logStreamName").asText("");
    if (stream.isEmpty() || stream.length() > 512 || stream.contains(":") || stream.contains("*")) {
      return error("CreateLogStream", 400, "InvalidParameterException", "1 validation error detected: Value '"
          + stream + "' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression"
          + " pattern: [^:*]*");
    }
    Group g = groups.get(group);
    if (g == null) {
      return error("CreateLogStream", 400, "ResourceNotFoundException", "The specified log group does not exist.");
    }
    if (g.streams.containsKey(stream)) {
      return error("CreateLogStream", 400, "ResourceAlreadyExistsException",
          "The specified log stream already exists");
    }
    g.streams.put(stream, new ArrayList<>());
    return ok("{}");
  }

  private Reply describeLogStreams(JsonNode body) {
    Group g = groups.get(body.path("logGroupName").asText(""));
    if (g == null) {
      return error("DescribeLogStreams", 400, "ResourceNotFoundException", "The specified log group does not exist.");
    }
    String prefix = body.path("logStreamNamePrefix").asText("");
    int limit = body.path("limit").asInt(50);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("logStreams");
    g.streams.keySet().stream().filter(s -> s.startsWith(prefix)).limit(limit).forEach(s -> {
      ObjectNode n = list.addObject();
      n.put("logStreamName", s);
      n.put("creationTime", System.currentTimeMillis());
      n.put("arn", "arn:aws:logs:us-east-1:123456789012:log-group:" + body.path("logGroupName").asText()
          + ":log-stream:" + s);
      n.put("storedBytes", 0);
    });
    return ok(out.toString());
  }

  private Reply putRetentionPolicy(JsonNode body) {
    Group g = groups.get(body.path("logGroupName").asText(""));
    int days = body.path("retentionInDays").asInt(-1);
    if (!RETENTION_DAYS.contains(days)) {
      return error("PutRetentionPolicy", 400, "InvalidParameterException", "1 validation error detected: Value '"
          + days + "' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set");
    }
    if (g == null) {
      return error("PutRetentionPolicy", 400, "ResourceNotFoundException", "The specified log group does not exist.");
    }
    g.retentionDays = days;
    return ok("{}");
  }

  private Reply putLogEvents(JsonNode body) {
    String groupName = body.path("logGroupName").asText("");
    String streamName = body.path("logStreamName").asText("");
    JsonNode list = body.path("logEvents");
    int n = list.size();
    if (n < 1) {
      return invalid("1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member"
          + " must have length greater than or equal to 1");
    }
    if (n > MAX_EVENTS) {
      return invalid("1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must"
          + " have length less than or equal to 10000");
    }
    long[] times = new long[n];
    String[] messages = new String[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      JsonNode e = list.get(i);
      times[i] = e.path("timestamp").asLong();
      messages[i] = e.path("message").asText("");
      if (messages[i].isEmpty()) {
        return invalid("1 validation error detected: Value '' at 'logEvents." + (i + 1) + ".member.message' failed"
            + " to satisfy constraint: Member must have length greater than or equal to 1");
      }
      int bytes = messages[i].getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD;
      if (bytes > MAX_EVENT_BYTES) {
        return invalid("Log event too large: " + bytes + " bytes exceeds limit of " + MAX_EVENT_BYTES);
      }
      total += bytes;
      if (i > 0 && times[i] < times[i - 1]) {
        return invalid("Log events in a single PutLogEvents request must be in chronological order.");
      }
    }
    if (total > MAX_BATCH_BYTES) {
      return invalid("Upload too large: " + total + " bytes exceeds limit of " + MAX_BATCH_BYTES);
    }
    if (times[n - 1] - times[0] >= DAY_MILLIS) {
      return invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
    }
    Group g = groups.get(groupName);
    if (g == null) {
      return error("PutLogEvents", 400, "ResourceNotFoundException", "The specified log group does not exist.");
    }
    List<StoredEvent> stream = g.streams.get(streamName);
    if (stream == null) {
      return error("PutLogEvents", 400, "ResourceNotFoundException", "The specified log stream does not exist.");
    }
    long now = System.currentTimeMillis();
    long tooOldBefore = now - 14 * DAY_MILLIS;
    long expiredBefore = g.retentionDays == null ? Long.MIN_VALUE : now - g.retentionDays * DAY_MILLIS;
    long tooNewAfter = now + 2 * 60 * 60 * 1000L;
    int tooOldEnd = 0;
    int expiredEnd = 0;
    Integer tooNewStart = null;
    for (int i = 0; i < n; i++) {
      if (times[i] < tooOldBefore) {
        tooOldEnd = i + 1;
      } else if (times[i] < expiredBefore) {
        expiredEnd = i + 1;
      } else if (times[i] > tooNewAfter) {
        if (tooNewStart == null) {
          tooNewStart = i;
        }
      } else {
        StoredEvent stored = new StoredEvent(groupName, streamName, times[i], messages[i], parse(messages[i]));
        stream.add(stored);
        events.add(stored);
      }
    }
    batches.add(new Batch(groupName, streamName, n, total, times[n - 1] - times[0]));
    ObjectNode out = JSON.createObjectNode();
    out.put("nextSequenceToken", "49039859521224590223398465645862219412512939488393936290");
    if (tooOldEnd > 0 || expiredEnd > 0 || tooNewStart != null) {
      ObjectNode info = out.putObject("rejectedLogEventsInfo");
      if (tooOldEnd > 0) {
        info.put("tooOldLogEventEndIndex", tooOldEnd);
      }
      if (expiredEnd > 0) {
        info.put("expiredLogEventEndIndex", expiredEnd);
      }
      if (tooNewStart != null) {
        info.put("tooNewLogEventStartIndex", tooNewStart);
      }
    }
    return ok(out.toString());
  }

  private static JsonNode parse(String message) {
    if (!message.startsWith("{")) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(message);
      return n != null && n.isObject() ? n : null;
    } catch (Exception notJson) {
      return null;
    }
  }

  private Reply invalid(String message) {
    return error("PutLogEvents", 400, "InvalidParameterException", message);
  }

  private Reply error(String op, int status, String type, String message) {
    refusals.add(new Refusal(op, type, message));
    ObjectNode out = JSON.createObjectNode();
    out.put("__type", type);
    out.put("message", message);
    return Reply.of(status, "application/x-amz-json-1.1", out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Reply ok(String json) {
    return Reply.of(200, "application/x-amz-json-1.1", json.getBytes(StandardCharsets.UTF_8));
  }

  /** CloudWatch's throttling: HTTP 400 with {@code ThrottlingException}, which the AWS SDK retries. */
  @Override
  protected Reply throttled() {
    return Reply.of(400, "application/x-amz-json-1.1",
        "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}".getBytes(StandardCharsets.UTF_8));
  }

  /** Environment for a child JVM that ships here: the SDK's endpoint variable and dummy credentials and region. */
  public Map<String, String> clientEnv() {
    return Map.of(
        "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", endpoint(),
        "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_REGION", "us-east-1",
        "AWS_EC2_METADATA_DISABLED", "true");
  }
}
