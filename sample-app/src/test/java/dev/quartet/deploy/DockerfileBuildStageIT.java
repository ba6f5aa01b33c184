package dev.quartet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs here, so the Dockerfile's build stage is run as a script: its COPY lines copy exactly those
 * paths of the repository into an empty directory, its RUN lines run there with bash. A source the build needs but
 * the stage does not copy fails the build here as it would in {@code docker build}.
 */
class DockerfileBuildStageIT {

  @Test
  void theBuildStageBuildsBothJarsFromWhatItCopies(@TempDir Path root) throws IOException {
    Path repo = RepoTools.repo();
    List<String> stage = buildStage(Files.readAllLines(repo.resolve("Dockerfile")));
    Path workdir = root;
    int runs = 0;
    for (String instruction : stage) {
      String[] parts = instruction.split("\\s+", 2);
      switch (parts[0]) {
        case "WORKDIR":
          workdir = Files.createDirectories(root.resolve(parts[1].replaceFirst("^/", "")));
          break;
        case "COPY": {
          String[] args = parts[1].trim().split("\\s+");
          assertEquals(2, args.length, () -> "COPY with one source and one destination: " + instruction);
          Path source = repo.resolve(args[0]);
          Path target = args[1].endsWith("/") && !Files.isDirectory(source)
              ? workdir.resolve(args[1]).resolve(source.getFileName().toString())
              : workdir.resolve(args[1]);
          copy(source, target.normalize());
          break;
        }
        case "RUN": {
          RepoTools.Result r = RepoTools.run(workdir, Map.of(), 1500, "bash", "-euo", "pipefail", "-c", parts[1]);
          assertEquals(0, r.exit(), () -> "RUN " + parts[1] + "\n" + r.both());
          runs++;
          break;
        }
        default:
          fail("the build stage has an instruction this test does not run: " + instruction);
      }
    }
    assertTrue(runs > 0, "no RUN in the build stage");
    assertTrue(Files.size(workdir.resolve("agent/target/quartet-agent.jar")) > 1_000_000);
    assertTrue(Files.size(workdir.resolve("sample-app/target/sample-app.jar")) > 1_000_000);
  }

  /** The instructions of the stage named {@code build}, continuation lines joined, comments left out. */
  static List<String> buildStage(List<String> lines) {
    List<String> out = new ArrayList<>();
    boolean inStage = false;
    StringBuilder pending = new StringBuilder();
    for (String raw : lines) {
      String line = raw.trim();
      if (pending.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      String instruction = pending.append(line).toString().trim();
      pending.setLength(0);
      if (instruction.startsWith("FROM ")) {
        inStage = instruction.matches("FROM\\s+\\S+\\s+(?i:AS)\\s+build");
        continue;
      }
      if (inStage) {
        out.add(instruction);
      }
    }
    assertTrue(!out.isEmpty(), "no stage 'FROM … AS build' in the Dockerfile");
    return out;
  }

  private static void copy(Path source, Path target) throws IOException {
    assertTrue(Files.exists(source), () -> "COPY of a path that does not exist: " + source);
    if (!Files.isDirectory(source)) {
      Files.createDirectories(target.getParent());
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.toString().contains("/target/")) {
          continue; // .dockerignore: **/target/
        }
        Path t = target.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
