package dev.quartet.bench.sink;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
    ServerSocket server = null;
    DatagramSocket datagrams = null;
    BindException last = null;
    for (int attempt = 0; attempt < 50 && server == null; attempt++) {
      datagrams = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      datagrams.setReceiveBufferSize(4096);
      try {
        server = new ServerSocket(datagrams.getLocalPort(), 128, InetAddress.getLoopbackAddress());
      } catch (BindException taken) {
        datagrams.close();
        last = taken;
      }
    }
    if (server == null) {
      throw new IOException("no loopback port free for both UDP and TCP after 50 tries", last);
    }
    tcp = server;
    udp = datagrams;
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
            closeQuietly(held.removeFirst());
          }
        }
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closeQuietly(tcp);
    closeQuietly(udp);
    synchronized (held) {
      held.forEach(BlackHole::closeQuietly);
      held.clear();
    }
  }
}
