package dev.quartet.backend.rollbar;

import dev.quartet.core.ThrowableCopy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Caps an error storm: each distinct error (see {@link #key}) gets at most {@code maxPerWindow} items a minute. The
 * rest are counted, and when the minute is over one more item reports them: the first suppressed occurrence, with
 * {@code custom.suppressed_occurrences} saying how many others it stands for. 10,000 identical exceptions in a
 * minute thus make {@code maxPerWindow + 1} items, and the counts still add up to 10,000.
 */
final class StormCap {
  static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** Distinct errors tracked at once; beyond that, new ones pass uncapped (the queue bound still holds). */
  static final int MAX_KEYS = 1000;
  static final int MAX_KEY_CHAIN = 8;

  enum Decision {
    /** Send it. */
    SEND,
    /** Suppressed, and the first of its window: hand it to {@link #keep} for the summary. */
    KEEP,
    /** Suppressed and counted. */
    DROP
  }

  private static final class Window {
    final long start;
    int admitted;
    int suppressed;
    Occurrence first;

    Window(long start) {
      this.start = start;
    }
  }

  private final int maxPerWindow;
  private final Map<String, Window> windows = new HashMap<>();
  private final List<Occurrence> ended = new ArrayList<>();

  StormCap(int maxPerWindow) {
    this.maxPerWindow = maxPerWindow;
  }

  synchronized Decision admit(String key, long nowNanos) {
    Window w = windows.get(key);
    if (w != null && nowNanos - w.start >= WINDOW_NANOS) {
      close(w);
      windows.remove(key);
      w = null;
    }
    if (w == null) {
      if (windows.size() >= MAX_KEYS) {
        closeEnded(nowNanos);
        if (windows.size() >= MAX_KEYS) {
          return Decision.SEND;
        }
      }
      w = new Window(nowNanos);
      windows.put(key, w);
    }
    if (w.admitted < maxPerWindow) {
      w.admitted++;
      return Decision.SEND;
    }
    w.suppressed++;
    return w.suppressed == 1 ? Decision.KEEP : Decision.DROP;
  }

  /** The first suppressed occurrence of {@code key}'s current window, which its summary will report. */
  synchronized void keep(String key, Occurrence occurrence) {
    Window w = windows.get(key);
    if (w != null && w.first == null) {
      w.first = occurrence;
    }
  }

  /** Summary items of the windows that have ended (called by the sender thread about once a second). */
  synchronized List<Occurrence> drainEnded(long nowNanos) {
    closeEnded(nowNanos);
    return drained();
  }

  /** Summary items of every window, ended or not (at shutdown). */
  synchronized List<Occurrence> drainAll() {
    for (Window w : windows.values()) {
      close(w);
    }
    windows.clear();
    return drained();
  }

  private void closeEnded(long nowNanos) {
    for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
      Window w = it.next();
      if (nowNanos - w.start >= WINDOW_NANOS) {
        close(w);
        it.remove();
      }
    }
  }

  private void close(Window w) {
    if (w.suppressed > 0 && w.first != null) {
      ended.add(w.first.withSuppressed(w.suppressed - 1));
    }
  }

  private List<Occurrence> drained() {
    if (ended.isEmpty()) {
      return java.util.Collections.emptyList();
    }
    List<Occurrence> out = new ArrayList<>(ended);
    ended.clear();
    return out;
  }

  /**
   * What makes two occurrences the same error: the level, the logger, and each exception of the cause chain by class
   * and the frame that threw it (Rollbar groups by class and frames too); a message without an exception by its
   * text.
   */
  static String key(Occurrence o) {
    StringBuilder k = new StringBuilder(128);
    k.append(o.level).append('|').append(o.logger == null ? "" : o.logger).append('|');
    if (o.error == null) {
      return k.append(o.message).toString();
    }
    int depth = 0;
    for (Throwable t = o.error; t != null && depth < MAX_KEY_CHAIN; t = t.getCause(), depth++) {
      k.append(ThrowableCopy.typeName(t));
      StackTraceElement[] frames = t.getStackTrace();
      if (frames.length > 0) {
        k.append('@').append(frames[0]);
      }
      k.append(';');
    }
    return k.toString();
  }
}
