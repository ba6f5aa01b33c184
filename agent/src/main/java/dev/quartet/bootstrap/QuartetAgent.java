package dev.quartet.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.jar.JarFile;

/**
 * The jar's Premain-Class, Agent-Class and Main-Class.
 *
 * <p>The JVM loads this class (and {@link QuartetClassLoader}) through the system class loader. The rest of this
 * package, the bridge, is defined in the bootstrap loader ({@code dev.quartet.agent.BootstrapBridge}) before the
 * core starts, so it exists once, where inlined advice in any class loader can reach it.
 */
public final class QuartetAgent {
  private QuartetAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  private static void start(String args, Instrumentation inst, boolean appRunning) {
    try {
      File jar = agentJar();
      JarFile jarFile = new JarFile(jar);
      // Parent is the platform loader, not the app's: Quartet sees the JDK (java.net.http included) and the
      // bridge, and nothing of the app; the app sees nothing of Quartet but the bridge.
      ClassLoader loader = new QuartetClassLoader(jarFile, ClassLoader.getPlatformClassLoader());
      // The bridge goes into the bootstrap loader before any class of the core that names it is loaded.
      Object bridge =
          Class.forName("dev.quartet.agent.BootstrapBridge", true, loader)
              .getMethod("define", Instrumentation.class, JarFile.class)
              .invoke(null, inst, jarFile);
      Class<?> installer = Class.forName("dev.quartet.agent.AgentInstaller", true, loader);
      installer
          .getMethod("install", Instrumentation.class, File.class, String.class, String.class, boolean.class)
          .invoke(null, inst, jar, args, bridge, appRunning);
    } catch (Throwable t) {
      // Never stop the host app from starting.
      System.err.println("[quartet] ERROR agent not started: " + t);
    }
  }

  private static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Quartet: one -javaagent jar for OpenTelemetry traces, AWS X-Ray segments, CloudWatch Logs and Rollbar.",
          "",
          "Attach it to any Java web app (settings: OTEL_*, AWS_*, ROLLBAR_*, QUARTET_* variables):",
          "  java -javaagent:quartet-agent.jar -jar your-app.jar",
          "",
          "Commands:",
          "  java -jar quartet-agent.jar report [DIR] [--top N]   summarise what local mode wrote to DIR",
          "                                                        (default quartet-telemetry; report --help)",
          "  java -jar quartet-agent.jar --version                print the version",
          "  java -jar quartet-agent.jar --help                   print this help");

  /** {@code java -jar quartet-agent.jar report [DIR]}, {@code --version}, {@code --help}: no instrumentation. */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(USAGE);
      System.exit(2);
    }
    String command = args[0];
    switch (command) {
      case "report":
        break;
      case "-h":
      case "--help":
      case "help":
        System.out.println(USAGE);
        return;
      case "-V":
      case "--version":
      case "version":
        System.out.println("Quartet " + version());
        return;
      default:
        System.err.println("quartet: unknown command '" + command + "'");
        System.err.println(USAGE);
        System.exit(2);
        return;
    }
    ClassLoader loader = new QuartetClassLoader(new JarFile(agentJar()), ClassLoader.getPlatformClassLoader());
    Class<?> report = Class.forName("dev.quartet.report.ReportCommand", true, loader);
    report.getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }

  /** The jar manifest's Implementation-Version, as the startup line shows it. */
  static String version() throws Exception {
    try (JarFile jar = new JarFile(agentJar())) {
      String v = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Implementation-Version");
      return v == null ? "(unknown version)" : v;
    }
  }

  static File agentJar() throws Exception {
    return new File(QuartetAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
