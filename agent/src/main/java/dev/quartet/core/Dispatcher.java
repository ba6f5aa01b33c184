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

  /** An outgoing call of {@code call.parent()} starts: every backend may add its propagation headers. */
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

  /** A log record of the app; records of Quartet itself and of its relocated libraries never get here. */
  public void log(LogEvent event) {
    if (AgentLog.isDebug()) {
      ServerRequest r = event.request();
      AgentLog.debug(
          "captured " + event.library() + " " + event.levelName() + " " + event.loggerName()
              + (r == null ? "" : " in trace " + r.traceId() + " span " + r.spanId()));
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
