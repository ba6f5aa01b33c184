package dev.quartet.agent;

import dev.quartet.core.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Installs the instrumentation when the app is about to use an instrumented library, not in premain. Byte Buddy,
 * its matchers and the advice cost about a second of CPU to set up (a thousand classes, interpreted); a JVM that
 * never touches a servlet container, a logger or an HTTP client (a command-line tool, a batch job's {@code main})
 * should not pay it, and an app that does pays it once its first such class loads.
 *
 * <p>Until then this transformer only reads: for each class loaded by an app's class loader, whether its class file
 * names one of the modules' {@link dev.quartet.instrumentation.InstrumentationModule#usedBy() prefixes} (its own name
 * or a super type, a field, a method it calls: a servlet subclass names {@code javax/servlet/} before its super class
 * is even loaded). The first one that does installs the instrumentation on the spot, on the thread loading it, and
 * that class is transformed before it is defined; classes loaded earlier are retransformed as part of the install,
 * so nothing loaded before is missed. From then on every class goes through Byte Buddy's transformer, by way of this
 * one: it stays the only one registered, so that no class is transformed twice by a thread that took its list of
 * transformers while the install ran.
 */
final class DeferredInstall implements ClassFileTransformer {
  /** How long the thread loading the first class of an instrumented library waits for the install, at most. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private final String[] usedBy;
  private final ClassLoader quartetLoader;
  private final Function<DeferredInstall, String> install;
  private volatile ClassFileTransformer installed;
  private boolean tried; // guarded by this

  /**
   * {@code install} builds and installs Byte Buddy's transformer, handing it to {@link #delegateTo} before it
   * retransforms the classes already loaded; returns what the debug line says.
   */
  DeferredInstall(List<String> usedBy, ClassLoader quartetLoader, Function<DeferredInstall, String> install) {
    this.usedBy = usedBy.toArray(new String[0]);
    this.quartetLoader = quartetLoader;
    this.install = install;
  }

  /** From now on, every class (retransformed ones included) goes through {@code transformer}. */
  void delegateTo(ClassFileTransformer transformer) {
    installed = transformer;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer)
      throws IllegalClassFormatException {
    ClassFileTransformer transformer = installed;
    if (transformer == null) {
      if (classBeingRedefined != null || !usesInstrumentedLibrary(loader, className, classfileBuffer)) {
        return null;
      }
      transformer = installNow(className);
      if (transformer == null) {
        return null;
      }
    }
    return transformer.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }

  private boolean usesInstrumentedLibrary(ClassLoader loader, String className, byte[] classFile) {
    try {
      // The JDK's own classes (and Quartet's) load through these: what they name says nothing about the app.
      if (loader == null
          || loader == quartetLoader
          || loader == ClassLoader.getPlatformClassLoader()
          || className == null) {
        return false;
      }
      // Class file names are (modified) UTF-8, plain ASCII for these prefixes: one byte, one char.
      String text = new String(classFile, StandardCharsets.ISO_8859_1);
      for (String prefix : usedBy) {
        if (text.contains(prefix)) {
          return true;
        }
      }
      return false;
    } catch (Throwable t) {
      return false;
    }
  }

  /**
   * Once, for the first thread that needs it; others wait for it, and a failure is not retried. The install runs on
   * a thread of its own: the JDK does not call transformers for classes that a thread retransforms (or loads) while
   * it is itself inside a transformer, so installing on the loading thread would leave the classes loaded before
   * uninstrumented. The wait is bounded: should the install ever need a lock the loading thread holds, the class is
   * defined uninstrumented after {@link #WAIT} and the install completes on its own.
   */
  private synchronized ClassFileTransformer installNow(String trigger) {
    if (!tried) {
      tried = true;
      Thread installer =
          new Thread(
              () -> {
                long started = System.nanoTime();
                try {
                  String done = install.apply(this);
                  AgentLog.debug(
                      "instrumentation installed as " + trigger + " loaded, in "
                          + (System.nanoTime() - started) / 1_000_000 + " ms: " + done);
                } catch (Throwable t) {
                  AgentLog.error("instrumentation not installed; the app runs uninstrumented", t);
                }
              },
              "quartet-instrumentation-install");
      installer.setDaemon(true);
      installer.setContextClassLoader(quartetLoader);
      installer.start();
      try {
        installer.join(WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return installed;
  }
}
