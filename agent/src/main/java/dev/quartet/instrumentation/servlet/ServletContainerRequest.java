package dev.quartet.instrumentation.servlet;

import dev.quartet.instrumentation.container.ContainerRequest;
import dev.quartet.instrumentation.container.Exchange;
import java.util.List;

/**
 * A container whose own request object already is an {@code HttpServletRequest} (Jetty 9.4–11): its exchange is
 * read through the servlet API, and remembered on the request between the container's calls.
 */
public final class ServletContainerRequest implements ContainerRequest {
  static final String EXCHANGE_ATTRIBUTE = "dev.quartet.exchange";

  private final ServletApi api;
  private final Object req;
  private final Object resp;

  private ServletContainerRequest(ServletApi api, Object req, Object resp) {
    this.api = api;
    this.req = req;
    this.resp = resp;
  }

  /** The exchange of an HTTP servlet request and response, or null when they are not HTTP ones. */
  public static ServletContainerRequest of(Object req, Object resp) {
    ServletApi api = ServletApi.of(req);
    return api == null || !api.isHttpResponse(resp) ? null : new ServletContainerRequest(api, req, resp);
  }

  /** The exchange {@link #remember} put on {@code req}, or null. */
  public static Exchange exchangeOf(Object req) throws Throwable {
    ServletApi api = ServletApi.of(req);
    Object exchange = api == null ? null : api.attribute(req, EXCHANGE_ATTRIBUTE);
    return exchange instanceof Exchange ? (Exchange) exchange : null;
  }

  public static void remember(Object req, Exchange exchange) throws Throwable {
    ServletApi api = ServletApi.of(req);
    if (api != null) {
      api.attribute(req, EXCHANGE_ATTRIBUTE, exchange);
    }
  }

  @Override
  public String method() throws Throwable {
    return api.method(req);
  }

  @Override
  public String path() throws Throwable {
    return api.requestUri(req);
  }

  @Override
  public String query() throws Throwable {
    return api.queryString(req);
  }

  @Override
  public String scheme() throws Throwable {
    return api.scheme(req);
  }

  @Override
  public String serverName() throws Throwable {
    return api.serverName(req);
  }

  @Override
  public int serverPort() throws Throwable {
    return api.serverPort(req);
  }

  @Override
  public String protocol() throws Throwable {
    return api.protocol(req);
  }

  @Override
  public String peerAddress() throws Throwable {
    return api.remoteAddr(req);
  }

  @Override
  public int peerPort() throws Throwable {
    return api.remotePort(req);
  }

  @Override
  public String header(String name) throws Throwable {
    return api.header(req, name);
  }

  @Override
  public List<String> headerNames() throws Throwable {
    return api.headerNames(req);
  }

  @Override
  public int status() throws Throwable {
    return api.status(resp);
  }

  @Override
  public long responseContentLength() throws Throwable {
    String v = api.responseHeader(resp, "Content-Length");
    return v == null ? -1 : Long.parseLong(v.trim());
  }

  @Override
  public void setResponseHeader(String name, String value) throws Throwable {
    api.setHeader(resp, name, value);
  }
}
