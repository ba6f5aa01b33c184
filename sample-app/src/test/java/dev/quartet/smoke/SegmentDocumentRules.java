package dev.quartet.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules of the X-Ray segment document (AWS X-Ray developer guide, "Segment documents"), as the daemon and the
 * service apply them: required fields, id and trace id formats, names, times, the http block, flags, cause,
 * annotations, and the size limit. {@link #check} lists every broken rule of one document.
 */
public final class SegmentDocumentRules {

  /** What the daemon reads first in every datagram. */
  public static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";
  /** Larger datagrams fail with "Message too long"; the service's document limit is 64 KB. */
  public static final int MAX_DATAGRAM_BYTES = 63 * 1024;

  private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}\\s_.:/%&#=+\\\\\\-@]{1,200}");
  private static final Pattern ANNOTATION_KEY = Pattern.compile("[A-Za-z0-9_]+");
  /** Segments older than this (30 days) are rejected by the service. */
  private static final double MAX_AGE_SECONDS = 30 * 24 * 3600;

  private SegmentDocumentRules() {}

  /** Broken rules of a top-level document (a segment, or a subsegment sent on its own); empty when valid. */
  public static List<String> check(JsonNode doc) {
    List<String> problems = new ArrayList<>();
    if (doc == null || !doc.isObject()) {
      problems.add("not a JSON object");
      return problems;
    }
    boolean streamed = doc.has("type");
    if (streamed) {
      if (!"subsegment".equals(doc.get("type").asText())) {
        problems.add("type must be \"subsegment\": " + doc.get("type"));
      }
      matches(problems, doc, "parent_id", ID, true);
    } else if (doc.has("parent_id")) {
      matches(problems, doc, "parent_id", ID, true);
    }
    matches(problems, doc, "trace_id", TRACE_ID, true);
    if (doc.has("trace_id")) {
      String epochHex = doc.get("trace_id").asText().substring(2, Math.min(10, doc.get("trace_id").asText().length()));
      try {
        double age = System.currentTimeMillis() / 1000.0 - Long.parseLong(epochHex, 16);
        if (age > MAX_AGE_SECONDS || age < -300) {
          problems.add("trace_id epoch is not within the last 30 days: " + doc.get("trace_id"));
        }
      } catch (NumberFormatException e) {
        problems.add("trace_id epoch is not hex: " + doc.get("trace_id"));
      }
    }
    entity(problems, doc, "");
    return problems;
  }

  private static void entity(List<String> problems, JsonNode e, String where) {
    matches(problems, e, "name", NAME, true, where);
    matches(problems, e, "id", ID, true, where);
    if (!e.path("start_time").isNumber()) {
      problems.add(where + "start_time must be a number of epoch seconds");
    }
    if (e.path("in_progress").asBoolean(false)) {
      if (e.has("end_time")) {
        problems.add(where + "in_progress with an end_time");
      }
    } else if (!e.path("end_time").isNumber()) {
      problems.add(where + "end_time is required unless in_progress");
    } else if (e.get("end_time").asDouble() < e.path("start_time").asDouble()) {
      problems.add(where + "end_time before start_time");
    }
    for (String flag : new String[] {"error", "throttle", "fault", "in_progress"}) {
      if (e.has(flag) && !e.get(flag).isBoolean()) {
        problems.add(where + flag + " must be a boolean");
      }
    }
    if (e.path("throttle").asBoolean(false) && !e.path("error").asBoolean(false)) {
      problems.add(where + "throttle without error");
    }
    JsonNode http = e.get("http");
    if (http != null) {
      if (http.has("request") && !http.at("/request/method").isTextual()) {
        problems.add(where + "http.request.method must be a string");
      }
      if (http.has("response") && !http.at("/response/status").isInt()) {
        problems.add(where + "http.response.status must be an integer");
      }
      JsonNode length = http.at("/response/content_length");
      if (!length.isMissingNode() && !length.isIntegralNumber()) {
        problems.add(where + "http.response.content_length must be an integer");
      }
    }
    JsonNode cause = e.get("cause");
    if (cause != null && !(cause.isTextual() && ID.matcher(cause.asText()).matches())) {
      if (!cause.path("exceptions").isArray() && !cause.has("message")) {
        problems.add(where + "cause needs exceptions (or an exception id)");
      }
      for (JsonNode ex : cause.path("exceptions")) {
        matches(problems, ex, "id", ID, true, where + "cause.exceptions[].");
      }
    }
    JsonNode annotations = e.get("annotations");
    if (annotations != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> a = it.next();
        if (!ANNOTATION_KEY.matcher(a.getKey()).matches()) {
          problems.add(where + "annotation key not indexable: " + a.getKey());
        }
        if (!(a.getValue().isTextual() || a.getValue().isNumber() || a.getValue().isBoolean())) {
          problems.add(where + "annotation " + a.getKey() + " must be a string, number or boolean");
        }
      }
    }
    JsonNode metadata = e.get("metadata");
    if (metadata != null) {
      for (JsonNode namespace : metadata) {
        if (!namespace.isObject()) {
          problems.add(where + "metadata namespaces must be objects");
        }
      }
    }
    for (String block : new String[] {"aws", "service", "sql"}) {
      if (e.has(block) && !e.get(block).isObject()) {
        problems.add(where + block + " must be an object");
      }
    }
    JsonNode subsegments = e.get("subsegments");
    if (subsegments != null) {
      if (!subsegments.isArray()) {
        problems.add(where + "subsegments must be an array");
      } else {
        for (JsonNode sub : subsegments) {
          entity(problems, sub, where + "subsegment " + sub.path("id").asText() + ": ");
        }
      }
    }
  }

  private static void matches(List<String> problems, JsonNode doc, String field, Pattern p, boolean required) {
    matches(problems, doc, field, p, required, "");
  }

  private static void matches(List<String> problems, JsonNode doc, String field, Pattern p, boolean required,
      String where) {
    JsonNode v = doc.get(field);
    if (v == null) {
      if (required) {
        problems.add(where + field + " is missing");
      }
    } else if (!v.isTextual() || !p.matcher(v.asText()).matches()) {
      problems.add(where + field + " is not valid: " + v);
    }
  }
}
