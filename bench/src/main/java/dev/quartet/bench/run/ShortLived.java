package dev.quartet.bench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A JVM whose main returns at once: {@code java [-javaagent:…] -cp DIR Hello} (Hello prints one line). Its wall time
 * from the start to the exit, and its user+sys CPU, which bash's {@code times} reports for a finished child (the
 * process is gone before /proc could be read). bash adds the same few milliseconds to every variant.
 */
final class ShortLived {
  static final String SOURCE =
      "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }\n";
  /** Generous: on a loaded 2-core machine the OTel agent alone keeps Hello alive for minutes. */
  static final Duration BOUND = Duration.ofSeconds(600);
  private static final Pattern TIME = Pattern.compile("(\\d+)m([0-9.]+)s");

  private ShortLived() {}

  /** Compiles Hello into {@code dir} (the same class the startup work measures). */
  static Path compileHello(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path source = dir.resolve("Hello.java");
    Files.writeString(source, SOURCE, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null || javac.run(null, null, null, "--release", "11", "-d", dir.toString(), source.toString())
        != 0) {
      throw new IOException("could not compile " + source + " (the runner needs a JDK)");
    }
    return dir;
  }

  /** One run's figures. */
  static final class Result {
    final double wallMs;
    final double cpuMs;
    final int exitCode;
    final List<String> output;

    Result(double wallMs, double cpuMs, int exitCode, List<String> output) {
      this.wallMs = wallMs;
      this.cpuMs = cpuMs;
      this.exitCode = exitCode;
      this.output = output;
    }
  }

  static Result run(Path java, Path agent, Path classes, Map<String, String> env, Path dir)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path times = dir.resolve("times.txt");
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", "out=$1; shift; \"$@\"; s=$?; times > \"$out\"; exit $s",
        "bash", times.toString(), java.toString()));
    if (agent != null) {
      cmd.add("-javaagent:" + agent);
    }
    cmd.addAll(List.of("-cp", classes.toString(), "Hello"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("output.log").toFile());
    AppJvm.scrub(pb.environment());
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = Children.start(pb);
    p.getOutputStream().close();
    if (!p.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
      Children.kill(p);
      throw new IOException("the short-lived JVM did not exit within " + BOUND.toSeconds() + " s; see " + dir);
    }
    double wallMs = (System.nanoTime() - t0) / 1e6;
    return new Result(wallMs, childrenCpuMillis(Files.readString(times)), p.exitValue(),
        Files.readAllLines(dir.resolve("output.log"), StandardCharsets.ISO_8859_1));
  }

  /**
   * bash's {@code times}: a line for the shell, then one for its children ({@code 0m0.412s 0m0.087s}, user and
   * system); the children's sum in milliseconds.
   */
  static double childrenCpuMillis(String timesOutput) throws IOException {
    String[] lines = timesOutput.strip().split("\n");
    if (lines.length < 2) {
      throw new IOException("unexpected output of bash's times: \"" + timesOutput + "\"");
    }
    Matcher m = TIME.matcher(lines[1]);
    double ms = 0;
    int found = 0;
    while (m.find()) {
      ms += Long.parseLong(m.group(1)) * 60_000.0 + Double.parseDouble(m.group(2)) * 1000.0;
      found++;
    }
    if (found != 2) {
      throw new IOException("unexpected output of bash's times: \"" + timesOutput + "\"");
    }
    return ms;
  }
}
