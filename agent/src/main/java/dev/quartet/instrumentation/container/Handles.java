package dev.quartet.instrumentation.container;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Method handles onto a container's public API, resolved once per class and typed all-{@code Object}, so Quartet
 * never links against a container type and one call shape serves every method: {@code (Object) h.invokeExact(a)}.
 */
public final class Handles {
  private Handles() {}

  /** {@code owner.name(params)}, static or not; an instance method takes its receiver first. */
  public static MethodHandle method(Class<?> owner, String name, Class<?>... params)
      throws ReflectiveOperationException {
    Method m = owner.getMethod(name, params);
    int arity = params.length + (Modifier.isStatic(m.getModifiers()) ? 0 : 1);
    MethodHandle h = MethodHandles.publicLookup().unreflect(m);
    return h.asType(MethodType.genericMethodType(arity));
  }

  /** Like {@link #method}, or null when this version of the container has no such method. */
  public static MethodHandle optional(Class<?> owner, String name, Class<?>... params) {
    try {
      return method(owner, name, params);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The class {@code name} as {@code context}'s loader sees it. */
  public static Class<?> type(String name, Class<?> context) throws ClassNotFoundException {
    return Class.forName(name, false, context.getClassLoader());
  }

  public static String string(Object o) {
    return o == null ? null : o.toString();
  }

  public static int integer(Object o) {
    return o instanceof Number ? ((Number) o).intValue() : -1;
  }

  public static long longValue(Object o) {
    return o instanceof Number ? ((Number) o).longValue() : -1;
  }
}
