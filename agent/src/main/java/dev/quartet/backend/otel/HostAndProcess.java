package dev.quartet.backend.otel;

import dev.quartet.core.DeployedApp;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.ResourceBuilder;
import java.io.File;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The resource attributes the OpenTelemetry Java agent's resource providers give every span, from the JDK alone (the
 * {@code opentelemetry-resources} library would add its own classes to the agent jar for the same few lines):
 * {@code service.version}, {@code service.instance.id}, {@code host.*}, {@code os.*}, {@code process.pid},
 * {@code process.executable.path} and {@code process.runtime.*}. The command line is left out on purpose: it may carry
 * secrets ({@code -Drollbar.access.token=…}). What {@code OTEL_RESOURCE_ATTRIBUTES} sets wins over all of these.
 */
final class HostAndProcess {
  /**
   * One id per JVM, a random (version 4) UUID as the agent's {@code ServiceInstanceIdResourceProvider} makes it, drawn
   * from {@link ThreadLocalRandom} like the core's trace ids: {@code UUID.randomUUID()}'s SecureRandom costs the
   * security providers' set-up (some 15 ms of CPU on the SDK's start thread) for an id that must be unique, not secret.
   */
  private static final String INSTANCE_ID = randomUuid(ThreadLocalRandom.current()).toString();

  private HostAndProcess() {}

  static Resource resource() {
    ResourceBuilder r = Resource.builder();
    String version = DeployedApp.current().version();
    if (version != null) {
      r.put("service.version", version);
    }
    r.put("service.instance.id", INSTANCE_ID);
    String host = hostName();
    if (host != null) {
      r.put("host.name", host);
    }
    r.put("host.arch", arch(System.getProperty("os.arch", "")));
    r.put("os.type", osType(System.getProperty("os.name", "")));
    r.put("os.description", System.getProperty("os.name", "") + " " + System.getProperty("os.version", ""));
    r.put(AttributeKey.longKey("process.pid"), ProcessHandle.current().pid());
    r.put(
        "process.executable.path",
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    r.put("process.runtime.name", System.getProperty("java.runtime.name", ""));
    r.put("process.runtime.version", System.getProperty("java.runtime.version", ""));
    r.put(
        "process.runtime.description",
        System.getProperty("java.vm.vendor", "") + " " + System.getProperty("java.vm.name", "") + " "
            + System.getProperty("java.vm.version", ""));
    return r.build();
  }

  /** A version 4 (random), variant 2 UUID. */
  static UUID randomUuid(Random random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isEmpty() ? null : env;
    }
  }

  /** The semantic conventions' {@code host.arch} values. */
  static String arch(String osArch) {
    String a = osArch.toLowerCase(Locale.ROOT);
    switch (a) {
      case "amd64":
      case "x86_64":
        return "amd64";
      case "aarch64":
      case "arm64":
        return "arm64";
      case "x86":
      case "i386":
      case "i486":
      case "i586":
      case "i686":
        return "x86";
      case "arm":
      case "arm32":
        return "arm32";
      case "ppc64":
      case "ppc64le":
        return "ppc64";
      default:
        return a;
    }
  }

  /** The semantic conventions' {@code os.type} values. */
  static String osType(String osName) {
    String n = osName.toLowerCase(Locale.ROOT);
    if (n.startsWith("windows")) {
      return "windows";
    }
    if (n.startsWith("linux")) {
      return "linux";
    }
    if (n.startsWith("mac")) {
      return "darwin";
    }
    if (n.startsWith("freebsd")) {
      return "freebsd";
    }
    if (n.startsWith("netbsd")) {
      return "netbsd";
    }
    if (n.startsWith("openbsd")) {
      return "openbsd";
    }
    if (n.startsWith("sunos") || n.startsWith("solaris")) {
      return "solaris";
    }
    if (n.startsWith("aix")) {
      return "aix";
    }
    if (n.contains("z/os")) {
      return "z_os";
    }
    return n;
  }
}
