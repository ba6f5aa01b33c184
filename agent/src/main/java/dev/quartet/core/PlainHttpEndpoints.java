package dev.quartet.core;

import dev.quartet.config.Config;
import dev.quartet.config.Settings;
import java.net.URI;
import java.util.Locale;

/**
 * The threat of a plain {@code http://} endpoint on another host: the API key in its headers (Honeycomb's
 * {@code x-honeycomb-team}, Rollbar's token, AWS signatures) and every span, log line and error cross the network
 * readable by anyone on the path. One warning line at startup names it, unless {@code quartet.allow-plain-http} says
 * the network is trusted. Loopback (a collector or proxy on the same machine) is not warned about.
 */
public final class PlainHttpEndpoints {
  private PlainHttpEndpoints() {}

  /** Warns (once per backend) when {@code url} is plain HTTP to a host other than loopback. */
  public static void warnIfPlain(Config config, String backend, String url) {
    if (url == null || config.getBoolean(Settings.ALLOW_PLAIN_HTTP)) {
      return;
    }
    String where = plainRemote(url);
    if (where != null) {
      AgentLog.warnOnce(
          "plain-http." + backend,
          backend + ": " + where + " is plain HTTP to another host: its API key and the telemetry cross the network"
              + " unencrypted; use https://, or set " + Settings.ALLOW_PLAIN_HTTP.envName()
              + "=true if the network is trusted (docs/SECURITY.md)",
          null);
    }
  }

  /** {@code http://host:port} (no user info, path or query) when the URL is plain HTTP to a non-loopback host. */
  static String plainRemote(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (Exception e) {
      return null; // not a URL: its backend reports it
    }
    if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("http") || uri.getHost() == null) {
      return null;
    }
    if (isLoopback(uri.getHost())) {
      return null;
    }
    return "http://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  /** By name only: a lookup here could hang the app's start on a slow DNS. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.startsWith("127.")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }
}
