package dev.quartet.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The core: gives each captured request its one trace identity (continuing the caller's, else a fresh X-Ray
 * compatible id) and fans requests, log records and uncaught exceptions out to every enabled backend, isolating
 * their failures from each other and from the app.
 */
public final class Dispatcher {
  private final Backend[] backends;

  public Dispatcher(List<Backend> backends) {
    this.backends = backends.toArray(new Backend[0]);
  }

  public List<Backend> backends() {
    return Collections.unmodifiableList(java.util.Arrays.asList(backends));
  }

  public void start(ServerRequest request, HeaderLookup headers) {
    IncomingTrace incoming = IncomingTrace.extract(headers);
    request.incoming = incoming;
    request.traceId = incoming.traceId() != null ? incoming.traceId() : TraceIds.newTraceId();
    request.spanId = TraceIds.newSpanId();
    request.sampled = incoming.sampled() == null || incoming.sampled();
    request.backendState = new Object[backends.length];
    for (int i = 0; i < backends.length; i++) {
      try {
        backends[i].onRequestStart(request, i);
      } catch (Throwable t) {
        AgentLog.warnOnce(backends[i].name() + ".start", backends[i].name() + ": failed to record a request", t);
      }
    }
  }

  public void end(ServerRequest request) {
    for (int i = 0; i < backends.length; i++) {
      try {
        backends[i].onRequestEnd(request, i);
      } catch (Throwable t) {
        AgentLog.warnOnce(backends[i].name() + ".end", backends[i].name() + ": failed to record a request", t);
      }
    }
  }

  /** An outgoing call made inside {@code call.parent()} starts: every backend may add its propagation headers. */
  public void clientStart(ClientRequest call) {
    call.backendState = new Object[backends.length];
    for (int i = 0; i < backends.length; i++) {
      try {
        backends[i].onClientStart(call, i);
      } catch (Throwable t) {
        AgentLog.warnOnce(backends[i].name() + ".client", backends[i].name() + ": failed to record a call", t);
      }
    }
  }

  public void clientEnd(ClientRequest call) {
    for (int i = 0; i < backends.length; i++) {
      try {
        backends[i].onClientEnd(call, i);
      } catch (Throwable t) {
        AgentLog.warnOnce(backends[i].name() + ".client.end", backends[i].name() + ": failed to record a call", t);
      }
    }
  }

  /**
   * A method span starts on this thread, child of the thread's innermost current span. With no current span it is
   * recorded only when {@code startsTrace} (a new trace, new ids, sampled by the backends' rules) and is otherwise
   * not recorded: returns null. The returned span is current on this thread until {@link #methodEnd}.
   */
  public MethodSpan methodStart(MethodSpan span, boolean startsTrace) {
    Span parent = CurrentRequest.span();
    if (parent == null) {
      if (!startsTrace) {
        return null;
      }
      span.traceId = TraceIds.newTraceId();
    } else {
      span.parent = parent;
      span.traceId = parent.traceId();
      span.parentSpanId = parent.spanId();
      span.sampled = parent.sampled();
    }
    span.spanId = TraceIds.newSpanId();
    span.backendState = new Object[backends.length];
    span.startThread = Thread.currentThread();
    span.previousContext = CurrentRequest.attach(span);
    for (int i = 0; i < backends.length; i++) {
      try {
        backends[i].onSpanStart(span, i);
      } catch (Throwable t) {
        AgentLog.warnOnce(backends[i].name() + ".span", backends[i].name() + ": failed to record a method span", t);
      }
    }
    return span;
  }

  /**
   * Ends {@code span} (end time now), puts back on its thread the context {@link #methodStart} replaced, and lets
   * every backend record it. Ended on another thread, it leaves that thread's context alone.
   */
  public void methodEnd(MethodSpan span) {
    if (span == null || span.ended()) {
      return;
    }
    span.endNow();
    if (span.startThread == Thread.currentThread()) {
      CurrentRequest.restoreSnapshot(span.previousContext);
    }
    span.previousContext = null;
    span.startThread = null;
    for (int i = 0; i < backends.length; i++) {
      try {
        backends[i].onSpanEnd(span, i);
      } catch (Throwable t) {
        AgentLog.warnOnce(
            backends[i].name() + ".span.end", backends[i].name() + ": failed to record a method span", t);
      }
    }
  }

  /** A log record of the app; records of Quartet itself and of its relocated libraries never get here. */
  public void log(LogEvent event) {
    if (AgentLog.isDebug()) {
      Span s = event.span();
      AgentLog.debug(
          "captured " + event.library() + " " + event.levelName() + " " + event.loggerName()
              + (s == null ? "" : " in trace " + s.traceId() + " span " + s.spanId()));
    }
    for (int i = 0; i < backends.length; i++) {
      try {
        backends[i].onLog(event);
      } catch (Throwable t) {
        AgentLog.warnOnce(backends[i].name() + ".log", backends[i].name() + ": failed to take a log record", t);
      }
    }
  }

  /** An exception no code caught, on any thread; {@code request} is the request it escaped from, or null. */
  public void uncaughtException(Thread thread, Throwable error, ServerRequest request) {
    for (int i = 0; i < backends.length; i++) {
      try {
        backends[i].onUncaughtException(thread, error, request);
      } catch (Throwable t) {
        AgentLog.warnOnce(
            backends[i].name() + ".uncaught", backends[i].name() + ": failed to take an uncaught exception", t);
      }
    }
  }

  private static String pendingOf(Backend backend) {
    try {
      return backend.pending();
    } catch (Throwable t) {
      return null;
    }
  }

  /** Shuts every backend down in parallel; returns once all are done or {@code timeout} has passed. */
  public void shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (Backend backend : backends) {
      Thread t =
          new Thread(
              () -> {
                try {
                  backend.shutdown(timeout);
                } catch (Throwable e) {
                  AgentLog.warn(backend.name() + ": shutdown failed: " + e);
                }
              },
              "quartet-shutdown-" + backend.name());
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        t.join(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (int i = 0; i < threads.size(); i++) {
      if (threads.get(i).isAlive()) {
        String pending = pendingOf(backends[i]);
        AgentLog.warn(backends[i].name() + ": did not finish sending within " + timeout.toMillis() + " ms; dropped "
            + (pending == null ? "what was still waiting" : pending));
      }
    }
  }
}
