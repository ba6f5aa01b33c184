package dev.quartet.instrumentation;

import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * Type descriptions parsed once per class loader. Matching {@code hasSuperType} walks each loaded class's whole
 * hierarchy; without a cache every walk re-reads the same super-class files, which cost seconds of startup in a
 * Jetty app. Keys are weak so that an undeployed web app's loader can still be collected.
 */
public final class TypePoolCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  private final Map<ClassLoader, TypePool.CacheProvider> byLoader = new WeakHashMap<>();
  private final TypePool.CacheProvider bootstrap = TypePool.CacheProvider.Simple.withObjectType();

  public TypePoolCache() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader loader) {
    if (loader == null) {
      return bootstrap;
    }
    synchronized (byLoader) {
      return byLoader.computeIfAbsent(loader, l -> TypePool.CacheProvider.Simple.withObjectType());
    }
  }
}
