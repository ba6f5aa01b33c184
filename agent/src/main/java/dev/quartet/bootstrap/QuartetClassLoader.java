package dev.quartet.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads Quartet's core and its relocated third-party code from the {@code inst/} folder of the agent jar, where
 * classes are stored as {@code .classdata} so that no other class loader (nor a class-path scanner) finds them.
 */
public final class QuartetClassLoader extends ClassLoader {
  static final String PREFIX = "inst/";
  /** Quartet's classes (its core and the relocated libraries): only the agent jar has them. */
  private static final String OWN_CLASSES = "dev.quartet.";
  /** The bridge, defined in the bootstrap loader: reached through the parent like any JDK class. */
  private static final String BRIDGE_CLASSES = "dev.quartet.bootstrap.";
  private static final String OWN_RESOURCES = "dev/quartet/";
  private static final String BRIDGE_RESOURCES = "dev/quartet/bootstrap/";
  /** Service files naming a Quartet or relocated interface (the OpenTelemetry SDK's SPIs, read by ServiceLoader). */
  private static final String OWN_SERVICES = "META-INF/services/dev.quartet.";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain domain;

  public QuartetClassLoader(JarFile jar, ClassLoader parent) throws MalformedURLException {
    super(parent);
    this.jar = jar;
    URL location = new java.io.File(jar.getName()).toURI().toURL();
    this.jarUrl = "jar:" + location + "!/";
    this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
  }

  /**
   * Quartet's own classes are defined here without asking the parent first: no other loader can have them, and asking
   * costs the platform and bootstrap loaders' lookups and a ClassNotFoundException (with its stack trace) for each of
   * the thousands of classes Quartet loads. Every other name is delegated as usual.
   */
  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!isOwnClass(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = findClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  static boolean isOwnClass(String name) {
    return name.startsWith(OWN_CLASSES) && !name.startsWith(BRIDGE_CLASSES);
  }

  static boolean isOwnResource(String name) {
    return name.startsWith(OWN_SERVICES)
        || name.startsWith(OWN_RESOURCES) && !name.startsWith(BRIDGE_RESOURCES);
  }

  /** Quartet's own resources (advice class files, relocated libraries' files, their service files) only from here. */
  @Override
  public URL getResource(String name) {
    return isOwnResource(name) ? findResource(name) : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return isOwnResource(name) ? findResources(name) : super.getResources(name);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    String path = PREFIX + name.replace('.', '/') + ".classdata";
    JarEntry entry = jar.getJarEntry(path);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = read(in, entry.getSize());
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  /**
   * The entry's bytes, inflated straight into an array of the size the jar's directory gives: {@code readAllBytes}
   * gathers them in 8 KB chunks and copies them once more, for each of the thousands of classes defined here.
   */
  static byte[] read(InputStream in, long size) throws IOException {
    if (size < 0 || size > Integer.MAX_VALUE - 8) {
      return in.readAllBytes();
    }
    byte[] bytes = new byte[(int) size];
    int n = in.readNBytes(bytes, 0, bytes.length);
    return n == bytes.length ? bytes : Arrays.copyOf(bytes, n);
  }

  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot > 0) {
      String pkg = className.substring(0, dot);
      if (getDefinedPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException raced) {
          // another thread defined it first
        }
      }
    }
  }

  @Override
  protected URL findResource(String name) {
    // Byte Buddy reads advice class files as resources: map "x/Y.class" to the stored "x/Y.classdata".
    String stored = PREFIX + (name.endsWith(".class") ? name + "data" : name);
    if (jar.getJarEntry(stored) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + stored);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
  }
}
