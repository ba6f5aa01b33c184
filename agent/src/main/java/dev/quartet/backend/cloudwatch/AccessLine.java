package dev.quartet.backend.cloudwatch;

import dev.quartet.core.ServerRequest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One access-log line per request, as the Cruddur students' Flask {@code after_request} hook wrote it: {@code
 * [%Y-%b-%d %H:%M] remote_addr method scheme full_path status}, plus the duration. Times are UTC.
 */
final class AccessLine {
  static final String LOGGER = "access";

  private static final CachedUtcFormat MINUTE = new CachedUtcFormat(
      DateTimeFormatter.ofPattern("'['yyyy-MMM-dd HH:mm']'", Locale.ENGLISH).withZone(ZoneOffset.UTC), 60_000);

  final String clientAddress;
  final String method;
  final String scheme;
  final String path;
  final String query;
  final String route;
  final int status;
  final double durationMillis;
  final String userAgent;
  final String error;

  private AccessLine(ServerRequest r) {
    clientAddress = r.clientAddress() == null ? "-" : r.clientAddress();
    method = r.method();
    scheme = r.scheme() == null ? "-" : r.scheme();
    path = r.path() == null ? "/" : r.path();
    query = r.query();
    route = r.route();
    status = r.statusCode();
    durationMillis = Math.max(0, r.endEpochNanos() - r.startEpochNanos()) / 1e6;
    userAgent = r.userAgent();
    error = r.error() == null ? null : r.error().getClass().getName();
  }

  static AccessLine of(ServerRequest r) {
    return new AccessLine(r);
  }

  /** Path and query as the client sent them (Flask's full_path, without its trailing "?" for no query). */
  String fullPath() {
    return query == null || query.isEmpty() ? path : path + "?" + query;
  }

  String text(long epochMillis) {
    return MINUTE.format(epochMillis)
        + " "
        + clientAddress
        + " "
        + method
        + " "
        + scheme
        + " "
        + fullPath()
        + " "
        + status
        + " "
        + hundredths(durationMillis)
        + "ms";
  }

  /** {@code %.2f} without java.util.Formatter, which cost more than the rest of the line. */
  static String hundredths(double value) {
    long h = Math.round(value * 100);
    long frac = Math.abs(h % 100);
    return (h < 0 && h > -100 ? "-" : "") + h / 100 + (frac < 10 ? ".0" : ".") + frac;
  }
}
