package dev.quartet.instrumentation;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A cheap first filter: only class loaders that can see the library's marker class are worth the type-hierarchy
 * match, which otherwise would run for every class the JVM loads.
 *
 * <p>Asking a loader for a class file it does not have can be slow: Spring Boot's launcher opens a URL connection
 * into each of its nested jars (over 400 ms for the first miss on a Spring Boot app), so each loader is asked once
 * per class name, whichever matcher asks. The JDK's reflection makes a loader of its own for each generated accessor
 * (a hundred of them while Spring Boot starts), which defines that one class and sees exactly what its parent sees:
 * the parent's answer is used.
 */
public final class ClassLoaderHasClass extends ElementMatcher.Junction.AbstractBase<ClassLoader> {
  /** Per loader, per class file: whether the loader sees it. Guarded by itself. */
  private static final Map<ClassLoader, Map<String, Boolean>> ANSWERS = new WeakHashMap<>();

  private static final String REFLECTION_ACCESSOR_LOADER = "jdk.internal.reflect.DelegatingClassLoader";

  private final String resource;

  public ClassLoaderHasClass(String className) {
    this.resource = className.replace('.', '/') + ".class";
  }

  @Override
  public boolean matches(ClassLoader loader) {
    while (loader != null && loader.getClass().getName().equals(REFLECTION_ACCESSOR_LOADER)) {
      loader = loader.getParent();
    }
    if (loader == null) {
      return false; // the bootstrap loader never carries a servlet or logging library
    }
    synchronized (ANSWERS) {
      Map<String, Boolean> known = ANSWERS.computeIfAbsent(loader, l -> new HashMap<>());
      Boolean sees = known.get(resource);
      if (sees == null) {
        sees = loader.getResource(resource) != null;
        known.put(resource, sees);
      }
      return sees;
    }
  }

  /** Whether some matcher has asked {@code loader} itself (for tests). */
  static boolean asked(ClassLoader loader) {
    synchronized (ANSWERS) {
      return ANSWERS.containsKey(loader);
    }
  }
}
