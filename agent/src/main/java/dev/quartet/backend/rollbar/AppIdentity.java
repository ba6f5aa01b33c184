package dev.quartet.backend.rollbar;

import java.net.InetAddress;

/**
 * The host an item names. Looked up on the sender thread, with the first item, so it costs the app's startup nothing
 * (a host name lookup can take seconds). The code version is the app's ({@link dev.quartet.core.DeployedApp}).
 */
final class AppIdentity {
  private AppIdentity() {}

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isEmpty() ? "unknown" : env;
    }
  }
}
