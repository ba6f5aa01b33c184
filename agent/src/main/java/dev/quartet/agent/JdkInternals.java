package dev.quartet.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * The JDK's {@code JavaLangAccess}, which Quartet needs twice at start: to define the bridge in the bootstrap loader
 * ({@link BootstrapBridge}) and to run its last flush after the app's shutdown hooks ({@link FinalFlush}). Its
 * package is exported by the agent's {@link Instrumentation} to Quartet's own module only, never to the app's.
 */
final class JdkInternals {
  private JdkInternals() {}

  /** The JDK's {@code SharedSecrets.getJavaLangAccess()}; call its methods through {@link #javaLangAccessMethod}. */
  static Object javaLangAccess(Instrumentation inst) throws Exception {
    String pkg = javaLangAccessPackage();
    Module javaBase = Object.class.getModule();
    Module quartet = JdkInternals.class.getModule();
    if (!javaBase.isExported(pkg, quartet)) {
      inst.redefineModule(
          javaBase,
          Collections.emptySet(),
          Map.of(pkg, Set.of(quartet)),
          Collections.emptyMap(),
          Collections.emptySet(),
          Collections.emptyMap());
    }
    return Class.forName(pkg + ".SharedSecrets").getMethod("getJavaLangAccess").invoke(null);
  }

  /** A method of the {@code JavaLangAccess} interface. */
  static Method javaLangAccessMethod(String method, Class<?>... parameters) throws Exception {
    return Class.forName(javaLangAccessPackage() + ".JavaLangAccess").getMethod(method, parameters);
  }

  /** {@code jdk.internal.access} since JDK 12, {@code jdk.internal.misc} in JDK 11. */
  private static String javaLangAccessPackage() {
    return Object.class.getModule().getPackages().contains("jdk.internal.access")
        ? "jdk.internal.access"
        : "jdk.internal.misc";
  }
}
