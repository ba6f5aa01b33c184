package dev.quartet.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.jar.JarFile;

/**
 * The jar's Premain-Class, Agent-Class and Main-Class.
 *
 * <p>The JVM loads this one class through the system class loader. It touches nothing else of Quartet before the
 * jar has been appended to the bootstrap search path, so every other class of this package is defined once, by
 * the bootstrap loader, where inlined advice in any class loader can reach it.
 */
public final class QuartetAgent {
  private QuartetAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst);
  }

  private static void start(String args, Instrumentation inst) {
    try {
      File jar = agentJar();
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
      Class<?> starter = Class.forName("dev.quartet.bootstrap.AgentStarter", true, null);
      Method start = starter.getMethod("start", Instrumentation.class, File.class, String.class);
      start.invoke(null, inst, jar, args);
    } catch (Throwable t) {
      // Never stop the host app from starting.
      System.err.println("[quartet] ERROR agent not started: " + t);
    }
  }

  /** {@code java -jar quartet-agent.jar report [DIR]}: offline tools, no instrumentation. */
  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !"report".equals(args[0])) {
      System.err.println("usage: java -jar quartet-agent.jar report [DIR] [--top N]");
      System.err.println("       java -javaagent:quartet-agent.jar -jar your-app.jar");
      System.exit(2);
    }
    ClassLoader loader = new QuartetClassLoader(new JarFile(agentJar()), ClassLoader.getPlatformClassLoader());
    Class<?> report = Class.forName("dev.quartet.report.ReportCommand", true, loader);
    report.getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }

  static File agentJar() throws Exception {
    return new File(QuartetAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
