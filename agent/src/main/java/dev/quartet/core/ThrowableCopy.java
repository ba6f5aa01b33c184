package dev.quartet.core;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A copy of an app's throwable that holds nothing of the app: its class name, message and frames (and those of its
 * causes and suppressed exceptions), as strings and {@link StackTraceElement}s. What a backend queues must not be the
 * app's exception itself: an exception of an app class (or one whose VM backtrace still names app classes, or whose
 * fields hold app objects) keeps the app's class loader alive for as long as the event waits, and while a backend is
 * unreachable that is as long as the queue is not drained; after a web app's undeploy, that is a leaked class loader.
 * {@link #toString()} and so {@code printStackTrace} print the original class name.
 */
public final class ThrowableCopy extends Throwable {
  private static final long serialVersionUID = 1L;
  /** Causes and suppressed exceptions copied at most: a longer chain is cut, a cycle never followed twice. */
  static final int MAX_COPIED = 64;

  private final String typeName;
  private final String text;

  private ThrowableCopy(String typeName, String message) {
    super(message); // the cause is set once, by initCause
    this.typeName = typeName;
    this.text = message == null ? typeName : typeName + ": " + message;
  }

  /** A copy of {@code t}; {@code t} itself when it is a copy already; null for null. Never throws. */
  public static Throwable of(Throwable t) {
    if (t == null || t instanceof ThrowableCopy) {
      return t;
    }
    try {
      return copy(t, new IdentityHashMap<>(), new int[1]);
    } catch (Throwable broken) {
      return new ThrowableCopy(t.getClass().getName(), "(could not be copied: " + broken.getClass().getName() + ")");
    }
  }

  private static ThrowableCopy copy(Throwable t, Map<Throwable, ThrowableCopy> copied, int[] count) {
    ThrowableCopy copy = new ThrowableCopy(t.getClass().getName(), messageOf(t));
    copied.put(t, copy);
    count[0]++;
    try {
      copy.setStackTrace(t.getStackTrace());
    } catch (Throwable broken) {
      // an app override of getStackTrace that fails: the copy has no frames
    }
    Throwable cause = causeOf(t);
    if (cause != null) {
      ThrowableCopy known = copied.get(cause);
      if (known != null) {
        copy.initCause(known); // printStackTrace shows the cycle as Throwable does
      } else if (count[0] < MAX_COPIED) {
        copy.initCause(copy(cause, copied, count));
      }
    }
    for (Throwable s : suppressedOf(t)) {
      if (count[0] >= MAX_COPIED) {
        break;
      }
      ThrowableCopy known = copied.get(s);
      if (s != null && known != copy) {
        copy.addSuppressed(known != null ? known : copy(s, copied, count));
      }
    }
    return copy;
  }

  private static String messageOf(Throwable t) {
    try {
      return t.getLocalizedMessage();
    } catch (Throwable broken) {
      return "(getMessage() threw " + broken.getClass().getName() + ")";
    }
  }

  private static Throwable causeOf(Throwable t) {
    try {
      Throwable c = t.getCause();
      return c == t ? null : c;
    } catch (Throwable broken) {
      return null;
    }
  }

  private static Throwable[] suppressedOf(Throwable t) {
    try {
      return t.getSuppressed();
    } catch (Throwable broken) {
      return new Throwable[0];
    }
  }

  /** The class name of {@code t}, of the original when {@code t} is a copy. */
  public static String typeName(Throwable t) {
    return t instanceof ThrowableCopy ? ((ThrowableCopy) t).typeName : t.getClass().getName();
  }

  /** The copied frames are the stack: nothing of the copying thread's. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  @Override
  public String toString() {
    return text;
  }
}
