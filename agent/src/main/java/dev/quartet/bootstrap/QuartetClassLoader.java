package dev.quartet.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
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

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    String path = PREFIX + name.replace('.', '/') + ".classdata";
    JarEntry entry = jar.getJarEntry(path);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, domain);
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
