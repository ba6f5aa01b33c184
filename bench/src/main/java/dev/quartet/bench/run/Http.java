package dev.quartet.bench.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 on a plain socket, one request per connection ({@code Connection: close}): the first-200 probe and the
 * light traffic. No client library, so nothing of the harness warms up or differs between runs.
 */
final class Http {
  private Http() {}

  /** A request of the light traffic: method, path and (for POST) a JSON body. */
  static final class Request {
    final String method;
    final String path;
    final String jsonBody;

    private Request(String method, String path, String jsonBody) {
      this.method = method;
      this.path = path;
      this.jsonBody = jsonBody;
    }

    static Request get(String path) {
      return new Request("GET", path, null);
    }

    static Request postJson(String path, String body) {
      return new Request("POST", path, body);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Sends the request to 127.0.0.1:port and returns the response's status code (the body is read and dropped). */
  static int send(int port, Request request, int readTimeoutMillis) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      s.setSoTimeout(readTimeoutMillis);
      OutputStream out = s.getOutputStream();
      out.write(requestBytes(port, request));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream statusLine = new ByteArrayOutputStream();
      for (int c; (c = in.read()) >= 0 && c != '\n' && statusLine.size() < 200; ) {
        statusLine.write(c);
      }
      int status = statusCode(statusLine.toString(StandardCharsets.ISO_8859_1));
      in.transferTo(OutputStream.nullOutputStream()); // Connection: close; read to the end
      return status;
    }
  }

  static byte[] requestBytes(int port, Request request) {
    byte[] body = request.jsonBody == null ? new byte[0] : request.jsonBody.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder()
        .append(request.method).append(' ').append(request.path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n")
        .append("User-Agent: quartet-bench\r\nAccept: */*\r\nConnection: close\r\n");
    if (request.jsonBody != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  /** The code of a status line such as {@code HTTP/1.1 200 OK} (or Tomcat's {@code HTTP/1.1 201 }). */
  static int statusCode(String statusLine) throws IOException {
    String[] parts = statusLine.trim().split(" ");
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
      throw new IOException("bad status line \"" + statusLine.trim() + "\"");
    }
    return Integer.parseInt(parts[1]);
  }
}
