package dev.quartet.backend.cloudwatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.quartet.core.ThrowableCopy;
import dev.quartet.core.TraceIds;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Turns a queued event into the message CloudWatch stores: one JSON object (the default; CloudWatch Logs Insights
 * discovers its fields) or one line of plain text. Every message fits one CloudWatch event: an oversized one is cut
 * by UTF-8 bytes, on a character boundary, with a marker saying how much was kept, and in JSON only inside string
 * values, so the result is still valid JSON.
 */
final class EventFormatter {
  enum Format {
    JSON,
    TEXT
  }

  /**
   * Largest message, in UTF-8 bytes: an event counts its message plus 26 bytes, and CloudWatch accepted events of
   * at most 256 KiB until 2025 (1 MiB since); the smaller limit holds everywhere.
   */
  static final int MAX_EVENT_BYTES = 262_144 - PutLogEventsBatches.EVENT_OVERHEAD_BYTES;

  /** Room kept for the marker appended to a cut field. */
  private static final int MARKER_ROOM = 80;

  /** Loaded with the first event, on the sender thread: Jackson and java.time formatting cost the app's start. */
  private static final class Lazy {
    static final CachedUtcFormat ISO_SECONDS = new CachedUtcFormat(
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.", Locale.ROOT).withZone(ZoneOffset.UTC), 1000);
    static final JsonFactory JSON = new JsonFactory();
  }

  /**
   * One JSON generator per formatting thread (in practice: the sender thread), kept across events: creating and
   * closing a generator per event cost more than writing the event. Events are written back to back as root values
   * with no separator; each is taken out of the buffer when it ends. A generator that failed mid-event is dropped.
   */
  private static final ThreadLocal<ReusedJson> REUSED = new ThreadLocal<>();

  private static final class ReusedJson {
    /** A buffer grown by an exceptional event beyond this is not kept. */
    static final int KEEP_CHARS = 16 * 1024;

    final StringBuilderWriter out = new StringBuilderWriter();
    final JsonGenerator generator;

    ReusedJson() throws IOException {
      generator = Lazy.JSON.createGenerator(out);
      generator.setRootValueSeparator(null);
    }
  }

  /** A {@link java.io.Writer} into a reusable StringBuilder; unlike StringWriter, not synchronised. */
  static final class StringBuilderWriter extends java.io.Writer {
    final StringBuilder buffer = new StringBuilder(512);

    @Override
    public void write(char[] chars, int offset, int length) {
      buffer.append(chars, offset, length);
    }

    @Override
    public void write(String s, int offset, int length) {
      buffer.append(s, offset, offset + length);
    }

    @Override
    public void write(int c) {
      buffer.append((char) c);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private final Format format;
  private final int maxBytes;

  EventFormatter(Format format) {
    this(format, MAX_EVENT_BYTES);
  }

  EventFormatter(Format format, int maxBytes) {
    this.format = format;
    this.maxBytes = maxBytes;
  }

  Format format() {
    return format;
  }

  /** The event's message, at most {@link #MAX_EVENT_BYTES} UTF-8 bytes, never empty. */
  String format(PendingEvent e) {
    // The big parts: the message, the exception's message (JSON only) and its stack trace. Only they are ever cut.
    String[] big = {Utf8.wellFormed(e.text()), null, null};
    if (e.thrown != null) {
      if (format == Format.JSON) {
        big[1] = Utf8.wellFormed(safeMessage(e.thrown));
      }
      big[2] = Utf8.wellFormed(stackTrace(e.thrown));
    }
    String out = render(e, big);
    if (out.length() <= maxBytes / 3) {
      return out.isEmpty() ? "-" : out; // fits without counting: no char takes more than 3 UTF-8 bytes
    }
    int size = Utf8.length(out);
    if (size <= maxBytes) {
      return out;
    }
    int[] original = {charsOf(e), big[1] == null ? 0 : big[1].length(), big[2] == null ? 0 : big[2].length()};
    int[] cost = new int[big.length];
    int fields = 0;
    int variable = 0;
    for (int i = 0; i < big.length; i++) {
      if (big[i] != null) {
        cost[i] = cost(big[i], Integer.MAX_VALUE)[1];
        variable += cost[i];
        fields++;
      }
    }
    int budget = Math.max(0, maxBytes - (size - variable) - MARKER_ROOM * fields);
    int[] allowed = shares(cost, budget);
    for (int i = 0; i < big.length; i++) {
      if (big[i] != null && cost[i] > allowed[i]) {
        String kept = big[i].substring(0, cost(big[i], allowed[i])[0]);
        big[i] = kept + marker(kept.length(), Math.max(original[i], big[i].length()));
      }
    }
    out = render(e, big);
    if (Utf8.length(out) > maxBytes) {
      // Only absurd logger or thread names get here; cut the whole text (no longer valid JSON, but delivered).
      String kept = Utf8.prefix(out, maxBytes - MARKER_ROOM);
      out = kept + marker(kept.length(), out.length());
    }
    return out;
  }

  /**
   * Splits {@code budget} among fields of the given costs, smallest first, each taking at most an equal share of
   * what is left: a short message stays whole beside a huge stack trace, and two huge fields get half each.
   */
  static int[] shares(int[] cost, int budget) {
    int[] allowed = new int[cost.length];
    Integer[] order = new Integer[cost.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(cost[a], cost[b]));
    int left = budget;
    int fieldsLeft = 0;
    for (int c : cost) {
      if (c > 0) {
        fieldsLeft++;
      }
    }
    for (int i : order) {
      if (cost[i] == 0) {
        continue;
      }
      int share = left / fieldsLeft;
      allowed[i] = Math.min(cost[i], share);
      left -= allowed[i];
      fieldsLeft--;
    }
    return allowed;
  }

  /**
   * How many chars of {@code s} fit in {@code maxCost} bytes as rendered (JSON-escaped in JSON, plain UTF-8 in
   * text), never splitting a surrogate pair; and their cost. With {@code maxCost} unbounded: the whole cost.
   */
  private int[] cost(String s, int maxCost) {
    int total = 0;
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      int size;
      if (format == Format.JSON && (c == '"' || c == '\\')) {
        size = 2;
      } else if (format == Format.JSON && c < 0x20) {
        size = c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f' ? 2 : 6;
      } else {
        size = Utf8.bytesAt(s, i);
      }
      if (total + size > maxCost) {
        break;
      }
      total += size;
      i += Utf8.charsOf(size);
    }
    return new int[] {i, total};
  }

  /** A message already cut in the queue (see {@link PendingEvent}) is always cut again here: name its length. */
  private static int charsOf(PendingEvent e) {
    return e.access == null ? e.originalMessageChars : e.text().length();
  }

  private static String marker(int kept, int total) {
    return "…[truncated by Quartet: " + kept + " of " + total + " characters kept]";
  }

  private String render(PendingEvent e, String[] big) {
    return format == Format.JSON ? json(e, big[0], big[1], big[2]) : text(e, big[0], big[2]);
  }

  /** ISO 8601 in UTC with milliseconds: {@code 2026-11-21T04:07:05.042Z}. */
  static String timestamp(long epochMillis) {
    int millis = (int) Math.floorMod(epochMillis, 1000L);
    char[] tail = {(char) ('0' + millis / 100), (char) ('0' + millis / 10 % 10), (char) ('0' + millis % 10), 'Z'};
    return Lazy.ISO_SECONDS.format(epochMillis).concat(new String(tail));
  }

  private static String json(PendingEvent e, String message, String errorMessage, String stack) {
    ReusedJson reused = REUSED.get();
    boolean written = false;
    try {
      if (reused == null) {
        reused = new ReusedJson();
        REUSED.set(reused);
      }
      reused.out.buffer.setLength(0);
      writeJson(reused.generator, e, message, errorMessage, stack);
      reused.generator.flush();
      String json = reused.out.buffer.toString();
      written = true;
      return json;
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible); // the writer does not fail
    } finally {
      if (!written || reused.out.buffer.capacity() > ReusedJson.KEEP_CHARS) {
        REUSED.remove(); // left mid-object by a failure, or holding a huge buffer: start afresh next time
      }
    }
  }

  private static void writeJson(JsonGenerator g, PendingEvent e, String message, String errorMessage, String stack)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("timestamp", timestamp(e.epochMillis));
    g.writeStringField("level", e.level.name());
    g.writeStringField("logger", Utf8.wellFormed(e.logger));
    g.writeStringField("thread", Utf8.wellFormed(String.valueOf(e.thread)));
    g.writeStringField("message", message);
    if (e.traceId != null) {
      g.writeStringField("trace_id", e.traceId);
      g.writeStringField("xray_trace_id", TraceIds.toXrayTraceId(e.traceId));
      g.writeStringField("span_id", e.spanId);
    }
    if (e.access != null) {
      AccessLine a = e.access;
      g.writeObjectFieldStart("http");
      g.writeStringField("method", a.method);
      g.writeStringField("scheme", a.scheme);
      g.writeStringField("path", Utf8.wellFormed(a.path));
      if (a.query != null && !a.query.isEmpty()) {
        g.writeStringField("query", Utf8.wellFormed(a.query));
      }
      if (a.route != null) {
        g.writeStringField("route", a.route);
      }
      g.writeNumberField("status", a.status);
      g.writeNumberField("duration_ms", Math.round(a.durationMillis * 1000) / 1000.0);
      g.writeStringField("client_ip", a.clientAddress);
      if (a.userAgent != null) {
        g.writeStringField("user_agent", Utf8.wellFormed(a.userAgent));
      }
      if (a.error != null) {
        g.writeStringField("error", a.error);
      }
      g.writeEndObject();
    }
    if (e.thrown != null) {
      g.writeObjectFieldStart("exception");
      g.writeStringField("type", ThrowableCopy.typeName(e.thrown));
      if (errorMessage != null) {
        g.writeStringField("message", errorMessage);
      }
      g.writeStringField("stacktrace", stack);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static String text(PendingEvent e, String message, String stack) {
    StringBuilder b = new StringBuilder(96 + message.length() + (stack == null ? 0 : stack.length()));
    b.append(timestamp(e.epochMillis))
        .append(' ')
        .append(e.level.name())
        .append(" [")
        .append(Utf8.wellFormed(String.valueOf(e.thread)))
        .append("] ")
        .append(Utf8.wellFormed(e.logger))
        .append(" - ")
        .append(message);
    if (e.traceId != null) {
      b.append(" trace_id=")
          .append(e.traceId)
          .append(" xray_trace_id=")
          .append(TraceIds.toXrayTraceId(e.traceId))
          .append(" span_id=")
          .append(e.spanId);
    }
    if (stack != null) {
      b.append('\n').append(stack);
    }
    return b.toString();
  }

  /** The exception's message; an app exception whose getMessage throws does not stop the event. */
  private static String safeMessage(Throwable t) {
    try {
      String m = t.getMessage();
      return m == null ? "" : m;
    } catch (Throwable broken) {
      return "";
    }
  }

  static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter(1024);
    try (PrintWriter w = new PrintWriter(out)) {
      t.printStackTrace(w);
    } catch (Throwable broken) {
      return ThrowableCopy.typeName(t) + " (its stack trace could not be printed: " + broken.getClass().getName() + ")";
    }
    String s = out.toString();
    return s.endsWith(System.lineSeparator()) ? s.substring(0, s.length() - System.lineSeparator().length()) : s;
  }
}
