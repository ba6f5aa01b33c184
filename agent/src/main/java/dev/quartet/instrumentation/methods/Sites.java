package dev.quartet.instrumentation.methods;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every instrumented method's {@link Site}, by the number its advice passes to the bridge. Written while classes are
 * instrumented, read on every call: the array is read without a lock. A method (class name and descriptor) keeps its
 * number when its class is instrumented again (retransformed, or loaded by another class loader).
 */
final class Sites {
  /** Sites beyond this many are not instrumented (a rule such as {@code *} on a huge app): reported once. */
  static final int MAX_SITES = 65_536;

  private volatile AtomicReferenceArray<Site> byNumber = new AtomicReferenceArray<>(256);
  private final Map<String, Integer> byMethod = new ConcurrentHashMap<>();
  private final Set<Object> matchedRules = ConcurrentHashMap.newKeySet();
  private int count;

  /** The site numbered {@code number}, or null. */
  Site get(int number) {
    AtomicReferenceArray<Site> sites = byNumber;
    return number >= 0 && number < sites.length() ? sites.get(number) : null;
  }

  /** The number of the method {@code methodKey} ({@link #key}), or -1 when it has no site. */
  int numberOf(String methodKey) {
    Integer n = byMethod.get(methodKey);
    return n == null ? -1 : n;
  }

  /** Numbers {@code site} for {@code methodKey}, or keeps the number it already has; -1 when there are too many. */
  synchronized int register(String methodKey, Site site) {
    Integer known = byMethod.get(methodKey);
    if (known != null) {
      return known;
    }
    if (count >= MAX_SITES) {
      return -1;
    }
    int number = count++;
    AtomicReferenceArray<Site> sites = byNumber;
    if (number >= sites.length()) {
      AtomicReferenceArray<Site> grown = new AtomicReferenceArray<>(sites.length() * 2);
      for (int i = 0; i < sites.length(); i++) {
        grown.set(i, sites.get(i));
      }
      sites = grown;
    }
    sites.set(number, site);
    byNumber = sites;
    byMethod.put(methodKey, number);
    if (site.rule != null) {
      matchedRules.add(site.rule);
    }
    return number;
  }

  /** Whether {@code rule} has named some method so far. */
  boolean matched(Object rule) {
    return matchedRules.contains(rule);
  }

  synchronized int size() {
    return count;
  }

  /** A method's identity across class loaders: its class name, name and descriptor. */
  static String key(String className, String methodName, String descriptor) {
    return className + '#' + methodName + descriptor;
  }

  /** The sites so far, for tests. */
  synchronized List<Site> all() {
    List<Site> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(byNumber.get(i));
    }
    return Collections.unmodifiableList(all);
  }
}
