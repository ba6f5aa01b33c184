package dev.quartet.backend.xray;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.SubsegmentImpl;
import dev.quartet.core.MethodSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subsegment of a span below the request — a method span, an outgoing call — with the span's id, nested in the
 * subsegment (or segment) of its nearest ancestor X-Ray records. A method's subsegment is named when the method
 * returns (its name may be a template over the result), which the SDK's entities cannot do, hence the subclass. One
 * that starts under an entity that has ended already is not added to it: it is sent alone when it ends.
 */
final class TreeSubsegment extends SubsegmentImpl {
  /** Metadata nesting deeper than this is written as text. */
  private static final int MAX_DEPTH = 8;

  private volatile String finalName;
  private final boolean detached;

  TreeSubsegment(AWSXRayRecorder recorder, String name, String id, Entity parent, double startTime) {
    super(recorder, name, segmentOf(parent));
    setId(id);
    setParent(parent);
    setStartTime(startTime);
    detached = !parent.isInProgress() || parent.isEmitted();
    if (!detached) {
      parent.addSubsegment(this);
    }
  }

  static Segment segmentOf(Entity entity) {
    return entity instanceof Segment ? (Segment) entity : entity.getParentSegment();
  }

  @Override
  public String getName() {
    String name = finalName;
    return name != null ? name : super.getName();
  }

  /** Sent alone when it ends: its segment has been sent, or it was never part of the tree. */
  boolean sendsAlone() {
    return detached || !getParentSegment().isInProgress();
  }

  /**
   * The method's outcome: its final name, annotations (String, Number, Boolean; anything else as text; keys made
   * indexable when the segment is sent), metadata under its namespaces, and what it threw — a fault with the cause
   * when it failed as an error, else only the cause.
   */
  void finish(MethodSpan method) {
    String name = SegmentNaming.valid(method.xraySubsegmentName());
    if (name != null) {
      finalName = name;
    }
    for (Map.Entry<String, Object> a : method.annotations().entrySet()) {
      Object v = a.getValue();
      if (v instanceof Boolean) {
        putAnnotation(a.getKey(), (Boolean) v);
      } else if (v instanceof Number) {
        putAnnotation(a.getKey(), (Number) v);
      } else {
        putAnnotation(a.getKey(), String.valueOf(v));
      }
    }
    for (Map.Entry<String, Map<String, Object>> ns : method.metadata().entrySet()) {
      for (Map.Entry<String, Object> kv : ns.getValue().entrySet()) {
        putMetadata(ns.getKey(), kv.getKey(), json(kv.getValue(), 0));
      }
    }
    Throwable thrown = method.thrown();
    if (thrown != null) {
      addException(thrown);
      setFault(method.error() != null);
    }
    endAt(method.endEpochNanos());
  }

  void endAt(long endEpochNanos) {
    setEndTime(endEpochNanos / 1e9);
    setInProgress(false);
  }

  /**
   * Only what JSON has, so that serialising never calls into an app object: maps and lists of strings, numbers and
   * booleans; anything else as its text.
   */
  static Object json(Object v, int depth) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (depth < MAX_DEPTH && v instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        out.put(String.valueOf(e.getKey()), json(e.getValue(), depth + 1));
      }
      return out;
    }
    if (depth < MAX_DEPTH && v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object e : (List<?>) v) {
        out.add(json(e, depth + 1));
      }
      return out;
    }
    return String.valueOf(v);
  }
}
