package dev.quartet.instrumentation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

/**
 * Type descriptions parsed once per class loader, the most recently used {@link #MAX_TYPES_PER_LOADER} of them.
 * Matching {@code hasSuperType} walks each loaded class's whole hierarchy; without a cache every walk re-reads the
 * same super-class files, which cost seconds of startup in a Jetty app. Unbounded, the cache kept every class the
 * app ever loaded: some 15,000 method descriptions and 100,000 maps, a third of Quartet's heap, long after the app
 * had started. Keys are weak so that an undeployed web app's loader can still be collected; that only works when
 * the cached values do not hold the loader either: a cached type description keeps the type pool that parsed it,
 * and so that pool's class-file locator, which must therefore hold its loader weakly ({@link #LOCATIONS}). With
 * Byte Buddy's default (strong) locator, every web app a container ever undeployed stayed in memory.
 */
public final class TypePoolCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  /** Enough for the hierarchies of the classes loading at any one time (a Jetty app's start walks ~900 types). */
  static final int MAX_TYPES_PER_LOADER = 64;

  /** Where class files are read from: the loader, held weakly (see above); install it with this cache. */
  public static final AgentBuilder.LocationStrategy LOCATIONS = ClassFileLocations.INSTANCE;

  private final Map<ClassLoader, TypePool.CacheProvider> byLoader = new WeakHashMap<>();
  private final TypePool.CacheProvider bootstrap = new Bounded(MAX_TYPES_PER_LOADER);

  public TypePoolCache() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader loader) {
    if (loader == null) {
      return bootstrap;
    }
    synchronized (byLoader) {
      return byLoader.computeIfAbsent(loader, l -> new Bounded(MAX_TYPES_PER_LOADER));
    }
  }

  /** A least-recently-used cache of at most {@code max} types, plus java.lang.Object, which every walk ends at. */
  static final class Bounded implements TypePool.CacheProvider {
    private static final TypePool.Resolution OBJECT = new TypePool.Resolution.Simple(TypeDescription.ForLoadedType.of(Object.class));

    private final Map<String, TypePool.Resolution> types;

    Bounded(int max) {
      this.types =
          new LinkedHashMap<String, TypePool.Resolution>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TypePool.Resolution> eldest) {
              return size() > max;
            }
          };
    }

    @Override
    public TypePool.Resolution find(String name) {
      if (name.equals("java.lang.Object")) {
        return OBJECT;
      }
      synchronized (types) {
        return types.get(name);
      }
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      synchronized (types) {
        TypePool.Resolution known = types.putIfAbsent(name, resolution);
        return known == null ? resolution : known;
      }
    }

    @Override
    public void clear() {
      synchronized (types) {
        types.clear();
      }
    }

    int size() {
      synchronized (types) {
        return types.size();
      }
    }
  }
}
