package dev.quartet.fuzz;

import dev.quartet.core.Backend;
import dev.quartet.core.ClientRequest;
import dev.quartet.core.LogEvent;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.Span;
import java.time.Duration;
import java.util.List;

/**
 * A backend as the dispatcher sees it, except that what it throws is also remembered: the dispatcher isolates a
 * failing backend (one warning line), which would otherwise hide a failure from the suites.
 */
final class CheckedBackend implements Backend {
    private final Backend b;
    private final List<Throwable> escaped;

    private CheckedBackend(Backend b, List<Throwable> escaped) {
        this.b = b;
        this.escaped = escaped;
    }

    static Backend of(List<Throwable> escaped, Backend b) {
        return new CheckedBackend(b, escaped);
    }

    @Override public String name() { return b.name(); }
    @Override public String describe() { return b.describe(); }
    @Override public void onRequestStart(ServerRequest r, int i) { run(() -> b.onRequestStart(r, i)); }
    @Override public void onRequestEnd(ServerRequest r, int i) { run(() -> b.onRequestEnd(r, i)); }
    @Override public void onClientStart(ClientRequest c, int i) { run(() -> b.onClientStart(c, i)); }
    @Override public void onClientEnd(ClientRequest c, int i) { run(() -> b.onClientEnd(c, i)); }
    @Override public void onSpanStart(Span s, int i) { run(() -> b.onSpanStart(s, i)); }
    @Override public void onSpanEnd(Span s, int i) { run(() -> b.onSpanEnd(s, i)); }
    @Override public void onLog(LogEvent e) { run(() -> b.onLog(e)); }
    @Override public void onUncaughtException(Thread t, Throwable e, ServerRequest r) {
        run(() -> b.onUncaughtException(t, e, r));
    }
    @Override public void shutdown(Duration t) { run(() -> b.shutdown(t)); }

    private void run(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            escaped.add(t);
            throw t;
        }
    }
}
