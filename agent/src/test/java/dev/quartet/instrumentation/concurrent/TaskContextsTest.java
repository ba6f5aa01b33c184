package dev.quartet.instrumentation.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.core.CurrentRequest;
import dev.quartet.core.ServerRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The association of a handed-over task with its context ({@link TaskContexts}), without bytecode: the advice's
 * calls are made by hand. What the instrumented JDK pools do with it is {@code ThreadHandOffIT}'s (sample-app).
 */
class TaskContextsTest {
  /** A loader of no class here: the test's tasks are the app's, not Quartet's. */
  private final TaskContexts contexts = new TaskContexts(new ClassLoader(null) {});

  @AfterEach
  void clear() {
    CurrentRequest.restore(null);
  }

  private static ServerRequest request() {
    return new ServerRequest().method("GET").scheme("http").path("/");
  }

  /** Runs {@code task} as a pool thread would, on another thread, and returns the request it saw current. */
  private Object runElsewhere(Runnable task) throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      return CompletableFuture.supplyAsync(() -> {
        Object token = contexts.starting(task);
        try {
          task.run();
          return CurrentRequest.get();
        } finally {
          if (token != null) {
            contexts.ended(token);
          }
        }
      }, other).get(30, TimeUnit.SECONDS);
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void aTaskRunsInTheContextItWasHandedOverIn() throws Exception {
    ServerRequest request = request();
    CurrentRequest.enter(request);
    Runnable task = () -> {};
    contexts.submitted(task);
    CurrentRequest.restore(null);
    assertSame(request, runElsewhere(task));
  }

  @Test
  void theThreadsOwnContextComesBackWhenTheTaskEnds() {
    ServerRequest submitter = request();
    ServerRequest own = request();
    Runnable task = () -> {};
    CurrentRequest.enter(submitter);
    contexts.submitted(task);
    CurrentRequest.restore(own);
    Object token = contexts.starting(task);
    assertSame(submitter, CurrentRequest.get());
    contexts.ended(token);
    assertSame(own, CurrentRequest.get());

    CurrentRequest.enter(submitter);
    contexts.submitted(task);
    CurrentRequest.restore(null);
    token = contexts.starting(task);
    contexts.ended(token);
    assertNull(CurrentRequest.get(), "a thread that had none has none again");
  }

  @Test
  void withoutAContextNothingIsKeptAndNothingAttached() {
    Runnable task = () -> {};
    contexts.submitted(task);
    assertEquals(0, contexts.waiting());
    assertNull(contexts.starting(task));
    assertNull(CurrentRequest.get());
  }

  @Test
  void aContextIsTakenOnce() throws Exception {
    CurrentRequest.enter(request());
    Runnable task = () -> {};
    contexts.submitted(task);
    CurrentRequest.restore(null);
    runElsewhere(task);
    assertNull(runElsewhere(task), "a second run (a periodic task's) carries nothing");
    assertEquals(0, contexts.waiting());
  }

  @Test
  void quartetsOwnTasksAndThreadsTakeNoContext() {
    TaskContexts quartets = new TaskContexts(TaskContextsTest.class.getClassLoader());
    CurrentRequest.enter(request());
    quartets.submitted((Runnable) () -> {}); // a lambda of a class of Quartet's loader
    contexts.submitted(new Thread(() -> {}, TaskContexts.QUARTET_THREADS + "sender"));
    assertEquals(0, quartets.waiting());
    assertEquals(0, contexts.waiting());
  }

  @Test
  void aNewThreadAndTheAppsSubclassTakeTheContext() {
    CurrentRequest.enter(request());
    contexts.submitted(new Thread(() -> {}, "app-worker"));
    contexts.submitted(new Thread("app-subclass") {});
    assertEquals(2, contexts.waiting());
  }

  @Test
  void aThreadWhoseRunIsNotInstrumentedHoldsNoContext() {
    CurrentRequest.enter(request());
    // a run of its own, in a package Quartet never instruments (dev.quartet.*, as Logback's or Netty's threads)
    contexts.submitted(new Thread("ignored-subclass") {
      @Override
      public void run() {}
    });
    assertEquals(0, contexts.waiting());
  }

  @Test
  void aTaskTheAppDropsIsNotKept() throws Exception {
    CurrentRequest.enter(request());
    contexts.submitted(new Object()); // never runs, and nobody holds it
    CurrentRequest.restore(null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (contexts.waiting() > 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(0, contexts.waiting());
  }

  @Test
  void aTaskStartedOnAThreadWithAnotherContextRunsInItsOwn() throws Exception {
    ServerRequest first = request();
    ServerRequest second = request();
    CurrentRequest.enter(first);
    Runnable task = () -> {};
    contexts.submitted(task);
    CurrentRequest.enter(second);
    Object token = contexts.starting(task);
    assertSame(first, CurrentRequest.get());
    contexts.ended(token);
    assertSame(second, CurrentRequest.get());
    assertTrue(contexts.waiting() == 0);
  }
}
