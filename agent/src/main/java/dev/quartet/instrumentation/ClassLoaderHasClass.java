package dev.quartet.instrumentation;

import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A cheap first filter: only class loaders that can see the library's marker class are worth the type-hierarchy
 * match, which otherwise would run for every class the JVM loads.
 */
public final class ClassLoaderHasClass extends ElementMatcher.Junction.AbstractBase<ClassLoader> {
  private final String resource;
  private final Map<ClassLoader, Boolean> cache = new WeakHashMap<>();

  public ClassLoaderHasClass(String className) {
    this.resource = className.replace('.', '/') + ".class";
  }

  @Override
  public boolean matches(ClassLoader loader) {
    if (loader == null) {
      return false; // the bootstrap loader never carries a servlet or logging library
    }
    synchronized (cache) {
      Boolean known = cache.get(loader);
      if (known == null) {
        known = loader.getResource(resource) != null;
        cache.put(loader, known);
      }
      return known;
    }
  }
}
