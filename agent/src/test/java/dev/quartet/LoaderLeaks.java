package dev.quartet;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * Heap checks for class-loader leaks: classes of {@code dev.quartet.fixture} loaded anew by a throwaway loader (as a
 * container loads a web app), handed to Quartet's code, and then the loader is dropped; the check waits until the
 * garbage collector has cleared a weak reference to it. Bounds are generous (the machine is loaded).
 */
public final class LoaderLeaks {
  private LoaderLeaks() {}

  /** A new loader of this build's test classes whose parent is the platform loader: its classes are its own. */
  public static URLClassLoader throwawayLoader() {
    URL testClasses = LoaderLeaks.class.getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader("throwaway-webapp", new URL[] {testClasses}, ClassLoader.getPlatformClassLoader());
  }

  /** A new instance of {@code dev.quartet.fixture.<simpleName>} made by {@code loader}'s class of that name. */
  public static Object newInstance(ClassLoader loader, String simpleName, Class<?>[] types, Object... args) {
    try {
      return Class.forName("dev.quartet.fixture." + simpleName, true, loader).getConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** True once {@code ref} is cleared, after at most {@code millis} of collections. */
  public static boolean collectedWithin(WeakReference<?> ref, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (ref.get() != null && System.nanoTime() < deadline) {
      System.gc();
      byte[][] pressure = new byte[64][];
      for (int i = 0; i < pressure.length; i++) {
        pressure[i] = new byte[64 * 1024]; // a little allocation helps a lazy collector along
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ref.get() == null;
      }
    }
    return ref.get() == null;
  }

  /** Fails when the loader is still reachable after 60 s of collections. */
  public static void assertCollected(WeakReference<? extends ClassLoader> loader, String what) {
    if (!collectedWithin(loader, 60_000)) {
      fail("the throwaway class loader is still reachable: " + what);
    }
  }
}
