package dev.quartet.backend.rollbar;

import com.rollbar.api.payload.data.Level;
import com.rollbar.api.payload.data.Person;
import com.rollbar.api.payload.data.Request;
import java.util.Collections;
import java.util.List;

/**
 * What happened, as captured on the app thread: what can only be read there (the live request, the thread, the
 * moment) and the throwable itself. The sender thread turns it into a Rollbar item later, so an app thread never
 * builds or serialises a payload. Filled once by {@link RollbarBackend}, then only read.
 */
final class Occurrence implements Cloneable {
  Level level;
  Throwable error;
  /** The log record's message, or null for an uncaught exception. */
  String message;
  String logger;
  String logLevel;
  String thread;
  long epochMillis;
  boolean uncaught;
  String context;
  Request request;
  Person person;
  String traceId;
  String spanId;
  /** Values of scrubbed headers and query parameters ({@link Scrubber#forFreeText}), masked in the item's text. */
  List<String> secrets = Collections.emptyList();
  /** For a storm's summary item: how many more occurrences it stands for. */
  int suppressed;

  /** The same occurrence, standing for {@code count} more that the storm cap did not send one by one. */
  Occurrence withSuppressed(int count) {
    try {
      Occurrence copy = (Occurrence) clone();
      copy.suppressed = count;
      return copy;
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }
}
