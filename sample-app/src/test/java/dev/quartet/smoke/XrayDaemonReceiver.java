package dev.quartet.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The UDP side of a loopback X-Ray daemon: receives datagrams on 127.0.0.1, checks each against the daemon's
 * protocol (the {@code {"format": "json", "version": 1}} header line, the size limit) and the segment-document
 * rules, and keeps every document. Problems are collected, not thrown, so a test can assert there are none.
 */
public final class XrayDaemonReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DatagramSocket socket;
  private final Thread thread;
  private final List<JsonNode> documents = new CopyOnWriteArrayList<>();
  private final List<Integer> sizes = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  public XrayDaemonReceiver() {
    this(0);
  }

  /** Bound to {@code port} on 127.0.0.1 (0: ephemeral). */
  public XrayDaemonReceiver(int port) {
    try {
      socket = new DatagramSocket(port, InetAddress.getLoopbackAddress());
      socket.setReceiveBufferSize(4 * 1024 * 1024);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    thread = new Thread(this::receive, "xray-daemon-receiver");
    thread.setDaemon(true);
    thread.start();
  }

  private void receive() {
    byte[] buffer = new byte[128 * 1024];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        return; // closed
      }
      String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      sizes.add(packet.getLength());
      if (packet.getLength() > SegmentDocumentRules.MAX_DATAGRAM_BYTES) {
        problems.add("datagram of " + packet.getLength() + " bytes");
      }
      if (!text.startsWith(SegmentDocumentRules.HEADER)) {
        problems.add("no daemon header: " + text.substring(0, Math.min(80, text.length())));
        continue;
      }
      JsonNode doc;
      try {
        doc = JSON.readTree(text.substring(SegmentDocumentRules.HEADER.length()));
      } catch (IOException e) {
        problems.add("not JSON: " + e.getMessage());
        continue;
      }
      for (String p : SegmentDocumentRules.check(doc)) {
        problems.add(p + " in " + abbreviate(doc.toString()));
      }
      documents.add(doc);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** {@code 127.0.0.1:port}. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  public List<JsonNode> documents() {
    return List.copyOf(documents);
  }

  /** Segment documents (not subsegments streamed on their own). */
  public List<JsonNode> segments(Predicate<JsonNode> filter) {
    return documents.stream().filter(d -> !d.has("type")).filter(filter).collect(Collectors.toList());
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  public List<Integer> datagramSizes() {
    return List.copyOf(sizes);
  }

  /** Waits until at least {@code count} segments match; returns them (fails on timeout). */
  public List<JsonNode> awaitSegments(Predicate<JsonNode> filter, int count, Duration timeout) {
    Await.require(count + " matching segment(s) at the X-Ray daemon receiver", timeout,
        () -> segments(filter).size() >= count,
        () -> "matched " + segments(filter).size() + " of " + documents.size() + " documents; problems " + problems);
    return segments(filter);
  }

  /** Writes every document, one per line, to {@code file} (for diagnosing failures). */
  public void dump(java.nio.file.Path file) {
    try {
      java.nio.file.Files.write(file, documents.stream().map(JsonNode::toString).collect(Collectors.toList()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    socket.close();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
