package dev.quartet.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quartet.core.TraceIds;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuartetClassLoaderTest {
  static final String SERVICE_FILE = "META-INF/services/dev.quartet.shaded.example.Spi";

  @TempDir Path dir;

  /** An agent-like jar: one core class as inst/…classdata, a relocated library's service file. */
  private JarFile agentJar() throws Exception {
    Path jar = dir.resolve("agent.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("inst/dev/quartet/core/TraceIds.classdata"));
      out.write(classBytes(TraceIds.class));
      out.putNextEntry(new JarEntry("inst/" + SERVICE_FILE));
      out.write("dev.quartet.shaded.example.Impl\n".getBytes(StandardCharsets.UTF_8));
    }
    return new JarFile(jar.toFile());
  }

  private static byte[] classBytes(Class<?> type) throws Exception {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void quartetsClassesComeFromTheJarEvenWhenTheParentHasThem() throws Exception {
    // The test class path (the parent here) has dev.quartet.core.TraceIds too: the jar's copy must win, as no loader
    // but Quartet's can hold Quartet's classes in an app.
    try (JarFile jar = agentJar()) {
      QuartetClassLoader loader = new QuartetClassLoader(jar, getClass().getClassLoader());
      Class<?> loaded = loader.loadClass(TraceIds.class.getName());
      assertSame(loader, loaded.getClassLoader());
      assertSame(loaded, loader.loadClass(TraceIds.class.getName()), "defined once");
      assertNotNull(loaded.getPackage());
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass("dev.quartet.core.NotInTheJar"));
    }
  }

  @Test
  void theBridgeAndTheJdkComeFromTheParent() throws Exception {
    try (JarFile jar = agentJar()) {
      QuartetClassLoader loader = new QuartetClassLoader(jar, getClass().getClassLoader());
      assertSame(Bridge.class, loader.loadClass(Bridge.class.getName()));
      assertSame(String.class, loader.loadClass("java.lang.String"));
      assertNotNull(loader.getResource("dev/quartet/bootstrap/Bridge.class"), "the parent's bridge class file");
    }
  }

  @Test
  void serviceFilesOfRelocatedInterfacesAreFoundOnceInTheJar() throws Exception {
    try (JarFile jar = agentJar()) {
      QuartetClassLoader loader = new QuartetClassLoader(jar, getClass().getClassLoader());
      List<URL> found = Collections.list(loader.getResources(SERVICE_FILE));
      assertEquals(1, found.size());
      try (InputStream in = found.get(0).openStream()) {
        assertEquals("dev.quartet.shaded.example.Impl\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      // Byte Buddy reads advice class files as resources: x/Y.class is the stored x/Y.classdata
      assertNotNull(loader.getResource("dev/quartet/core/TraceIds.class"));
      assertNull(loader.getResource("dev/quartet/core/NotInTheJar.class"));
    }
  }

  @Test
  void readsExactlyTheEntrysBytes() throws Exception {
    byte[] data = new byte[20_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    assertArrayEquals(data, QuartetClassLoader.read(new ByteArrayInputStream(data), data.length));
    assertArrayEquals(data, QuartetClassLoader.read(new ByteArrayInputStream(data), -1), "size unknown");
    byte[] shorter = QuartetClassLoader.read(new ByteArrayInputStream(data, 0, 100), data.length);
    assertEquals(100, shorter.length, "a stream shorter than its entry says");
  }
}
