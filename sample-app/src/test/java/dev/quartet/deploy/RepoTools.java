package dev.quartet.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The repository's own files (compose, Dockerfile, aws/, scripts) and the command-line tools that check them. A tool
 * that is missing skips the check on a developer's machine, and fails it in CI ({@code CI=true}), where
 * {@code .ci/run} installs every one of them.
 */
final class RepoTools {
  private RepoTools() {}

  /** The repository's top directory (the sample-app module's parent). */
  static Path repo() {
    Path module = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    Path top = Files.exists(module.resolve("docker-compose.yml")) ? module : module.getParent();
    if (!Files.exists(top.resolve("docker-compose.yml"))) {
      fail("no docker-compose.yml in " + module + " or its parent");
    }
    return top;
  }

  /** Fails under CI, skips elsewhere, when {@code tool} is not on the PATH. */
  static void requireTool(String tool) {
    boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Paths.get(dir, tool)));
    if (found) {
      return;
    }
    String why = tool + " is not installed (.ci/run installs it: apt-get install -y docker-compose shellcheck jq)";
    if ("true".equals(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort(why);
  }

  record Result(int exit, String stdout, String stderr) {
    String both() {
      return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** Runs {@code command} in {@code dir} with {@code env} added, stdin closed, within {@code timeoutSeconds}. */
  static Result run(Path dir, Map<String, String> env, long timeoutSeconds, String... command) {
    try {
      Path out = Files.createTempFile("repo-tool", ".out");
      Path err = Files.createTempFile("repo-tool", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s; stderr:\n"
              + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every shell script of the repository that a user or CI runs. */
  static List<Path> shellScripts() throws IOException {
    Path top = repo();
    List<Path> scripts = new ArrayList<>(List.of(top.resolve("demo.sh"), top.resolve(".ci/run")));
    try (var s = Files.list(top.resolve("aws/bin"))) {
      s.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(scripts::add);
    }
    return scripts;
  }
}
