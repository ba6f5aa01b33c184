package dev.quartet.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/** What the numbers were measured on: nproc, CPU model, free -h, java -version, kernel, wrk, load average. */
final class Machine {
  private Machine() {}

  static ObjectNode describe(Path java, String wrk) {
    ObjectNode m = new ObjectMapper().createObjectNode();
    m.put("nproc", command(List.of("nproc")).trim());
    m.put("cpuModel", cpuModel());
    m.put("memory", command(List.of("free", "-h")).stripTrailing());
    m.put("java", command(List.of(java.toString(), "-version")).stripTrailing());
    m.put("kernel", command(List.of("uname", "-srm")).trim());
    m.put("wrk", command(List.of(wrk, "--version")).lines().findFirst().orElse("").trim());
    m.put("loadAverageBefore", loadAverage());
    return m;
  }

  static String loadAverage() {
    try {
      return Files.readString(Paths.get("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Paths.get("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String command(List<String> cmd) {
    try {
      return Children.run(cmd, Duration.ofSeconds(30));
    } catch (Exception e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
