package dev.quartet.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.quartet.LoaderLeaks;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.net.URLClassLoader;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class TypePoolCacheTest {
  private static TypePool.Resolution resolution(Class<?> type) {
    return new TypePool.Resolution.Simple(TypeDescription.ForLoadedType.of(type));
  }

  @Test
  void keepsTheMostRecentlyUsedTypesOnly() {
    TypePoolCache.Bounded cache = new TypePoolCache.Bounded(2);
    cache.register("a.A", resolution(String.class));
    cache.register("b.B", resolution(Integer.class));
    assertNotNull(cache.find("a.A")); // now b.B is the least recently used
    cache.register("c.C", resolution(Long.class));
    assertEquals(2, cache.size());
    assertNull(cache.find("b.B"));
    assertNotNull(cache.find("a.A"));
    assertNotNull(cache.find("c.C"));
  }

  @Test
  void theFirstRegistrationWinsAndObjectIsAlwaysThere() {
    TypePoolCache.Bounded cache = new TypePoolCache.Bounded(1);
    TypePool.Resolution first = resolution(String.class);
    assertSame(first, cache.register("a.A", first));
    assertSame(first, cache.register("a.A", resolution(Integer.class)));
    cache.register("b.B", resolution(Long.class));
    assertEquals("java.lang.Object", cache.find("java.lang.Object").resolve().getName());
  }

  @Test
  void cachesAreBoundedPerLoader() {
    TypePoolCache pools = new TypePoolCache();
    ClassLoader loader = new ClassLoader(null) {};
    TypePool.CacheProvider cache = pools.locate(loader);
    assertSame(cache, pools.locate(loader));
    for (int i = 0; i < TypePoolCache.MAX_TYPES_PER_LOADER * 3; i++) {
      cache.register("t.T" + i, resolution(String.class));
    }
    assertEquals(TypePoolCache.MAX_TYPES_PER_LOADER, ((TypePoolCache.Bounded) cache).size());
  }

  @Test
  void cachedTypesDoNotKeepAnUndeployedAppsLoader() throws Exception {
    TypePoolCache pools = new TypePoolCache();
    WeakReference<ClassLoader> loader = describeAppTypes(pools, TypePoolCache.LOCATIONS);
    LoaderLeaks.assertCollected(loader, "held by the type pool cache");
    Reference.reachabilityFence(pools);
  }

  /** The check above can see a leak: with Byte Buddy's default, strong locator, the cache keeps the loader. */
  @Test
  void aStrongLocatorWouldKeepIt() throws Exception {
    TypePoolCache pools = new TypePoolCache();
    WeakReference<ClassLoader> loader = describeAppTypes(pools, AgentBuilder.LocationStrategy.ForClassLoader.STRONG);
    assertFalse(LoaderLeaks.collectedWithin(loader, 3_000));
    Reference.reachabilityFence(pools);
  }

  /** What matching does while a class of a web app loads: its description and its super types'. */
  private static WeakReference<ClassLoader> describeAppTypes(TypePoolCache pools, AgentBuilder.LocationStrategy where)
      throws Exception {
    try (URLClassLoader app = LoaderLeaks.throwawayLoader()) {
      TypePool pool = pools.typePool(where.classFileLocator(app, null), app);
      TypeDescription type = pool.describe("dev.quartet.fixture.AppException").resolve();
      assertEquals("java.lang.RuntimeException", type.getSuperClass().asErasure().getName());
      assertEquals(1, type.getDeclaredFields().size());
      assertNotNull(pools.locate(app).find("dev.quartet.fixture.AppException"));
      return new WeakReference<>(app);
    }
  }
}
