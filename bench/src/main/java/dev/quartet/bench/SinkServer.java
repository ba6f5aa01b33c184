package dev.quartet.bench;

import dev.quartet.bench.sink.Sinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The loopback sinks as a process of their own (bench/jmh.sh uses it): starts them, writes {@code bench/backends.env}
 * filled with their addresses as shell exports to {@code --env-out}, then serves until its standard input closes or
 * {@code --max-seconds} (default 3600) pass, and prints what it received.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.quartet.bench.SinkServer --env bench/backends.env --env-out F</pre>
 */
public final class SinkServer {
  private SinkServer() {}

  public static void main(String[] args) throws Exception {
    Path template = Paths.get("bench/backends.env");
    Path out = null;
    long maxSeconds = 3600;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--env":
          template = Paths.get(args[++i]);
          break;
        case "--env-out":
          out = Paths.get(args[++i]);
          break;
        case "--max-seconds":
          maxSeconds = Long.parseLong(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--env-out FILE is required");
    }
    try (Sinks sinks = Sinks.healthy()) {
      // also when stopped by a signal (bench/jmh.sh's trap): say what arrived
      java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();
      Runnable report = () -> {
        if (reported.compareAndSet(false, true)) {
          System.err.println("sinks received: " + sinks.counts());
        }
      };
      Runtime.getRuntime().addShutdownHook(new Thread(report, "sinks-report"));
      Map<String, String> env = BackendsEnv.read(template, sinks.placeholders());
      Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
      Files.writeString(tmp, BackendsEnv.asShellExports(env), StandardCharsets.UTF_8);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      System.err.println("sinks: " + sinks.placeholders());
      waitForStdinEofOrDeadline(maxSeconds);
      report.run();
    }
  }

  private static void waitForStdinEofOrDeadline(long maxSeconds) throws InterruptedException {
    Thread stdin =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // discard until EOF
                }
              } catch (IOException closed) {
                // EOF is as good as closed
              }
            },
            "stdin-watch");
    stdin.setDaemon(true);
    stdin.start();
    stdin.join(maxSeconds * 1000);
  }
}
