package dev.quartet.instrumentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFileLocationsTest {
  private static final String FIXTURE = "dev.quartet.fixture.AppException";
  private static final String RESOURCE = "dev/quartet/fixture/AppException.class";

  @TempDir Path dir;

  private static byte[] fixtureBytes() throws Exception {
    try (InputStream in = ClassFileLocationsTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return in.readAllBytes();
    }
  }

  private Path jarWithFixture() throws Exception {
    Path jar = dir.resolve("app lib.jar"); // a space: the jar URL's path is encoded
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out)) {
      zip.putNextEntry(new JarEntry(RESOURCE));
      zip.write(fixtureBytes());
      zip.closeEntry();
    }
    return jar;
  }

  @Test
  void readsAClassFileInAJarDirectlyAsTheLoaderSeesIt() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jarWithFixture().toUri().toURL()}, null)) {
      URL url = loader.getResource(RESOURCE);
      assertArrayEquals(fixtureBytes(), ClassFileLocations.fromPlainJar(url, RESOURCE));
      ClassFileLocator locator = ClassFileLocations.INSTANCE.classFileLocator(loader, null);
      assertArrayEquals(fixtureBytes(), locator.locate(FIXTURE).resolve());
      TypePool pool = TypePool.Default.of(locator);
      assertEquals("java.lang.RuntimeException", pool.describe(FIXTURE).resolve().getSuperClass().asErasure().getName());
      assertFalse(locator.locate("dev.quartet.fixture.Missing").isResolved());
    }
  }

  /** Directories, the JDK's runtime image: read through the URL, as before. */
  @Test
  void readsOtherLocationsThroughTheLoader() throws Exception {
    ClassLoader loader = ClassFileLocationsTest.class.getClassLoader();
    URL url = loader.getResource(RESOURCE);
    assertEquals("file", url.getProtocol());
    assertNull(ClassFileLocations.fromPlainJar(url, RESOURCE));
    ClassFileLocator locator = ClassFileLocations.INSTANCE.classFileLocator(loader, null);
    assertArrayEquals(fixtureBytes(), locator.locate(FIXTURE).resolve());
    assertNotNull(locator.locate("java.lang.String").resolve());
    assertNotNull(ClassFileLocations.INSTANCE.classFileLocator(null, null).locate("java.lang.String").resolve());
  }

  /** A nested or versioned entry is not the plain jar's: left to the URL's own handler. */
  @Test
  void leavesNestedJarsToTheirHandler() throws Exception {
    Path jar = jarWithFixture();
    URL nested = new URL("jar:" + jar.toUri() + "!/BOOT-INF/lib/x.jar!/" + RESOURCE);
    assertNull(ClassFileLocations.fromPlainJar(nested, RESOURCE));
    URL versioned = new URL("jar:" + jar.toUri() + "!/META-INF/versions/11/" + RESOURCE);
    assertNull(ClassFileLocations.fromPlainJar(versioned, RESOURCE));
  }
}
