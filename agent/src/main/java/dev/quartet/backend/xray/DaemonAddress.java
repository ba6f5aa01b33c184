package dev.quartet.backend.xray;

import java.util.Locale;

/**
 * {@code AWS_XRAY_DAEMON_ADDRESS} as the X-Ray SDK reads it: {@code host:port} for both segments (UDP) and sampling
 * (TCP), or {@code tcp:host:port udp:host:port} in either order. Parsed and checked here, not by the SDK's
 * {@code DaemonConfiguration}, which reads the variable itself again and so cannot be told to use the default instead
 * of a bad value.
 */
final class DaemonAddress {
  static final DaemonAddress DEFAULT = parse(XrayBackend.DEFAULT_DAEMON);
  static final String FORMS = "host:port or \"tcp:host:port udp:host:port\" (port 1-65535)";

  final String udpHost;
  final int udpPort;
  /** {@code host:port} of the daemon's sampling proxy. */
  final String tcp;

  private DaemonAddress(String udpHost, int udpPort, String tcp) {
    this.udpHost = udpHost;
    this.udpPort = udpPort;
    this.tcp = tcp;
  }

  /** The address, or null when {@code text} is not one of {@link #FORMS}. */
  static DaemonAddress parse(String text) {
    String[] parts = text.trim().split("\\s+");
    if (parts.length == 1) {
      String[] hostPort = hostPort(parts[0]);
      return hostPort == null ? null : new DaemonAddress(hostPort[0], Integer.parseInt(hostPort[1]), parts[0]);
    }
    if (parts.length != 2) {
      return null;
    }
    String tcp = null;
    String udp = null;
    for (String p : parts) {
      String lower = p.toLowerCase(Locale.ROOT);
      if (lower.startsWith("tcp:") && tcp == null) {
        tcp = p.substring(4);
      } else if (lower.startsWith("udp:") && udp == null) {
        udp = p.substring(4);
      }
    }
    String[] u = udp == null ? null : hostPort(udp);
    if (u == null || tcp == null || hostPort(tcp) == null) {
      return null;
    }
    return new DaemonAddress(u[0], Integer.parseInt(u[1]), tcp);
  }

  private static String[] hostPort(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      return null;
    }
    String host = s.substring(0, colon);
    String port = s.substring(colon + 1);
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535
        || host.indexOf(':') >= 0 && !(host.startsWith("[") && host.endsWith("]"))) {
      return null;
    }
    return new String[] {host, port};
  }

  @Override
  public String toString() {
    String udp = udpHost + ":" + udpPort;
    return udp.equals(tcp) ? udp : "tcp:" + tcp + " udp:" + udp;
  }
}
