package dev.quartet.backend.xray;

import dev.quartet.core.AgentLog;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * Segment documents to the X-Ray daemon, one UDP datagram each, headed {@code {"format": "json", "version": 1}\n}.
 * Unlike the SDK's emitter, a daemon host name that does not resolve (the daemon's container is not up yet) is looked
 * up again, at most every {@link #RESOLVE_RETRY_NANOS}, instead of being given up on for the life of the JVM; a send
 * that fails makes the next one look the name up again too.
 */
final class DaemonSink implements DocumentSink {
  static final long RESOLVE_RETRY_NANOS = 5_000_000_000L;
  private static final String UNRESOLVED_KEY = "xray.daemon.unresolved";

  /** Looks a host name up; null when it does not resolve (now). */
  interface Resolver {
    InetSocketAddress resolve(String host, int port);
  }

  static final Resolver DNS =
      (host, port) -> {
        InetSocketAddress a = new InetSocketAddress(host, port);
        return a.isUnresolved() ? null : a;
      };

  private final String host;
  private final int port;
  private final Resolver resolver;
  private final java.util.function.LongSupplier nanoClock;
  private final DatagramSocket socket;
  private InetSocketAddress address;
  private long nextLookup;
  private boolean unresolvedReported;

  DaemonSink(String host, int port) throws SocketException {
    this(host, port, DNS, System::nanoTime);
  }

  DaemonSink(String host, int port, Resolver resolver, java.util.function.LongSupplier nanoClock)
      throws SocketException {
    this.host = host;
    this.port = port;
    this.resolver = resolver;
    this.nanoClock = nanoClock;
    this.socket = new DatagramSocket();
  }

  @Override
  public void send(String document) throws IOException {
    InetSocketAddress to = address();
    if (to == null) {
      throw new IOException("the X-Ray daemon host " + host + " does not resolve");
    }
    byte[] data = (SegmentDocuments.HEADER + document).getBytes(StandardCharsets.UTF_8);
    try {
      socket.send(new DatagramPacket(data, data.length, to));
    } catch (IOException e) {
      address = null;
      throw e;
    }
  }

  private InetSocketAddress address() {
    if (address != null) {
      return address;
    }
    long now = nanoClock.getAsLong();
    if (unresolvedReported && now - nextLookup < 0) {
      return null;
    }
    InetSocketAddress looked = resolver.resolve(host, port);
    if (looked == null) {
      nextLookup = now + RESOLVE_RETRY_NANOS;
      unresolvedReported = true;
      AgentLog.warnOnce(
          UNRESOLVED_KEY,
          "xray: the X-Ray daemon host "
              + host
              + " does not resolve; segments are dropped until it does (looked up again every 5 s)",
          null);
      return null;
    }
    if (unresolvedReported) {
      unresolvedReported = false;
      AgentLog.resetOnce(UNRESOLVED_KEY);
      AgentLog.info("xray: the X-Ray daemon host " + host + " resolves now: " + looked.getAddress().getHostAddress());
    }
    address = looked;
    return looked;
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String describe() {
    return "X-Ray daemon udp " + host + ":" + port;
  }
}
