package dev.quartet.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The app this JVM runs, by name and version, as far as they can be known before its first request: every backend
 * names the service and its version from here, so they all agree. Looked at once, in order:
 *
 * <ul>
 *   <li>a servlet container ({@code org.apache.catalina.startup.Bootstrap} with {@code catalina.base}, Jetty's
 *       {@code start.jar} with {@code jetty.base}): the one web app in its {@code webapps} folder, its own ones
 *       (docs, examples, manager, host-manager, and ROOT when another app is there) left out; named by its
 *       {@code web.xml} display-name, else its context name (the WAR's or folder's name, without a {@code ##version});
 *   <li>{@code java -jar app.jar}: the jar's name;
 *   <li>Spring Boot's launcher ({@code org.springframework.boot.loader…}, an unpacked jar): the manifest's
 *       {@code Start-Class};
 *   <li>else the main class's simple name.
 * </ul>
 *
 * The version is the app's {@code Implementation-Version} (the manifest of its jar or WAR, or of the jar that holds
 * the main class), else the {@code version} of its {@code META-INF/maven/…/pom.properties}, else a WAR's
 * {@code ##version}. A container with several web apps (or none yet) is named after its main class.
 */
public final class DeployedApp {
  static final List<String> CONTAINER_OWN_APPS = Arrays.asList("docs", "examples", "manager", "host-manager");
  private static final Pattern DISPLAY_NAME = Pattern.compile("<display-name>\\s*([^<]*?)\\s*</display-name>");

  private static volatile DeployedApp current;

  private final String name;
  private final String version;

  DeployedApp(String name, String version) {
    this.name = name;
    this.version = version;
  }

  /** This JVM's app, looked at once. */
  public static DeployedApp current() {
    DeployedApp app = current;
    if (app == null) {
      synchronized (DeployedApp.class) {
        if (current == null) {
          current = detect(System.getProperty("sun.java.command"), System::getProperty, ClassLoader.getSystemClassLoader());
        }
        app = current;
      }
    }
    return app;
  }

  /** The app's name, or null when nothing names it. */
  public String name() {
    return name;
  }

  /** The app's version, or null when nothing says it. */
  public String version() {
    return version;
  }

  static DeployedApp detect(String command, Function<String, String> properties, ClassLoader appLoader) {
    try {
      String first = command == null || command.trim().isEmpty() ? null : command.trim().split("\\s+")[0];
      if (first == null) {
        return new DeployedApp(null, null);
      }
      Path webapps = webappsFolder(first, properties);
      if (webapps != null) {
        DeployedApp webapp = singleWebapp(webapps);
        if (webapp != null) {
          return webapp;
        }
      }
      if (first.endsWith(".jar")) {
        Path jar = Paths.get(first);
        return new DeployedApp(ServiceNames.fromCommandLine(first), versionOfJar(jar));
      }
      if (first.startsWith("org.springframework.boot.loader.") && appLoader != null) {
        DeployedApp boot = springBootLauncher(appLoader);
        if (boot != null) {
          return boot;
        }
      }
      return new DeployedApp(ServiceNames.fromCommandLine(first), versionOfMainClass(first, appLoader));
    } catch (RuntimeException e) {
      return new DeployedApp(ServiceNames.fromCommandLine(command), null);
    }
  }

  /** The webapps folder of a servlet container started from this command line, or null. */
  static Path webappsFolder(String first, Function<String, String> properties) {
    String base = null;
    if (first.equals("org.apache.catalina.startup.Bootstrap") || first.equals("org.apache.catalina.startup.Catalina")) {
      base = properties.apply("catalina.base");
    } else if (first.equals("start.jar") || first.endsWith("/start.jar") || first.equals("org.eclipse.jetty.start.Main")) {
      base = properties.apply("jetty.base");
      if (base == null) {
        base = properties.apply("user.dir");
      }
    }
    if (base == null) {
      return null;
    }
    Path webapps = Paths.get(base, "webapps");
    return Files.isDirectory(webapps) ? webapps : null;
  }

  /** The one app in {@code webapps} (a WAR or a folder; a WAR and the folder it was unpacked to are one), or null. */
  static DeployedApp singleWebapp(Path webapps) {
    Map<String, Path> apps = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(webapps)) {
      for (Path p : entries) {
        String file = p.getFileName().toString();
        if (file.startsWith(".")) {
          continue;
        }
        if (file.endsWith(".war") && Files.isRegularFile(p)) {
          apps.put(file.substring(0, file.length() - 4), p); // the WAR wins over the folder it was unpacked to
        } else if (Files.isDirectory(p)) {
          apps.putIfAbsent(file, p);
        }
      }
    } catch (IOException e) {
      return null;
    }
    apps.keySet().removeAll(CONTAINER_OWN_APPS);
    if (apps.size() > 1) {
      apps.remove("ROOT"); // the container's welcome page beside the app
    }
    if (apps.size() != 1) {
      return null;
    }
    Map.Entry<String, Path> app = apps.entrySet().iterator().next();
    return webapp(app.getKey(), app.getValue());
  }

  static DeployedApp webapp(String contextName, Path location) {
    String base = contextName;
    String tagged = null;
    int tag = contextName.indexOf("##");
    if (tag >= 0) {
      base = contextName.substring(0, tag);
      tagged = contextName.substring(tag + 2);
    }
    Archive archive = Archive.of(location);
    String displayName = null;
    String version = null;
    if (archive != null) {
      try (Archive a = archive) {
        String webXml = a.text("WEB-INF/web.xml");
        if (webXml != null) {
          Matcher m = DISPLAY_NAME.matcher(webXml.replaceAll("(?s)<!--.*?-->", ""));
          if (m.find() && !m.group(1).isEmpty()) {
            displayName = m.group(1);
          }
        }
        version = a.version();
      } catch (IOException | RuntimeException e) {
        // named from its context, without a version
      }
    }
    String name = displayName != null ? displayName : base.isEmpty() ? "ROOT" : base.replace('#', '/');
    return new DeployedApp(name, version != null ? version : emptyToNull(tagged));
  }

  private static DeployedApp springBootLauncher(ClassLoader appLoader) {
    try {
      Enumeration<URL> manifests = appLoader.getResources("META-INF/MANIFEST.MF");
      while (manifests.hasMoreElements()) {
        try (InputStream in = manifests.nextElement().openStream()) {
          Attributes main = new Manifest(in).getMainAttributes();
          String start = main.getValue("Start-Class");
          if (start != null && !start.trim().isEmpty()) {
            return new DeployedApp(
                ServiceNames.fromCommandLine(start.trim()), emptyToNull(main.getValue("Implementation-Version")));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not one
    }
    return null;
  }

  static String versionOfJar(Path jar) {
    Archive a = Archive.of(jar);
    if (a == null) {
      return null;
    }
    try (Archive archive = a) {
      return archive.version();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The version of the jar that holds {@code mainClass}, when it comes from a jar file. */
  static String versionOfMainClass(String mainClass, ClassLoader appLoader) {
    if (appLoader == null) {
      return null;
    }
    URL main = appLoader.getResource(mainClass.replace('.', '/') + ".class");
    if (main == null || !main.getProtocol().equals("jar")) {
      return null;
    }
    String path = main.getPath(); // file:/app/lib/app.jar!/com/example/Main.class
    int bang = path.indexOf("!/");
    if (!path.startsWith("file:") || bang < 0) {
      return null;
    }
    try {
      return versionOfJar(Paths.get(new java.net.URI(path.substring(0, bang))));
    } catch (Exception e) {
      return null;
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.trim().isEmpty() ? null : s.trim();
  }

  /** A jar, WAR or unpacked folder, read for its manifest, web.xml and Maven properties. */
  private abstract static class Archive implements AutoCloseable {
    static Archive of(Path location) {
      try {
        if (Files.isDirectory(location)) {
          return new Folder(location);
        }
        if (Files.isRegularFile(location)) {
          return new Zip(new ZipFile(location.toFile()));
        }
      } catch (IOException | RuntimeException e) {
        // unreadable: nothing to tell
      }
      return null;
    }

    abstract String text(String entry) throws IOException;

    abstract List<String> entries(String prefix, String suffix) throws IOException;

    /** Implementation-Version, else the version of the only pom.properties under META-INF/maven. */
    String version() throws IOException {
      String manifest = text(JarFile.MANIFEST_NAME);
      if (manifest != null) {
        String v =
            new Manifest(new java.io.ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)))
                .getMainAttributes()
                .getValue("Implementation-Version");
        if (emptyToNull(v) != null) {
          return v.trim();
        }
      }
      List<String> poms = entries("META-INF/maven/", "/pom.properties");
      if (poms.size() == 1) {
        Properties p = new Properties();
        p.load(new java.io.StringReader(text(poms.get(0))));
        return emptyToNull(p.getProperty("version"));
      }
      return null;
    }

    @Override
    public void close() throws IOException {}
  }

  private static final class Zip extends Archive {
    private final ZipFile zip;

    Zip(ZipFile zip) {
      this.zip = zip;
    }

    @Override
    String text(String entry) throws IOException {
      ZipEntry e = zip.getEntry(entry);
      if (e == null) {
        return null;
      }
      try (InputStream in = zip.getInputStream(e)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }

    @Override
    List<String> entries(String prefix, String suffix) {
      List<String> out = new ArrayList<>();
      zip.stream()
          .map(ZipEntry::getName)
          .filter(n -> n.startsWith(prefix) && n.endsWith(suffix))
          .forEach(out::add);
      return out;
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }

  private static final class Folder extends Archive {
    private final Path root;

    Folder(Path root) {
      this.root = root;
    }

    @Override
    String text(String entry) throws IOException {
      Path p = root.resolve(entry);
      return Files.isRegularFile(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : null;
    }

    @Override
    List<String> entries(String prefix, String suffix) throws IOException {
      Path dir = root.resolve(prefix);
      List<String> out = new ArrayList<>();
      if (!Files.isDirectory(dir)) {
        return out;
      }
      try (java.util.stream.Stream<Path> files = Files.walk(dir, 3)) {
        files.map(p -> root.relativize(p).toString().replace('\\', '/'))
            .filter(n -> n.endsWith(suffix))
            .forEach(out::add);
      }
      return out;
    }
  }
}
