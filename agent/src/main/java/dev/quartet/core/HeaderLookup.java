package dev.quartet.core;

/** Reads one request header, case-insensitively; null when absent. */
@FunctionalInterface
public interface HeaderLookup {
  String get(String name);
}
