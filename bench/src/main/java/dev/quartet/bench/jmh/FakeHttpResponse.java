package dev.quartet.bench.jmh;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

/** The app's 200 response to {@link FakeHttpRequest}; headers kept in a map, any other call counted and failed. */
public final class FakeHttpResponse extends HttpServletResponseWrapper {
  private static final HttpServletResponse UNSUPPORTED =
      (HttpServletResponse) Proxy.newProxyInstance(
          FakeHttpResponse.class.getClassLoader(),
          new Class<?>[] {HttpServletResponse.class},
          (proxy, method, args) -> {
            FakeHttpRequest.UNEXPECTED_CALLS.incrementAndGet();
            throw new UnsupportedOperationException("FakeHttpResponse." + method.getName());
          });

  private final Map<String, String> headers = new LinkedHashMap<>();

  public FakeHttpResponse() {
    super(UNSUPPORTED);
  }

  void prepare() {
    headers.clear();
    headers.put("Content-Type", "application/json");
    headers.put("Content-Length", "1027");
  }

  @Override
  public int getStatus() {
    return 200;
  }

  @Override
  public void setHeader(String name, String value) {
    headers.put(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    headers.putIfAbsent(name, value);
  }

  @Override
  public boolean containsHeader(String name) {
    return headers.containsKey(name);
  }

  @Override
  public String getHeader(String name) {
    return headers.get(name);
  }
}
