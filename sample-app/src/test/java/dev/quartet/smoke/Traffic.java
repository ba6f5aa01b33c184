package dev.quartet.smoke;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Requests sent to the app and their server spans, correlated through the {@code traceresponse} header. */
public final class Traffic {

  /** One request made from a catalogue route. */
  public record Call(Cruddur.Route route, Http.Exchange exchange) {
    public TraceResponse traceResponse() {
      return exchange.traceResponse().orElse(null);
    }

    @Override
    public String toString() {
      return exchange.method() + " " + exchange.target() + " -> " + exchange.status() + " traceresponse="
          + exchange.header(TraceResponse.HEADER);
    }
  }

  private Traffic() {}

  /** Sends every route once, sequentially. */
  public static List<Call> callAll(Http http, List<Cruddur.Route> routes) {
    List<Call> calls = new ArrayList<>();
    for (Cruddur.Route r : routes) {
      calls.add(new Call(r, http.send(r)));
    }
    return calls;
  }

  /**
   * Waits (up to {@code timeout}) until the receiver holds the span named by each call's traceresponse and
   * returns what it found; calls without a usable traceresponse or whose span never came are absent.
   */
  public static Map<Call, SpanRecord> awaitSpans(OtlpHttpReceiver receiver, List<Call> calls, Duration timeout) {
    List<Call> traced = calls.stream().filter(c -> c.traceResponse() != null).collect(Collectors.toList());
    Await.until(timeout, () -> traced.stream().allMatch(c -> find(receiver.spans(), c) != null));
    return match(receiver.spans(), calls);
  }

  /** The span each call's traceresponse names, among {@code spans}. */
  public static Map<Call, SpanRecord> match(List<SpanRecord> spans, List<Call> calls) {
    Map<Call, SpanRecord> out = new IdentityHashMap<>();
    for (Call c : calls) {
      SpanRecord s = find(spans, c);
      if (s != null) {
        out.put(c, s);
      }
    }
    return out;
  }

  private static SpanRecord find(List<SpanRecord> spans, Call c) {
    TraceResponse tr = c.traceResponse();
    if (tr == null) {
      return null;
    }
    return spans.stream().filter(tr::names).findFirst().orElse(null);
  }

  /**
   * Sends one more request and waits for its server span. The batch processor exports spans in the order they
   * ended, so once this span has arrived every span that ended before it has arrived too.
   */
  public static Call barrier(OtlpHttpReceiver receiver, Http http, Duration timeout) {
    Call c = new Call(Cruddur.HEALTH, http.send(Cruddur.HEALTH));
    TraceResponse tr = c.traceResponse();
    if (tr == null) {
      throw new AssertionError("barrier request has no valid traceresponse header: " + c);
    }
    receiver.awaitSpans(tr::names, 1, timeout);
    return c;
  }
}
