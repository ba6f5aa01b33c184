package dev.quartet.backend.xray;

import com.amazonaws.xray.entities.Entity;
import dev.quartet.core.ServerRequest;
import java.util.HashMap;
import java.util.Map;

/** The {@code http} block and the error flags of a segment, as the X-Ray SDK's servlet filter records them. */
final class SegmentHttp {
  private SegmentHttp() {}

  /**
   * {@code method}, {@code url} (without the query string), {@code user_agent}, and {@code client_ip}: the first
   * X-Forwarded-For entry, flagged {@code x_forwarded_for}, else the socket peer.
   */
  static Map<String, Object> request(ServerRequest r) {
    Map<String, Object> http = new HashMap<>();
    http.put("method", r.method());
    String url = r.view().url();
    if (url == null) {
      url = url(r);
    }
    if (url != null) {
      http.put("url", url);
    }
    if (r.userAgent() != null) {
      http.put("user_agent", r.userAgent());
    }
    String client = r.clientAddress();
    if (client != null) {
      http.put("client_ip", client);
      if (!client.equals(r.peerAddress())) {
        http.put("x_forwarded_for", true);
      }
    } else if (r.peerAddress() != null) {
      http.put("client_ip", r.peerAddress());
    }
    return http;
  }

  private static String url(ServerRequest r) {
    if (r.scheme() == null || r.serverAddress() == null || r.path() == null) {
      return null;
    }
    boolean defaultPort =
        r.serverPort() <= 0
            || (r.scheme().equals("http") && r.serverPort() == 80)
            || (r.scheme().equals("https") && r.serverPort() == 443);
    return r.scheme() + "://" + r.serverAddress() + (defaultPort ? "" : ":" + r.serverPort()) + r.path();
  }

  /**
   * {@code http.response} ({@code status}, {@code content_length} when known), {@code error} for 4xx,
   * {@code throttle} for 429, {@code fault} for 5xx, and the exception that escaped as {@code cause}.
   */
  static void outcome(Entity entity, int status, long contentLength, Throwable error) {
    if (status > 0) {
      Map<String, Object> response = new HashMap<>();
      response.put("status", status);
      if (contentLength >= 0) {
        response.put("content_length", contentLength);
      }
      entity.putHttp("response", response);
      if (status / 100 == 4) {
        entity.setError(true);
        if (status == 429) {
          entity.setThrottle(true);
        }
      } else if (status / 100 == 5) {
        entity.setFault(true);
      }
    }
    if (error != null) {
      entity.addException(error);
    }
  }
}
