package dev.quartet.bench.sink;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A hanging backend on 127.0.0.1: TCP connections are accepted and never read or answered (until the client's own
 * timeout gives up), and a UDP socket on the same port number is bound but never read, so datagrams pile up in
 * its buffer and are dropped by the kernel. At most {@link #MAX_HELD} connections are held; older ones are closed.
 */
final class BlackHole implements AutoCloseable {
  static final int MAX_HELD = 1000;

  private final Counters counters;
  private final ServerSocket tcp;
  private final DatagramSocket udp;
  private final Deque<Socket> held = new ArrayDeque<>();
  private final Thread acceptor;

  BlackHole(Counters counters) throws IOException {
    this.counters = counters;
    UdpAndTcp<ServerSocket> sockets =
        UdpAndTcp.bind(port -> new ServerSocket(port, 128, InetAddress.getLoopbackAddress()));
    udp = sockets.udp;
    udp.setReceiveBufferSize(4096);
    tcp = sockets.tcp;
    acceptor = new Thread(this::accept, "black-hole-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return tcp.getLocalPort();
  }

  private void accept() {
    while (!tcp.isClosed()) {
      try {
        Socket s = tcp.accept();
        counters.increment("blackhole.connections");
        synchronized (held) {
          held.addLast(s);
          if (held.size() > MAX_HELD) {
            Sinks.closeQuietly(held.removeFirst());
          }
        }
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Override
  public void close() {
    Sinks.closeQuietly(tcp);
    Sinks.closeQuietly(udp);
    synchronized (held) {
      held.forEach(Sinks::closeQuietly);
      held.clear();
    }
  }
}
