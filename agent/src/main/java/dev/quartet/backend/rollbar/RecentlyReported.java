package dev.quartet.backend.rollbar;

import java.lang.ref.WeakReference;

/**
 * One failure, one item. An exception is often reported twice: the app logs it and rethrows it out of the request,
 * or it escapes the servlet and the container then logs it, or a thread's handler logs what killed the thread. Each
 * exception object (and each cause in its chain) reported in the last {@link #WINDOW_MILLIS} is remembered here, with
 * the request it belonged to; a second report of the same object, or of a wrapper around it, is the same failure when
 * it comes from the same request or from outside any request. The same object thrown by two requests (a
 * preallocated exception) is two failures.
 */
final class RecentlyReported {
  static final long WINDOW_MILLIS = 30_000;
  static final int CAPACITY = 512;
  static final int MAX_CHAIN = 16;

  private final WeakReference<?>[] throwables = new WeakReference<?>[CAPACITY];
  private final String[] requests = new String[CAPACITY];
  private final long[] times = new long[CAPACITY];
  private int next;

  /**
   * True when {@code error} (or one of its causes) was reported recently for the same request; otherwise it is
   * remembered and false is returned. {@code requestId} is null outside requests.
   */
  synchronized boolean seenElseRemember(Throwable error, String requestId, long nowMillis) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < MAX_CHAIN; t = t.getCause(), depth++) {
      if (indexOf(t, requestId, nowMillis) >= 0) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    depth = 0;
    for (Throwable t = error; t != null && depth < MAX_CHAIN; t = t.getCause(), depth++) {
      throwables[next] = new WeakReference<>(t);
      requests[next] = requestId;
      times[next] = nowMillis;
      next = (next + 1) % CAPACITY;
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private int indexOf(Throwable t, String requestId, long nowMillis) {
    for (int i = 0; i < CAPACITY; i++) {
      WeakReference<?> ref = throwables[i];
      if (ref == null || ref.get() != t || nowMillis - times[i] > WINDOW_MILLIS) {
        continue;
      }
      String other = requests[i];
      if (requestId == null || other == null || requestId.equals(other)) {
        return i;
      }
    }
    return -1;
  }
}
