package dev.quartet.backend.xray;

import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Subsegment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * X-Ray indexes (and lets filter expressions use) only annotation keys of ASCII letters, digits and underscores; the
 * SDK accepts any key and the service then ignores it. Keys are made indexable instead — every other character
 * becomes '_' — and a key that would collide with another gets a numeric suffix, so no annotation is lost.
 */
final class Annotations {
  private Annotations() {}

  static String indexableKey(String key) {
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      out.append(ok ? c : '_');
    }
    return out.length() == 0 ? "_" : out.toString();
  }

  /** Makes every annotation key of {@code entity} and its subsegments indexable. */
  static void makeIndexable(Entity entity) {
    Map<String, Object> annotations = entity.getAnnotations();
    if (annotations != null && !annotations.isEmpty() && !allIndexable(annotations)) {
      Map<String, Object> renamed = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : annotations.entrySet()) {
        String key = indexableKey(e.getKey());
        String unique = key;
        for (int n = 2; renamed.containsKey(unique) || (!unique.equals(e.getKey()) && annotations.containsKey(unique));
            n++) {
          unique = key + "_" + n;
        }
        renamed.put(unique, e.getValue());
      }
      annotations.clear();
      annotations.putAll(renamed);
    }
    for (Subsegment child : entity.getSubsegmentsCopy()) {
      makeIndexable(child);
    }
  }

  private static boolean allIndexable(Map<String, Object> annotations) {
    for (String key : annotations.keySet()) {
      if (!indexableKey(key).equals(key)) {
        return false;
      }
    }
    return true;
  }
}
