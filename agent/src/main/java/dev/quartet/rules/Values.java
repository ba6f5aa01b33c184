package dev.quartet.rules;

import java.lang.reflect.Array;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an expression gave → what a backend accepts. Text is truncated to {@link #MAX_TEXT} characters, lists and
 * maps to {@link #MAX_ITEMS} entries; a {@code toString()} that throws leaves the value out (null). The backends
 * still apply their own, smaller limits.
 */
public final class Values {
  public static final int MAX_TEXT = 4096;
  public static final int MAX_ITEMS = 128;
  private static final int MAX_DEPTH = 4;

  private Values() {}

  /**
   * An OTel attribute value: String, Long, Double, Boolean, or a List of one of those (mixed lists become Strings);
   * null when there is nothing to record.
   */
  public static Object attribute(Object value) {
    Object scalar = scalar(value);
    if (scalar != NOT_SCALAR) {
      return scalar;
    }
    List<Object> items = items(value);
    if (items == null) {
      return textOrNull(value);
    }
    List<Object> out = new ArrayList<>();
    Class<?> common = null;
    boolean mixed = false;
    for (Object item : items) {
      Object s = scalar(item);
      if (s == NOT_SCALAR) {
        s = textOrNull(item);
      }
      if (s == null) {
        continue;
      }
      if (common == null) {
        common = s.getClass();
      } else if (common != s.getClass()) {
        mixed = true;
      }
      out.add(s);
    }
    if (mixed) {
      out.replaceAll(Values::text);
    }
    return out;
  }

  /** An X-Ray annotation value: String, Long, Double or Boolean (anything else as its text); null to leave out. */
  public static Object annotation(Object value) {
    Object scalar = scalar(value);
    return scalar != NOT_SCALAR ? scalar : textOrNull(value);
  }

  /**
   * An X-Ray metadata value, JSON-able: String, Long, Double, Boolean, List and Map with String keys (nested up to 4
   * levels; deeper values as text); null to leave out.
   */
  public static Object metadata(Object value) {
    return json(value, 0);
  }

  /** Text for a template hole or a string concatenation: "" for null (and for a toString that throws), truncated. */
  public static String text(Object value) {
    String t = textOrNull(value);
    return t == null ? "" : t;
  }

  private static String textOrNull(Object value) {
    if (value == null) {
      return null;
    }
    try {
      Object scalar = scalar(value);
      if (scalar != NOT_SCALAR) {
        return String.valueOf(scalar);
      }
      return truncate(value.getClass().isArray() ? String.valueOf(items(value)) : String.valueOf(value));
    } catch (Throwable t) {
      return null;
    }
  }

  static String truncate(String s) {
    if (s == null || s.length() <= MAX_TEXT) {
      return s;
    }
    int end = MAX_TEXT - 3;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "...";
  }

  private static final Object NOT_SCALAR = new Object();

  /** String/Long/Double/Boolean for what has an obvious scalar form; null for null; NOT_SCALAR otherwise. */
  private static Object scalar(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof String) {
      return truncate((String) v);
    }
    if (v instanceof Boolean) {
      return v;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof CharSequence || v instanceof Character || v instanceof Number) {
      return truncate(v.toString());
    }
    if (v instanceof Enum) {
      return ((Enum<?>) v).name();
    }
    if (v instanceof TemporalAccessor) {
      return truncate(v.toString()); // java.time types print ISO-8601
    }
    if (v instanceof Date) {
      return ((Date) v).toInstant().toString();
    }
    return NOT_SCALAR;
  }

  /** The first MAX_ITEMS elements of a collection or array; null for anything else. */
  private static List<Object> items(Object v) {
    List<Object> out = new ArrayList<>();
    if (v instanceof Collection) {
      for (Object item : (Collection<?>) v) {
        if (out.size() == MAX_ITEMS) {
          break;
        }
        out.add(item);
      }
      return out;
    }
    if (v != null && v.getClass().isArray()) {
      int n = Math.min(Array.getLength(v), MAX_ITEMS);
      for (int i = 0; i < n; i++) {
        out.add(Array.get(v, i));
      }
      return out;
    }
    return null;
  }

  private static Object json(Object v, int depth) {
    try {
      Object scalar = scalar(v);
      if (scalar != NOT_SCALAR) {
        return scalar;
      }
      if (depth >= MAX_DEPTH) {
        return textOrNull(v);
      }
      if (v instanceof Map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          if (out.size() == MAX_ITEMS) {
            break;
          }
          out.put(text(e.getKey()), json(e.getValue(), depth + 1));
        }
        return out;
      }
      List<Object> items = items(v);
      if (items != null) {
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
          out.add(json(item, depth + 1));
        }
        return out;
      }
      return textOrNull(v);
    } catch (Throwable t) {
      return null; // a collection that fails to iterate, a toString that throws: left out
    }
  }
}
