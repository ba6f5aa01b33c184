package dev.quartet.bench.sink;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A UDP socket and a TCP server on the same loopback port number, as an X-Ray daemon address {@code host:port}
 * means both (segments over UDP, the sampling proxy over TCP).
 */
final class UdpAndTcp<T> {
  /** Binds the TCP side on {@code port}; throws BindException when that port is taken for TCP. */
  interface TcpServer<T> {
    T bind(int port) throws IOException;
  }

  static final int ATTEMPTS = 50;

  final DatagramSocket udp;
  final T tcp;

  private UdpAndTcp(DatagramSocket udp, T tcp) {
    this.udp = udp;
    this.tcp = tcp;
  }

  /** An ephemeral UDP port, then the TCP server on the same number; another port if that one is taken for TCP. */
  static <T> UdpAndTcp<T> bind(TcpServer<T> tcpServer) throws IOException {
    BindException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try {
        return new UdpAndTcp<>(udp, tcpServer.bind(udp.getLocalPort()));
      } catch (BindException taken) {
        udp.close();
        last = taken;
      }
    }
    throw new IOException("no loopback port free for both UDP and TCP after " + ATTEMPTS + " tries", last);
  }

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }
}
