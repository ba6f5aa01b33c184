package dev.quartet.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the build step src/build/java/dev/quartet/build/DesugarLambdas.java (as the build does, in source-file
 * mode) over the compiled {@link LambdaShapes}, then loads the rewritten classes in their own class loader: they
 * must behave as the originals, and link no lambda but the serializable one.
 */
class DesugarLambdasTest {
  static final String SHAPES = "dev/quartet/build/LambdaShapes";

  @TempDir Path dir;

  @Test
  void rewrittenLambdasBehaveAsTheJdksAndNoneIsLinked() throws Exception {
    Path classes = Paths.get(LambdaShapes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> originals;
    try (Stream<Path> s = Files.list(classes.resolve("dev/quartet/build"))) {
      originals = s.filter(p -> p.getFileName().toString().startsWith("LambdaShapes")).collect(Collectors.toList());
    }
    Path pkg = Files.createDirectories(dir.resolve("dev/quartet/build"));
    for (Path p : originals) {
      Files.copy(p, pkg.resolve(p.getFileName()));
    }

    String summary = runStep(dir);

    // the serializable lambda's site, and its copy in javac's $deserializeLambda$
    assertTrue(summary.contains("left as invokedynamic {serializable=2}"), summary);
    List<String> generated;
    try (Stream<Path> s = Files.list(pkg)) {
      generated =
          s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("$$QLambda$")).collect(Collectors.toList());
    }
    assertTrue(!generated.isEmpty(), "no generated class");
    List<String> linked = new ArrayList<>();
    try (Stream<Path> s = Files.list(pkg)) {
      s.forEach(p -> linked.addAll(lambdaSites(p)));
    }
    assertEquals(List.of(SHAPES + " serializable", SHAPES + " serializable"), linked, "lambda sites left");

    ClassLoader isolated = new DirectoryClassLoader(dir, DesugarLambdasTest.class.getClassLoader());
    Class<?> rewritten = isolated.loadClass(LambdaShapes.class.getName());
    assertTrue(rewritten.getClassLoader() == isolated);
    assertEquals(LambdaShapes.run(), rewritten.getMethod("run").invoke(null));
  }

  static String runStep(Path root) throws IOException, InterruptedException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "src/build/java/dev/quartet/build/DesugarLambdas.java",
                root.toString(),
                "--leave",
                "dev/quartet/bootstrap/")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "step did not end");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  /** The LambdaMetafactory sites of a class file, as "class samName" (serializable ones named so). */
  static List<String> lambdaSites(Path classFile) {
    List<String> sites = new ArrayList<>();
    try {
      byte[] bytes = Files.readAllBytes(classFile);
      String className = new ClassReader(bytes).getClassName();
      LambdaSites.forEach(bytes, (name, desc, bsm, args) ->
          sites.add(className + " " + (LambdaSites.serializable(bsm, args) ? "serializable" : name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sites;
  }

  /** Defines the classes of a directory itself (child first), so the rewritten ones are not the test's own. */
  static final class DirectoryClassLoader extends ClassLoader {
    final Path root;

    DirectoryClassLoader(Path root, ClassLoader parent) {
      super(parent);
      this.root = root;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          Path file = root.resolve(name.replace('.', '/') + ".class");
          if (Files.isRegularFile(file)) {
            try {
              byte[] b = Files.readAllBytes(file);
              c = defineClass(name, b, 0, b.length);
            } catch (IOException e) {
              throw new ClassNotFoundException(name, e);
            }
          } else {
            return super.loadClass(name, resolve);
          }
        }
        return c;
      }
    }
  }
}
