package dev.quartet.backend.cloudwatch;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log stream name template ({@code quartet.cloudwatch.log-stream}): {@code {hostname}}, {@code {service}},
 * {@code {pid}}, {@code {start}} are filled once; {@code {date}} is the UTC day of each event, so a long-running
 * process starts a new stream every day. Names are made valid for CloudWatch (no ':' or '*', at most 512 chars).
 */
final class StreamNames {
  static final List<String> PLACEHOLDERS = List.of("hostname", "service", "pid", "date", "start");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_]+)\\}");
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String fixed;
  private final boolean perDay;
  private long cachedDay = Long.MIN_VALUE;
  private String cachedName;

  /** Fills everything but {@code {date}}; unknown placeholders are left as they are (see {@link #unknown}). */
  StreamNames(String template, String service, String hostname, long pid, Instant start) {
    this.fixed =
        template
            .replace("{hostname}", hostname)
            .replace("{service}", service)
            .replace("{pid}", Long.toString(pid))
            .replace("{start}", START.format(start));
    this.perDay = fixed.contains("{date}");
  }

  /** Placeholders of {@code template} that are not known (reported once at start). */
  static List<String> unknown(String template) {
    List<String> out = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        out.add(m.group());
      }
    }
    return out;
  }

  /** The stream an event of this time goes to. Called by the sender thread only. */
  String forEvent(long epochMillis) {
    long day = Math.floorDiv(epochMillis, 86_400_000L);
    if (day != cachedDay) {
      String name = perDay ? fixed.replace("{date}", LocalDate.ofEpochDay(day).toString()) : fixed;
      cachedName = valid(name);
      cachedDay = day;
    }
    return cachedName;
  }

  /** ':' and '*' are the only characters CloudWatch refuses in a stream name; 1 to 512 characters. */
  static String valid(String name) {
    String v = name.replace(':', '-').replace('*', '-');
    if (v.isEmpty()) {
      return "quartet";
    }
    return v.length() <= 512 ? v : v.substring(0, 512);
  }

  /**
   * This machine's name without a DNS lookup when possible ($HOSTNAME, the kernel's hostname); a lookup can hang
   * for seconds on a badly configured resolver, so it is the last resort, and it runs on the sender thread.
   */
  static String hostname() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.trim().isEmpty()) {
      return env.trim();
    }
    env = System.getenv("COMPUTERNAME");
    if (env != null && !env.trim().isEmpty()) {
      return env.trim();
    }
    try {
      String kernel =
          new String(Files.readAllBytes(Paths.get("/proc/sys/kernel/hostname")), StandardCharsets.UTF_8).trim();
      if (!kernel.isEmpty()) {
        return kernel;
      }
    } catch (IOException | RuntimeException notLinux) {
      // try the resolver
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      return "localhost";
    }
  }
}
