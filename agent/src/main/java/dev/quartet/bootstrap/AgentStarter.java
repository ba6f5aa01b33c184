package dev.quartet.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/** Runs in the bootstrap loader: creates Quartet's isolated class loader and hands over to the agent core. */
public final class AgentStarter {
  private AgentStarter() {}

  public static void start(Instrumentation inst, File jar, String args) throws Exception {
    // Parent is the platform loader, not the app's: Quartet sees the JDK (java.net.http included) and this
    // bridge, and nothing of the app; the app sees nothing of Quartet but this bridge.
    ClassLoader loader = new QuartetClassLoader(new JarFile(jar), ClassLoader.getPlatformClassLoader());
    Class<?> installer = Class.forName("dev.quartet.agent.AgentInstaller", true, loader);
    installer.getMethod("install", Instrumentation.class, File.class, String.class).invoke(null, inst, jar, args);
  }
}
