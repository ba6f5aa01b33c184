package dev.quartet.instrumentation;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.URL;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.utility.JavaModule;

/**
 * Where the type pools read the class files of super types from: the class loader's resource, as Byte Buddy does, but
 * a class file inside a plain jar ({@code jar:file:…!/a/B.class}) is read from that jar directly, unverified. Through
 * the loader's {@code getResourceAsStream} a jar URL is opened as a fresh {@code JarFile} whenever URL caching is off,
 * which Tomcat turns off for every jar URL of the JVM: each super type read its jar's manifest again, and in a signed
 * jar (Eclipse's compiler, which Jasper loads to compile JSPs) checked its signature, for about half of Quartet's
 * class-matching CPU while Tomcat starts. The jar opened here shares the JDK's open zip of the loader's own
 * {@code JarFile} and is closed again at once; the bytes only serve matching, never define a class. The loader is
 * held weakly (see {@link TypePoolCache}).
 */
public final class ClassFileLocations implements AgentBuilder.LocationStrategy {
  public static final ClassFileLocations INSTANCE = new ClassFileLocations();

  private ClassFileLocations() {}

  @Override
  public ClassFileLocator classFileLocator(ClassLoader loader, JavaModule module) {
    return loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : new FromLoader(loader);
  }

  static final class FromLoader implements ClassFileLocator {
    private final WeakReference<ClassLoader> loader;

    FromLoader(ClassLoader loader) {
      this.loader = new WeakReference<>(loader);
    }

    @Override
    public Resolution locate(String name) throws IOException {
      ClassLoader l = loader.get();
      if (l == null) {
        return new Resolution.Illegal(name);
      }
      String resource = name.replace('.', '/') + ".class";
      URL url = l.getResource(resource);
      byte[] bytes = url == null ? null : fromPlainJar(url, resource);
      if (bytes == null) {
        try (InputStream in = url == null ? l.getResourceAsStream(resource) : url.openStream()) {
          if (in == null) {
            return new Resolution.Illegal(name);
          }
          bytes = in.readAllBytes();
        }
      }
      return new Resolution.Explicit(bytes);
    }

    @Override
    public void close() {}
  }

  /**
   * The entry's bytes when {@code url} names {@code resource} in a jar file on disk, else null (nested jars, versioned
   * entries, other protocols: read through the URL).
   */
  static byte[] fromPlainJar(URL url, String resource) {
    if (!"jar".equals(url.getProtocol())) {
      return null;
    }
    String spec = url.getFile();
    int separator = spec.indexOf("!/");
    if (separator < 0 || !spec.startsWith("file:") || !spec.substring(separator + 2).equals(resource)) {
      return null;
    }
    try (ZipFile jar = new ZipFile(new File(new URI(spec.substring(0, separator))))) {
      ZipEntry entry = jar.getEntry(resource);
      if (entry == null) {
        return null;
      }
      try (InputStream in = jar.getInputStream(entry)) {
        return in.readAllBytes();
      }
    } catch (Exception | LinkageError e) {
      return null; // read through the URL instead
    }
  }
}
