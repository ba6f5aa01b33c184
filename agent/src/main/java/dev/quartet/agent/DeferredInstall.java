package dev.quartet.agent;

import dev.quartet.core.AgentLog;
import dev.quartet.instrumentation.ClassFileFilter;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.time.Duration;
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
 * so nothing loaded before is missed. From then on classes go to Byte Buddy's transformer by way of this one, which
 * stays the only one registered, so that no class is transformed twice by a thread that took its list of
 * transformers while the install ran. The JDK's classes all go (its matchers ignore them by name but for the few
 * instrumented); an app's loader's only when their class file may interest a module ({@link
 * dev.quartet.instrumentation.InstrumentationModule#transforms()}): Byte Buddy would parse each and walk its super
 * types, which, with the JIT compiling Byte Buddy's code for it, was most of the instrumentation's startup cost.
 * Quartet's own classes never go.
 */
final class DeferredInstall implements ClassFileTransformer {
  /** How long the thread loading the first class of an instrumented library waits for the install, at most. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private final ClassFileFilter usedBy;
  private final ClassFileFilter transformable;
  private final ClassLoader quartetLoader;
  private final ClassLoader platformLoader = ClassLoader.getPlatformClassLoader();
  private final Function<DeferredInstall, String> install;
  private volatile ClassFileTransformer installed;
  private boolean tried; // guarded by this

  /**
   * {@code usedBy}: a class file it {@linkplain ClassFileFilter#names names} triggers the install; {@code
   * transformable}: an app's class goes to Byte Buddy only when it {@linkplain ClassFileFilter#mayTransform may be
   * transformed}. {@code install} builds and installs Byte Buddy's transformer, handing it to {@link #delegateTo}
   * before it retransforms the classes already loaded; returns what the debug line says.
   */
  DeferredInstall(
      ClassFileFilter usedBy,
      ClassFileFilter transformable,
      ClassLoader quartetLoader,
      Function<DeferredInstall, String> install) {
    this.usedBy = usedBy;
    this.transformable = transformable;
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
    if (loader == quartetLoader) {
      return null; // Quartet's own (and its shaded libraries'): never instrumented
    }
    // The JDK's own classes load through these: what they name says nothing about the app.
    boolean appClass = loader != null && loader != platformLoader;
    ClassFileTransformer transformer = installed;
    if (transformer == null) {
      if (classBeingRedefined != null || !appClass || className == null || !names(classfileBuffer)) {
        return null;
      }
      transformer = installNow(className);
      if (transformer == null) {
        return null;
      }
    }
    if (appClass && !mayTransform(loader, classfileBuffer)) {
      return null;
    }
    return transformer.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }


  private boolean names(byte[] classFile) {
    try {
      return usedBy.names(classFile);
    } catch (Throwable t) {
      return false;
    }
  }

  private boolean mayTransform(ClassLoader loader, byte[] classFile) {
    try {
      return transformable.mayTransform(loader, classFile);
    } catch (Throwable t) {
      return true; // Byte Buddy decides, as it would without this filter
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
