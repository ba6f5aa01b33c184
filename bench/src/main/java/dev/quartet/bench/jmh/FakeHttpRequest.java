package dev.quartet.bench.jmh;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.MappingMatch;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /api/activities/home} as wrk sends it to Jetty, as a jakarta.servlet request: every method Quartet's
 * servlet capture reads is answered from fields; any other call reaches a proxy that counts it (so the benchmark
 * can prove the capture read nothing it did not expect) and fails.
 */
public final class FakeHttpRequest extends HttpServletRequestWrapper {
  static final AtomicInteger UNEXPECTED_CALLS = new AtomicInteger();

  private static final HttpServletRequest UNSUPPORTED =
      (HttpServletRequest) Proxy.newProxyInstance(
          FakeHttpRequest.class.getClassLoader(),
          new Class<?>[] {HttpServletRequest.class},
          (proxy, method, args) -> {
            UNEXPECTED_CALLS.incrementAndGet();
            throw new UnsupportedOperationException("FakeHttpRequest." + method.getName());
          });

  private static final HttpServletMapping MAPPING =
      new HttpServletMapping() {
        @Override
        public String getMatchValue() {
          return "/api/activities/home";
        }

        @Override
        public String getPattern() {
          return "/api/activities/home";
        }

        @Override
        public String getServletName() {
          return "activities-home";
        }

        @Override
        public MappingMatch getMappingMatch() {
          return MappingMatch.EXACT;
        }
      };

  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, Object> attributes = new HashMap<>();

  public FakeHttpRequest() {
    super(UNSUPPORTED);
    headers.put("Host", "127.0.0.1:4567");
    headers.put("User-Agent", "wrk/4.1.0");
    headers.put("Accept", "*/*");
  }

  /** Ready for the next request: no attributes (the capture marks a tracked request with one). */
  void prepare() {
    attributes.clear();
  }

  @Override
  public String getMethod() {
    return "GET";
  }

  @Override
  public String getScheme() {
    return "http";
  }

  @Override
  public String getServerName() {
    return "127.0.0.1";
  }

  @Override
  public int getServerPort() {
    return 4567;
  }

  @Override
  public String getRequestURI() {
    return "/api/activities/home";
  }

  @Override
  public StringBuffer getRequestURL() {
    return new StringBuffer("http://127.0.0.1:4567/api/activities/home");
  }

  @Override
  public String getQueryString() {
    return null;
  }

  @Override
  public String getContextPath() {
    return "";
  }

  @Override
  public String getRemoteAddr() {
    return "127.0.0.1";
  }

  @Override
  public int getRemotePort() {
    return 52114;
  }

  @Override
  public String getProtocol() {
    return "HTTP/1.1";
  }

  @Override
  public String getHeader(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    return Collections.enumeration(headers.keySet());
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    String v = getHeader(name);
    return v == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(v));
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    attributes.put(name, value);
  }

  @Override
  public void removeAttribute(String name) {
    attributes.remove(name);
  }

  @Override
  public boolean isAsyncStarted() {
    return false;
  }

  @Override
  public Principal getUserPrincipal() {
    return null;
  }

  @Override
  public HttpServletMapping getHttpServletMapping() {
    return MAPPING;
  }
}
