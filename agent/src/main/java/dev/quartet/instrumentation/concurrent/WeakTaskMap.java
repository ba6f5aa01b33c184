package dev.quartet.instrumentation.concurrent;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tasks (by identity, held weakly) to the context they were handed over in. A task the app drops without it ever
 * running (removed from its queue, cancelled, returned by {@code shutdownNow}) is collected as usual, and its entry
 * goes at the next {@link #put}.
 */
final class WeakTaskMap {
  private final ConcurrentHashMap<Object, Object> entries = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

  void put(Object task, Object context) {
    expunge();
    entries.put(new Key(task, collected), context);
  }

  /** The context of {@code task}, removed: a task runs with it once. Null if it has none. */
  Object take(Object task) {
    return entries.isEmpty() ? null : entries.remove(new Lookup(task));
  }

  int size() {
    expunge();
    return entries.size();
  }

  private void expunge() {
    for (Object k; (k = collected.poll()) != null; ) {
      entries.remove(k);
    }
  }

  /** The stored key: equal to itself and to a {@link Lookup} of the same task. */
  private static final class Key extends WeakReference<Object> {
    private final int hash;

    Key(Object task, ReferenceQueue<Object> queue) {
      super(task, queue);
      this.hash = System.identityHashCode(task);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (other == this) {
        return true;
      }
      Object task = get();
      return task != null && other instanceof Lookup && ((Lookup) other).task == task;
    }
  }

  /** A probe for {@link Key}s of one task; never stored. */
  private static final class Lookup {
    private final Object task;

    Lookup(Object task) {
      this.task = task;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(task);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key && ((Key) other).get() == task;
    }
  }
}
