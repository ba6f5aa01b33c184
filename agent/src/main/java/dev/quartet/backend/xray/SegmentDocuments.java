package dev.quartet.backend.xray;

import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Subsegment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a finished segment (or a subsegment streamed ahead of it) into segment documents that each fit in one UDP
 * datagram to the daemon: at most 63 KiB with the {@code {"format": "json", "version": 1}\n} header. The SDK
 * serialises; when a document is too large, its subsegments are streamed as documents of their own
 * ({@code "type": "subsegment"}, {@code parent_id}, {@code trace_id}), recursively, and what is still too large in one
 * entity is truncated — metadata values first, then the longest strings — each cut value ending with a marker.
 * Nothing is dropped whole.
 */
final class SegmentDocuments {
  static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";
  static final int MAX_DATAGRAM = 63 * 1024;
  static final int MAX_DOCUMENT = MAX_DATAGRAM - HEADER.getBytes(StandardCharsets.UTF_8).length;
  static final String TRUNCATED = "…[truncated by Quartet: %d bytes; an X-Ray document holds at most 64 KB]";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Fields an entity cannot do without; never truncated. */
  private static final Set<String> IDENTITY =
      new HashSet<>(Arrays.asList("name", "id", "trace_id", "parent_id", "type", "namespace"));

  private final int maxDocument;

  SegmentDocuments() {
    this(MAX_DOCUMENT);
  }

  /** A smaller limit, for tests. */
  SegmentDocuments(int maxDocument) {
    this.maxDocument = maxDocument;
  }

  /** The documents of a segment, or of a subsegment streamed before its segment ends. */
  List<String> of(Entity entity) {
    String json = entity instanceof Subsegment ? ((Subsegment) entity).streamSerialize() : entity.serialize();
    if (json.isEmpty()) {
      return new ArrayList<>(); // the SDK could not serialise it and has said why
    }
    List<String> out = new ArrayList<>(1);
    if (json.length() <= maxDocument / 3 || bytes(json) <= maxDocument) { // no char takes more than 3 bytes
      out.add(json);
      return out;
    }
    try {
      ObjectNode doc = (ObjectNode) JSON.readTree(json);
      fit(doc, doc.path("trace_id").asText(), out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the SDK wrote JSON that does not parse", e);
    }
    return out;
  }

  private void fit(ObjectNode doc, String traceId, List<String> out) throws JsonProcessingException {
    JsonNode children = doc.get("subsegments");
    if (children instanceof ArrayNode && children.size() > 0 && size(doc) > maxDocument) {
      doc.remove("subsegments");
      String parentId = doc.path("id").asText();
      for (JsonNode child : children) {
        ObjectNode streamed = (ObjectNode) child;
        streamed.put("type", "subsegment");
        streamed.put("parent_id", parentId);
        streamed.put("trace_id", traceId);
        fit(streamed, traceId, out);
      }
    }
    String json = JSON.writeValueAsString(doc);
    if (bytes(json) > maxDocument) {
      json = truncate(doc);
    }
    out.add(json);
  }

  /** Cuts the largest metadata values, then the longest strings, until {@code doc} fits. */
  private String truncate(ObjectNode doc) throws JsonProcessingException {
    JsonNode metadata = doc.get("metadata");
    if (metadata instanceof ObjectNode) {
      for (int i = 0; i < 1000 && size(doc) > maxDocument; i++) {
        ObjectNode namespace = null;
        String key = null;
        int largest = -1;
        for (Iterator<Map.Entry<String, JsonNode>> ns = metadata.fields(); ns.hasNext(); ) {
          Map.Entry<String, JsonNode> n = ns.next();
          if (!(n.getValue() instanceof ObjectNode)) {
            continue;
          }
          for (Iterator<Map.Entry<String, JsonNode>> kv = n.getValue().fields(); kv.hasNext(); ) {
            Map.Entry<String, JsonNode> e = kv.next();
            int s = size(e.getValue());
            if (s > largest && !isTruncated(e.getValue())) {
              largest = s;
              namespace = (ObjectNode) n.getValue();
              key = e.getKey();
            }
          }
        }
        if (namespace == null) {
          break;
        }
        JsonNode value = namespace.get(key);
        String text = value.isTextual() ? value.asText() : JSON.writeValueAsString(value);
        namespace.set(key, cut(text, largest - (size(doc) - maxDocument)));
      }
    }
    for (int i = 0; i < 1000 && size(doc) > maxDocument; i++) {
      TextNode[] longest = new TextNode[1];
      Object[] holder = new Object[2];
      findLongestText(doc, null, null, longest, holder);
      if (longest[0] == null || longest[0].asText().length() < 256) {
        break;
      }
      TextNode shorter = cut(longest[0].asText(), size(longest[0]) - (size(doc) - maxDocument));
      if (holder[0] instanceof ObjectNode) {
        ((ObjectNode) holder[0]).set((String) holder[1], shorter);
      } else {
        ((ArrayNode) holder[0]).set((Integer) holder[1], shorter);
      }
    }
    if (size(doc) > maxDocument) {
      return JSON.writeValueAsString(minimal(doc));
    }
    return JSON.writeValueAsString(doc);
  }

  /** The identity, timing and outcome of {@code doc}, and a note that the rest did not fit. */
  private static ObjectNode minimal(ObjectNode doc) {
    ObjectNode out = JSON.createObjectNode();
    for (String field :
        new String[] {
          "name", "id", "trace_id", "parent_id", "type", "start_time", "end_time", "in_progress", "fault", "error",
          "throttle", "namespace"
        }) {
      if (doc.has(field)) {
        out.set(field, doc.get(field));
      }
    }
    JsonNode status = doc.path("http").path("response").path("status");
    if (!status.isMissingNode()) {
      out.putObject("http").putObject("response").set("status", status);
    }
    out.putObject("metadata")
        .putObject("quartet")
        .put("truncated", String.format(TRUNCATED, bytesOf(doc)).substring(1));
    return out;
  }

  private static void findLongestText(
      JsonNode node, Object parent, Object slot, TextNode[] longest, Object[] holder) {
    if (node instanceof TextNode) {
      if (!(slot instanceof String && IDENTITY.contains(slot))
          && (longest[0] == null || node.asText().length() > longest[0].asText().length())
          && !isTruncated(node)) {
        longest[0] = (TextNode) node;
        holder[0] = parent;
        holder[1] = slot;
      }
    } else if (node instanceof ObjectNode) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        findLongestText(e.getValue(), node, e.getKey(), longest, holder);
      }
    } else if (node instanceof ArrayNode) {
      for (int i = 0; i < node.size(); i++) {
        findLongestText(node.get(i), node, i, longest, holder);
      }
    }
  }

  private static boolean isTruncated(JsonNode value) {
    return value.isTextual() && value.asText().contains("[truncated by Quartet:");
  }

  /** {@code text} cut, with the marker, to a JSON string of at most {@code allowed} bytes (less a margin). */
  private static TextNode cut(String text, int allowed) throws JsonProcessingException {
    String marker = String.format(TRUNCATED, text.getBytes(StandardCharsets.UTF_8).length);
    int budget = allowed - 64;
    int keep = text.length();
    while (true) {
      if (keep > 0 && keep < text.length() && Character.isHighSurrogate(text.charAt(keep - 1))) {
        keep--;
      }
      TextNode shorter = new TextNode(text.substring(0, keep) + marker);
      int over = size(shorter) - budget;
      if (over <= 0 || keep == 0) {
        return shorter;
      }
      keep = Math.max(0, keep - over); // every character dropped saves at least one byte
    }
  }

  private static int size(JsonNode node) throws JsonProcessingException {
    return bytes(JSON.writeValueAsString(node));
  }

  private static int bytesOf(JsonNode node) {
    try {
      return size(node);
    } catch (JsonProcessingException e) {
      return -1;
    }
  }

  static int bytes(String s) {
    // Most documents are ASCII: count without encoding when possible.
    int n = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return s.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return n;
  }
}
