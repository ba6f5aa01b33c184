package dev.quartet.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the bridge ({@code dev.quartet.bootstrap.*}: a handful of classes of JDK types only) in the bootstrap
 * loader, where advice inlined into any class, JDK classes included, reaches it.
 *
 * <p>Why not {@link Instrumentation#appendToBootstrapClassLoaderSearch}: once the bootstrap search path is appended
 * to, the JVM turns class data sharing off for every class but the JDK's boot classes and prints "Sharing is only
 * supported for boot loader classes because bootstrap classpath has been appended" on every start. Defining the few
 * classes directly ({@code JavaLangAccess.defineClass} with no loader: the bootstrap loader) leaves the search path
 * and class data sharing alone. Where the JDK does not allow it, appending the jar is the fallback.
 */
public final class BootstrapBridge {
  static final String PACKAGE = "dev/quartet/bootstrap/";

  /** The premain class, and the class loader it makes for Quartet's core: both stay in the app's class loader. */
  static final List<String> NOT_BRIDGE =
      List.of(PACKAGE + "QuartetAgent.class", PACKAGE + "QuartetClassLoader.class");

  private BootstrapBridge() {}

  /** Makes the bridge classes of {@code jar} bootstrap classes; returns how, for the debug line. */
  public static String define(Instrumentation inst, JarFile jar) throws IOException {
    Map<String, byte[]> classes = bridgeClasses(jar);
    try {
      defineInBootLoader(inst, classes);
      return "bridge: " + classes.size() + " classes defined in the bootstrap loader";
    } catch (Throwable t) {
      inst.appendToBootstrapClassLoaderSearch(jar);
      return "bridge: agent jar appended to the bootstrap search path (" + t + ")";
    }
  }

  static Map<String, byte[]> bridgeClasses(JarFile jar) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
      JarEntry entry = entries.nextElement();
      String path = entry.getName();
      if (path.startsWith(PACKAGE) && path.endsWith(".class") && !NOT_BRIDGE.contains(path)) {
        try (InputStream in = jar.getInputStream(entry)) {
          classes.put(path.substring(0, path.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
        }
      }
    }
    return classes;
  }

  /**
   * A class can only be defined once its super types are: whatever fails for want of one (the bootstrap loader
   * cannot find it on its own) is tried again once the others are in.
   */
  private static void defineInBootLoader(Instrumentation inst, Map<String, byte[]> classes) throws Exception {
    Object access = JdkInternals.javaLangAccess(inst);
    Method define =
        JdkInternals.javaLangAccessMethod(
            "defineClass", ClassLoader.class, String.class, byte[].class, ProtectionDomain.class, String.class);
    List<String> pending = new ArrayList<>(classes.keySet());
    while (!pending.isEmpty()) {
      List<String> missingSuperType = new ArrayList<>();
      Throwable last = null;
      for (String name : pending) {
        if (isBootstrapClass(name)) {
          continue; // defined by an earlier start in this JVM (agentmain after premain)
        }
        try {
          define.invoke(access, null, name, classes.get(name), null, null);
        } catch (InvocationTargetException e) {
          if (!(e.getCause() instanceof NoClassDefFoundError)) {
            throw e;
          }
          missingSuperType.add(name);
          last = e.getCause();
        }
      }
      if (missingSuperType.size() == pending.size()) {
        throw new IllegalStateException("cannot define " + missingSuperType, last);
      }
      pending = missingSuperType;
    }
  }

  private static boolean isBootstrapClass(String name) {
    try {
      Class.forName(name, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
