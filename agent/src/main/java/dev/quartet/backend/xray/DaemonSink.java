package dev.quartet.backend.xray;

import dev.quartet.core.AgentLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * Segment documents to the X-Ray daemon, one UDP datagram each, headed {@code {"format": "json", "version": 1}\n}.
 * Unlike the SDK's emitter, a daemon host name that does not resolve (the daemon's container is not up yet) is looked
 * up again, at most every {@link #RESOLVE_RETRY_NANOS}, instead of being given up on for the life of the JVM; a send
 * that fails makes the next one look the name up again too.
 *
 * <p>One datagram per segment is the protocol, so the send itself is made cheap: the channel is connected to the
 * daemon (the kernel keeps the route instead of looking it up for every datagram, and the JDK encodes no address),
 * and each document's UTF-8 bytes are copied into one reused direct buffer behind the header (no string
 * concatenation, nor the JDK's copy into a temporary direct buffer). Only the emitter thread sends.
 */
final class DaemonSink implements DocumentSink {
  static final long RESOLVE_RETRY_NANOS = 5_000_000_000L;
  private static final String UNRESOLVED_KEY = "xray.daemon.unresolved";
  private static final byte[] HEADER = SegmentDocuments.HEADER.getBytes(StandardCharsets.UTF_8);

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
  private final DatagramChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(SegmentDocuments.MAX_DATAGRAM);
  private InetSocketAddress address;
  private long nextLookup;
  private boolean unresolvedReported;

  DaemonSink(String host, int port) throws IOException {
    this(host, port, DNS, System::nanoTime);
  }

  DaemonSink(String host, int port, Resolver resolver, java.util.function.LongSupplier nanoClock)
      throws IOException {
    this.host = host;
    this.port = port;
    this.resolver = resolver;
    this.nanoClock = nanoClock;
    this.channel = DatagramChannel.open();
  }

  @Override
  public void send(String document) throws IOException {
    InetSocketAddress to = address();
    if (to == null) {
      throw new IOException("the X-Ray daemon host " + host + " does not resolve");
    }
    // String.getBytes, not a CharsetEncoder over the string: the JDK encodes a string to UTF-8 with intrinsics (an
    // array copy for ASCII), where an encoder reads a wrapped string char by char (~10 ns each: several µs a segment
    // on the emitter thread). Unpaired surrogates become '?' either way.
    byte[] body = document.getBytes(StandardCharsets.UTF_8);
    if (HEADER.length + body.length > buffer.capacity()) {
      throw new IOException("a segment document of " + body.length + " bytes does not fit one datagram");
    }
    buffer.clear();
    buffer.put(HEADER).put(body).flip();
    try {
      channel.write(buffer);
    } catch (PortUnreachableException nobodyListened) {
      // The daemon refused an earlier datagram (a connected socket hears of it): not up yet, or restarting. The
      // address is still right; this one is counted as dropped like any unsent document.
      throw nobodyListened;
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
    try {
      if (channel.isConnected()) {
        channel.disconnect();
      }
      channel.connect(looked);
    } catch (IOException e) {
      AgentLog.warnOnce("xray.daemon.connect", "xray: cannot address the X-Ray daemon at " + looked, e);
      return null;
    }
    address = looked;
    return looked;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more is sent
    }
  }

  @Override
  public String describe() {
    return "X-Ray daemon udp " + host + ":" + port;
  }
}
