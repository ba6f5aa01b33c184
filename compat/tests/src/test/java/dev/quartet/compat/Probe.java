package dev.quartet.compat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request a compat IT sends, and what a user expects of it: the status the app answers (with and without the
 * agent), the span name (the route the framework matched), the app's own exception for a failing request, the
 * container's error line, and a log line the app writes inside the request.
 */
public final class Probe {

  /** A log line the app writes inside the request: logger name, level as shipped, a fragment of the message. */
  public record AppLog(String logger, String level, String messageFragment) {}

  final String method;
  final String target;
  final Map<String, String> headers = new LinkedHashMap<>();
  int status = 200;
  /** Expected span name ({@code METHOD route}); null: only "not named after the raw path" is checked. */
  String spanName;
  /** Whether the span name must not contain the raw path (cardinality), when no exact name is expected. */
  boolean notNamedAfterPath;
  /** Fully-qualified class of the app's own exception, for a request that fails with one. */
  String appException;
  /** Logger name prefix of the container's own error line about this request's failure. */
  String containerErrorLogger;
  AppLog appLog;

  private Probe(String method, String target) {
    this.method = method;
    this.target = target;
  }

  public static Probe get(String target) {
    return new Probe("GET", target);
  }

  public static Probe post(String target) {
    return new Probe("POST", target);
  }

  public Probe status(int expected) {
    this.status = expected;
    return this;
  }

  /** Asks for HTML as a browser does (error pages differ by Accept). */
  public Probe browser() {
    headers.put("Accept", "text/html,application/xhtml+xml");
    return this;
  }

  /** The media type the client accepts (the harness asks for JSON unless told otherwise). */
  public Probe accept(String mediaType) {
    headers.put("Accept", mediaType);
    return this;
  }

  public Probe named(String expectedSpanName) {
    this.spanName = expectedSpanName;
    return this;
  }

  public Probe notNamedAfterPath() {
    this.notNamedAfterPath = true;
    return this;
  }

  public Probe fails(String appExceptionClass, String containerErrorLoggerPrefix) {
    this.appException = appExceptionClass;
    this.containerErrorLogger = containerErrorLoggerPrefix;
    return this;
  }

  public Probe logs(String logger, String level, String messageFragment) {
    this.appLog = new AppLog(logger, level, messageFragment);
    return this;
  }

  /** The path without the query. */
  public String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  @Override
  public String toString() {
    return method + " " + target;
  }
}
