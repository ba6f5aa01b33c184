package dev.quartet.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
