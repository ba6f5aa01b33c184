package dev.quartet.agent;

import dev.quartet.core.AgentLog;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Runs Quartet's last send when the JVM stops, <em>after</em> the app's own shutdown hooks have finished. The JVM
 * starts every {@link Runtime#addShutdownHook application hook} at once; a Quartet hook among them drained the
 * queues while Spring's graceful shutdown, Hikari, Tomcat and the app's {@code contextDestroyed} were still logging,
 * so the lines that tell why an app stopped were never shipped. The JDK runs its system hooks one slot after the
 * other, and slot 1 ({@code ApplicationShutdownHooks}) returns only when every application hook has finished; a
 * Runnable in a later slot runs after all of them. Registering one takes {@code JavaLangAccess}, which the agent's
 * {@link Instrumentation} may open to Quartet's module. While the app's hooks run, the backends' threads go on
 * sending as usual; the flush itself is bounded by the shutdown timeout, so the JVM exits at most that long after
 * the app's hooks are done. Where the JDK does not allow it, an ordinary hook is the fallback.
 */
final class FinalFlush {
  /** System hook slots tried, from the last: the JDK uses 0 (console), 1 (application hooks), 2 (delete on exit). */
  private static final int FIRST_FREE_SLOT = 3;
  private static final int MAX_SLOT = 9;

  private FinalFlush() {}

  /** Registers {@code flush}; returns where it runs, for the debug line. */
  static String register(Instrumentation inst, Runnable flush) {
    Runnable guarded =
        () -> {
          try {
            flush.run();
          } catch (Throwable t) {
            AgentLog.warn("shutdown: " + t);
          }
        };
    try {
      int slot = registerAfterApplicationHooks(inst, guarded);
      return "after the app's shutdown hooks (system hook slot " + slot + ")";
    } catch (Throwable t) {
      Runtime.getRuntime().addShutdownHook(new Thread(guarded, "quartet-shutdown"));
      return "in a shutdown hook beside the app's (" + t + ")";
    }
  }

  private static int registerAfterApplicationHooks(Instrumentation inst, Runnable hook) throws Exception {
    Object access = JdkInternals.javaLangAccess(inst);
    Method register = JdkInternals.javaLangAccessMethod("registerShutdownHook", int.class, boolean.class, Runnable.class);
    InvocationTargetException last = null;
    for (int slot = MAX_SLOT; slot >= FIRST_FREE_SLOT; slot--) {
      try {
        register.invoke(access, slot, false, hook);
        return slot;
      } catch (InvocationTargetException taken) {
        last = taken; // the slot is the JDK's in this version: try the one before
      }
    }
    throw last;
  }
}
