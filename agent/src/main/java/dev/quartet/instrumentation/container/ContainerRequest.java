package dev.quartet.instrumentation.container;

import java.util.List;

/**
 * One exchange as a servlet container's connector holds it (Tomcat's coyote request, Jetty's core request, Undertow's
 * exchange), read through method handles: it exists before any webapp is chosen and after the servlet layer has
 * let go of the request, so it can tell requests the container answers itself and the status it really sent.
 */
public interface ContainerRequest {
  String method() throws Throwable;

  /** The URI path the client sent (before any forward or error dispatch changed the servlet view of it). */
  String path() throws Throwable;

  String query() throws Throwable;

  String scheme() throws Throwable;

  String serverName() throws Throwable;

  int serverPort() throws Throwable;

  /** {@code HTTP/1.1}, {@code HTTP/2.0} … */
  String protocol() throws Throwable;

  String peerAddress() throws Throwable;

  int peerPort() throws Throwable;

  String header(String name) throws Throwable;

  List<String> headerNames() throws Throwable;

  /** The status the container sent, or is about to send. */
  int status() throws Throwable;

  /** The response's Content-Length when known, else -1. */
  long responseContentLength() throws Throwable;

  void setResponseHeader(String name, String value) throws Throwable;
}
