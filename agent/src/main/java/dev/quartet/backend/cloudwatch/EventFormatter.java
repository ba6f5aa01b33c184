package dev.quartet.backend.cloudwatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.quartet.core.TraceIds;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
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

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final JsonFactory JSON = new JsonFactory();

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
    // The big parts: the message, the exception's message and its stack trace. Only they are ever cut.
    String[] big = {
      Utf8.wellFormed(e.text()), null, null,
    };
    if (e.thrown != null) {
      big[1] = Utf8.wellFormed(safeMessage(e.thrown));
      big[2] = Utf8.wellFormed(stackTrace(e.thrown));
    }
    String out = render(e, big);
    int[] original = {charsOf(e), big[1] == null ? 0 : big[1].length(), big[2] == null ? 0 : big[2].length()};
    for (int round = 0; round < big.length && Utf8.length(out) > maxBytes; round++) {
      int excess = Utf8.length(out) - maxBytes;
      int largest = largest(big);
      if (largest < 0) {
        break;
      }
      String field = stripMarker(big[largest]);
      int keepBytes = Math.max(0, Utf8.length(field) - excess - MARKER_ROOM);
      String kept = Utf8.prefix(field, keepBytes);
      big[largest] = kept + marker(kept.length(), Math.max(original[largest], field.length()));
      out = render(e, big);
    }
    if (Utf8.length(out) > maxBytes) {
      // Only absurd logger or thread names get here; cut the whole text (no longer valid JSON, but delivered).
      String kept = Utf8.prefix(out, maxBytes - MARKER_ROOM);
      out = kept + marker(kept.length(), out.length());
    }
    return out.isEmpty() ? "-" : out;
  }

  /** A message already cut in the queue (see {@link PendingEvent}) is always cut again here: name its length. */
  private static int charsOf(PendingEvent e) {
    return e.access == null ? e.originalMessageChars : e.text().length();
  }

  private static String marker(int kept, int total) {
    return "…[truncated by Quartet: " + kept + " of " + total + " characters kept]";
  }

  private static String stripMarker(String s) {
    int at = s.lastIndexOf("…[truncated by Quartet: ");
    return at >= 0 && s.endsWith(" characters kept]") ? s.substring(0, at) : s;
  }

  private static int largest(String[] fields) {
    int best = -1;
    int bestBytes = 0;
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] != null) {
        int b = Utf8.length(fields[i]);
        if (b > bestBytes) {
          best = i;
          bestBytes = b;
        }
      }
    }
    return best;
  }

  private String render(PendingEvent e, String[] big) {
    return format == Format.JSON ? json(e, big[0], big[1], big[2]) : text(e, big[0], big[2]);
  }

  static String timestamp(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }

  private static String json(PendingEvent e, String message, String errorMessage, String stack) {
    StringWriter out = new StringWriter(256 + message.length() + (stack == null ? 0 : stack.length()));
    try (JsonGenerator g = JSON.createGenerator(out)) {
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
        g.writeStringField("type", e.thrown.getClass().getName());
        if (errorMessage != null) {
          g.writeStringField("message", errorMessage);
        }
        g.writeStringField("stacktrace", stack);
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible); // a StringWriter does not fail
    }
    return out.toString();
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
      return t.getClass().getName() + " (its stack trace could not be printed: " + broken.getClass().getName() + ")";
    }
    String s = out.toString();
    return s.endsWith(System.lineSeparator()) ? s.substring(0, s.length() - System.lineSeparator().length()) : s;
  }
}
