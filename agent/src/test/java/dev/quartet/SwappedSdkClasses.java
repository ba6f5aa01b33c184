package dev.quartet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * For the tests of the SDK classes Quartet swaps for its own at shade time (agent/pom.xml): the test class path in a
 * loader of its own (parent: the platform loader) in which either Quartet's class or the SDK jar's own is found
 * first, so one test can run the same code with each and see which classes it loads.
 */
public final class SwappedSdkClasses extends URLClassLoader {
  /** {@code sdkJarFirst}: the SDK jar holding {@code sdkClass} ahead of Quartet's classes, else behind everything. */
  public SwappedSdkClasses(Class<?> sdkClass, boolean sdkJarFirst) throws MalformedURLException {
    super(classPath(jarOf(sdkClass), sdkJarFirst), ClassLoader.getPlatformClassLoader());
  }

  /** Whether this loader has loaded {@code name} (not asking its parent, nor loading it). */
  public boolean loaded(String name) {
    return findLoadedClass(name) != null;
  }

  /** The jar (or folder) on the test class path that {@code c} was loaded from. */
  public static String jarOf(Class<?> c) {
    return new File(c.getProtectionDomain().getCodeSource().getLocation().getPath()).getPath();
  }

  private static URL[] classPath(String sdkJar, boolean sdkJarFirst) throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    if (sdkJarFirst) {
      urls.add(new File(sdkJar).toURI().toURL());
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.equals(sdkJar)) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    if (!sdkJarFirst) {
      urls.add(new File(sdkJar).toURI().toURL());
    }
    assertTrue(urls.size() > 10, "the test class path: " + urls);
    return urls.toArray(new URL[0]);
  }
}
