package dev.quartet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The core's span tree: ids and parents of method spans, and the thread's context around them. */
class DispatcherSpansTest {
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Dispatcher dispatcher = new Dispatcher(List.of(new Backend() {
        @Override public String name() { return "recording"; }
        @Override public String describe() { return ""; }
        @Override public void onRequestStart(ServerRequest request, int index) { calls.add("request " + request.spanId()); }
        @Override public void onRequestEnd(ServerRequest request, int index) { }
        @Override public void onSpanStart(Span span, int index) { calls.add("start " + span.name()); }
        @Override public void onSpanEnd(Span span, int index) { calls.add("end " + span.name()); }
        @Override public void shutdown(Duration timeout) { }
    }));

    @AfterEach
    void noContextLeft() {
        CurrentRequest.restoreSnapshot(null);
    }

    private ServerRequest request() {
        ServerRequest r = new ServerRequest().method("GET").path("/x");
        Map<String, String> none = Map.of();
        dispatcher.start(r, none::get);
        return r;
    }

    private static MethodSpan method(String name) {
        return new MethodSpan(name, Span.Kind.INTERNAL, true, true);
    }

    @Test
    void methodSpansNestUnderTheRequestWithOneTraceIdAndTheThreadsContextComesBack() {
        ServerRequest request = request();
        Span before = CurrentRequest.enter(request);
        assertNull(before);

        MethodSpan outer = dispatcher.methodStart(method("outer"), false);
        assertSame(outer, CurrentRequest.span());
        assertSame(request, CurrentRequest.get(), "get() is still the request of the innermost span");
        MethodSpan inner = dispatcher.methodStart(method("inner"), false);
        ClientRequest call = new ClientRequest(CurrentRequest.span(), "test", "GET", "http://b/", "b", 80);

        assertEquals(request.traceId(), outer.traceId());
        assertEquals(request.traceId(), inner.traceId());
        assertEquals(request.traceId(), call.traceId());
        assertEquals(request.spanId(), outer.parentSpanId());
        assertEquals(outer.spanId(), inner.parentSpanId());
        assertEquals(inner.spanId(), call.parentSpanId());
        assertSame(request, inner.request());
        assertSame(request, call.request());
        assertNotEquals(outer.spanId(), inner.spanId());

        dispatcher.methodEnd(inner);
        assertSame(outer, CurrentRequest.span());
        dispatcher.methodEnd(outer);
        assertSame(request, CurrentRequest.span());
        assertTrue(inner.endEpochNanos() >= inner.startEpochNanos());
        CurrentRequest.restore(before);
        assertNull(CurrentRequest.span());
        assertEquals(
            List.of("request " + request.spanId(), "start outer", "start inner", "end inner", "end outer"), calls);
    }

    @Test
    void outsideAnyRequestAMethodSpanIsRecordedOnlyWhenItStartsATrace() {
        assertNull(dispatcher.methodStart(method("ignored"), false));
        assertNull(CurrentRequest.span());
        assertEquals(List.of(), calls);

        MethodSpan job = dispatcher.methodStart(method("job"), true);
        assertNotNull(job);
        assertNull(job.parent());
        assertNull(job.parentSpanId());
        assertNull(job.request());
        assertEquals(32, job.traceId().length());
        assertEquals(16, job.spanId().length());
        MethodSpan step = dispatcher.methodStart(method("step"), true);
        assertSame(job, step.parent(), "inside a trace, a span that could start one is a child");
        assertEquals(job.traceId(), step.traceId());
        dispatcher.methodEnd(step);
        dispatcher.methodEnd(job);
        assertNull(CurrentRequest.span(), "nothing left on the thread");
    }

    @Test
    void anEndOnAnotherThreadLeavesThatThreadsContextAloneAndIsRecordedOnce() throws Exception {
        ServerRequest request = request();
        ServerRequest other = request();
        Span before = CurrentRequest.enter(request);
        MethodSpan span = dispatcher.methodStart(method("handed-off"), false);
        AtomicReference<Span> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            Object previous = CurrentRequest.attach(other);
            dispatcher.methodEnd(span);
            seen.set(CurrentRequest.span());
            CurrentRequest.restoreSnapshot(previous);
        });
        t.start();
        t.join(30_000);
        assertSame(other, seen.get());
        assertTrue(span.ended());
        dispatcher.methodEnd(span);
        assertEquals(1, calls.stream().filter(c -> c.equals("end handed-off")).count());
        CurrentRequest.restore(before);
    }

    @Test
    void anInnerSpanLeftOpenDoesNotStayCurrentOnceItsOuterEnds() {
        ServerRequest request = request();
        Span before = CurrentRequest.enter(request);
        MethodSpan outer = dispatcher.methodStart(method("outer"), false);
        dispatcher.methodStart(method("never-ended"), false);
        dispatcher.methodEnd(outer);
        assertSame(request, CurrentRequest.span(), "methodEnd puts back exactly what methodStart replaced");
        CurrentRequest.restore(before);
    }

    @Test
    void aSnapshotCarriesTheInnermostSpanToAnotherThread() throws Exception {
        ServerRequest request = request();
        Span before = CurrentRequest.enter(request);
        MethodSpan span = dispatcher.methodStart(method("m"), false);
        AtomicReference<Span> inTask = new AtomicReference<>();
        AtomicReference<Span> after = new AtomicReference<>();
        Runnable task = CurrentRequest.carrying(CurrentRequest.capture(), () -> inTask.set(CurrentRequest.span()));
        Thread t = new Thread(() -> {
            task.run();
            after.set(CurrentRequest.span());
        });
        t.start();
        t.join(30_000);
        assertSame(span, inTask.get());
        assertNull(after.get());
        dispatcher.methodEnd(span);
        CurrentRequest.restore(before);
    }

    @Test
    void aLogRecordNamesTheInnermostSpan() {
        ServerRequest request = request();
        Span before = CurrentRequest.enter(request);
        MethodSpan span = dispatcher.methodStart(method("m"), false);
        LogEvent e = new LogEvent("jul", 0, LogEvent.Level.INFO, "INFO", "l", "t", "m", null, CurrentRequest.span());
        assertSame(span, e.span());
        assertSame(request, e.request());
        dispatcher.methodEnd(span);
        CurrentRequest.restore(before);
    }
}
