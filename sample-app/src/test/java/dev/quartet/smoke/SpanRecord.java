package dev.quartet.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One exported span, independent of how it travelled (OTLP protobuf over HTTP, or OTLP JSON lines in local
 * mode), together with its resource attributes and, when it came over HTTP, the headers of the export request.
 * Ids are lower-case hex; an absent parent is the empty string. Attribute values are String, Long, Double,
 * Boolean, List or byte[].
 */
public record SpanRecord(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    int kind,
    long startEpochNanos,
    long endEpochNanos,
    int statusCode,
    String statusMessage,
    Map<String, Object> attributes,
    List<Event> events,
    Map<String, Object> resource,
    String scopeName,
    Map<String, List<String>> exportHeaders) {

  public static final int KIND_INTERNAL = 1;
  public static final int KIND_SERVER = 2;
  public static final int KIND_CLIENT = 3;
  public static final int STATUS_UNSET = 0;
  public static final int STATUS_OK = 1;
  public static final int STATUS_ERROR = 2;

  /** A span event. */
  public record Event(String name, long epochNanos, Map<String, Object> attributes) {}

  public boolean isServer() {
    return kind == KIND_SERVER;
  }

  public Object attr(String key) {
    return attributes.get(key);
  }

  public Object resourceAttr(String key) {
    return resource.get(key);
  }

  public long durationNanos() {
    return endEpochNanos - startEpochNanos;
  }

  /** Header of the export request that carried this span (case-insensitive name), or null. */
  public String exportHeader(String name) {
    for (Map.Entry<String, List<String>> e : exportHeaders.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "Span{" + name + " kind=" + kind + " trace=" + traceId + " span=" + spanId + " parent=" + parentSpanId
        + " status=" + statusCode + " attrs=" + attributes + " events=" + events.size() + "}";
  }

  // ---------------------------------------------------------------- OTLP protobuf

  public static SpanRecord fromProto(Span s, Resource resource, String scopeName, Map<String, List<String>> headers) {
    List<Event> events = new ArrayList<>();
    for (Span.Event e : s.getEventsList()) {
      events.add(new Event(e.getName(), e.getTimeUnixNano(), protoAttributes(e.getAttributesList())));
    }
    return new SpanRecord(
        hex(s.getTraceId().toByteArray()),
        hex(s.getSpanId().toByteArray()),
        hex(s.getParentSpanId().toByteArray()),
        s.getName(),
        s.getKindValue(),
        s.getStartTimeUnixNano(),
        s.getEndTimeUnixNano(),
        s.getStatus().getCodeValue(),
        s.getStatus().getMessage(),
        protoAttributes(s.getAttributesList()),
        List.copyOf(events),
        protoAttributes(resource.getAttributesList()),
        scopeName,
        headers);
  }

  static Map<String, Object> protoAttributes(List<KeyValue> kvs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      m.put(kv.getKey(), protoValue(kv.getValue()));
    }
    return Collections.unmodifiableMap(m);
  }

  private static Object protoValue(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case INT_VALUE:
        return v.getIntValue();
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      case BOOL_VALUE:
        return v.getBoolValue();
      case BYTES_VALUE:
        return v.getBytesValue().toByteArray();
      case ARRAY_VALUE:
        List<Object> list = new ArrayList<>();
        for (AnyValue item : v.getArrayValue().getValuesList()) {
          list.add(protoValue(item));
        }
        return List.copyOf(list);
      case KVLIST_VALUE:
        return protoAttributes(v.getKvlistValue().getValuesList());
      default:
        return null;
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  // ---------------------------------------------------------------- OTLP JSON (local mode files)

  /**
   * All spans of one OTLP JSON export object ({@code {"resourceSpans":[…]}}). Follows the OTLP/JSON mapping:
   * hex ids, lowerCamelCase field names, enums as integers, 64-bit integers as strings or numbers.
   */
  public static List<SpanRecord> fromOtlpJson(JsonNode exportObject) {
    List<SpanRecord> out = new ArrayList<>();
    for (JsonNode rs : exportObject.path("resourceSpans")) {
      Map<String, Object> resource = jsonAttributes(rs.path("resource").path("attributes"));
      for (JsonNode ss : rs.path("scopeSpans")) {
        String scope = ss.path("scope").path("name").asText("");
        for (JsonNode s : ss.path("spans")) {
          List<Event> events = new ArrayList<>();
          for (JsonNode e : s.path("events")) {
            events.add(new Event(e.path("name").asText(), jsonLong(e.path("timeUnixNano")),
                jsonAttributes(e.path("attributes"))));
          }
          out.add(new SpanRecord(
              s.path("traceId").asText("").toLowerCase(Locale.ROOT),
              s.path("spanId").asText("").toLowerCase(Locale.ROOT),
              s.path("parentSpanId").asText("").toLowerCase(Locale.ROOT),
              s.path("name").asText(""),
              jsonEnum(s.path("kind"), "SPAN_KIND_"),
              jsonLong(s.path("startTimeUnixNano")),
              jsonLong(s.path("endTimeUnixNano")),
              jsonEnum(s.path("status").path("code"), "STATUS_CODE_"),
              s.path("status").path("message").asText(""),
              jsonAttributes(s.path("attributes")),
              List.copyOf(events),
              resource,
              scope,
              Map.of()));
        }
      }
    }
    return out;
  }

  private static final List<String> KIND_NAMES = List.of("UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER");
  private static final List<String> STATUS_NAMES = List.of("UNSET", "OK", "ERROR");

  private static int jsonEnum(JsonNode n, String prefix) {
    if (n.isMissingNode() || n.isNull()) {
      return 0;
    }
    if (n.isNumber()) {
      return n.asInt();
    }
    String t = n.asText();
    if (t.startsWith(prefix)) {
      t = t.substring(prefix.length());
    }
    List<String> names = prefix.equals("SPAN_KIND_") ? KIND_NAMES : STATUS_NAMES;
    int i = names.indexOf(t);
    if (i >= 0) {
      return i;
    }
    return Integer.parseInt(t);
  }

  private static long jsonLong(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return 0;
    }
    return n.isNumber() ? n.asLong() : Long.parseLong(n.asText());
  }

  private static Map<String, Object> jsonAttributes(JsonNode arr) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (JsonNode kv : arr) {
      m.put(kv.path("key").asText(), jsonValue(kv.path("value")));
    }
    return Collections.unmodifiableMap(m);
  }

  private static Object jsonValue(JsonNode v) {
    if (v.has("stringValue")) {
      return v.get("stringValue").asText();
    }
    if (v.has("intValue")) {
      return jsonLong(v.get("intValue"));
    }
    if (v.has("doubleValue")) {
      return v.get("doubleValue").asDouble();
    }
    if (v.has("boolValue")) {
      return v.get("boolValue").asBoolean();
    }
    if (v.has("arrayValue")) {
      List<Object> list = new ArrayList<>();
      for (JsonNode item : v.get("arrayValue").path("values")) {
        list.add(jsonValue(item));
      }
      return List.copyOf(list);
    }
    if (v.has("kvlistValue")) {
      return jsonAttributes(v.get("kvlistValue").path("values"));
    }
    if (v.has("bytesValue")) {
      return java.util.Base64.getDecoder().decode(v.get("bytesValue").asText());
    }
    return null;
  }
}
