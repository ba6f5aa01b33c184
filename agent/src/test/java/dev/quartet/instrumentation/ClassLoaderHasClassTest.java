package dev.quartet.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassLoaderHasClassTest {
  @TempDir Path dir;

  /** A loader over {@code dir} that counts how often it is asked for a resource. */
  static final class CountingLoader extends URLClassLoader {
    final AtomicInteger lookups = new AtomicInteger();

    CountingLoader(Path dir, ClassLoader parent) throws Exception {
      super(new URL[] {dir.toUri().toURL()}, parent);
    }

    @Override
    public URL getResource(String name) {
      lookups.incrementAndGet();
      return super.getResource(name);
    }
  }

  @Test
  void asksEachLoaderOnceForAClassWhicheverMatcherAsks() throws Exception {
    Files.createDirectories(dir.resolve("com/example/lib"));
    Files.write(dir.resolve("com/example/lib/Marker.class"), new byte[] {(byte) 0xCA, (byte) 0xFE});
    try (CountingLoader seesIt = new CountingLoader(dir, null);
        CountingLoader doesNot = new CountingLoader(dir.resolve("nothing-here"), null)) {
      ClassLoaderHasClass first = new ClassLoaderHasClass("com.example.lib.Marker");
      ClassLoaderHasClass second = new ClassLoaderHasClass("com.example.lib.Marker");
      for (int i = 0; i < 3; i++) {
        assertTrue(first.matches(seesIt));
        assertTrue(second.matches(seesIt));
        assertFalse(first.matches(doesNot));
        assertFalse(second.matches(doesNot));
      }
      assertEquals(1, seesIt.lookups.get());
      assertEquals(1, doesNot.lookups.get());
      assertFalse(new ClassLoaderHasClass("com.example.lib.Other").matches(seesIt));
      assertEquals(2, seesIt.lookups.get(), "another class is another question");
    }
  }

  /** Called reflectively until the JDK generates an accessor class for it, in a loader of the accessor's own. */
  public static void record(AtomicReference<ClassLoader> accessorLoader) {
    StackWalker.getInstance(
            java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_REFLECT_FRAMES))
        .forEach(f -> {
          ClassLoader l = f.getDeclaringClass().getClassLoader();
          if (l != null && l.getClass().getName().equals("jdk.internal.reflect.DelegatingClassLoader")) {
            accessorLoader.set(l);
          }
        });
  }

  @Test
  void aReflectionAccessorsLoaderAnswersWithItsParent() throws Exception {
    AtomicReference<ClassLoader> accessorLoader = new AtomicReference<>();
    Method record = ClassLoaderHasClassTest.class.getMethod("record", AtomicReference.class);
    for (int i = 0; i < 50 && accessorLoader.get() == null; i++) {
      record.invoke(null, accessorLoader);
    }
    // JDK 18 on reflects through method handles: no accessor loaders to skip.
    assumeTrue(accessorLoader.get() != null, "this JDK generates no reflection accessor classes");
    ClassLoader accessor = accessorLoader.get();
    assertTrue(new ClassLoaderHasClass(Test.class.getName()).matches(accessor));
    assertFalse(new ClassLoaderHasClass("com.example.lib.Absent").matches(accessor));
    assertFalse(ClassLoaderHasClass.asked(accessor), "the accessor's loader itself is never asked");
    assertTrue(ClassLoaderHasClass.asked(accessor.getParent()));
  }
}
