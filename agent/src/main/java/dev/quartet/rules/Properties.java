package dev.quartet.rules;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code x.name} at run time, the only way an expression reaches into an object: {@code Map.get("name")} on a
 * map; else the public getter {@code getName()}/{@code isName()} (no parameters) as declared by a public class or
 * public interface in an exported package; else the accessor of record component {@code name}. Never a field, never
 * {@code setAccessible}, never another method. Types that open the JVM's internals (classes, class loaders, threads,
 * reflection, method handles …) are refused as receivers and as results. The getter found is cached per class.
 */
final class Properties {
  private Properties() {}

  private static final Method NONE = noneMarker();

  private static final ClassValue<Map<String, Method>> GETTERS =
      new ClassValue<Map<String, Method>>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  static Object read(Object target, String name) throws EvaluationException {
    if (target == null) {
      return null;
    }
    if (target instanceof Map) {
      return ((Map<?, ?>) target).get(name);
    }
    Class<?> type = target.getClass();
    String refused = refusedType(type.getName());
    if (refused != null) {
      throw new EvaluationException(type.getName() + " " + refused);
    }
    Method getter = GETTERS.get(type).computeIfAbsent(name, n -> find(type, n));
    if (getter == NONE) {
      throw new EvaluationException(
          type.getName() + " has no public getter " + getterNames(name) + " and no record component " + name);
    }
    String refusedResult = refusedType(getter.getReturnType().getName());
    if (refusedResult != null) {
      throw new EvaluationException(name + " is a " + getter.getReturnType().getName() + ", which " + refusedResult);
    }
    Object value;
    try {
      value = getter.invoke(target);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new EvaluationException(getter.getName() + "() threw " + e.getCause());
    } catch (IllegalAccessException | RuntimeException e) {
      throw new EvaluationException(getter.getName() + "() cannot be called: " + e);
    }
    if (value != null && refusedType(value.getClass().getName()) != null) {
      throw new EvaluationException(name + " is a " + value.getClass().getName() + ", which " + refusedType(value.getClass().getName()));
    }
    return value;
  }

  static String getterNames(String name) {
    String cap = capitalize(name);
    return "get" + cap + "()/is" + cap + "()";
  }

  /**
   * Why values of this type may not be read from, or null when they may. They are the doors out of "read a value":
   * a Class reaches class loaders, reflection and static state; a ClassLoader loads classes; a Thread reaches other
   * threads' stacks and context class loaders.
   */
  static String refusedType(String typeName) {
    if (typeName.equals("java.lang.Class")
        || typeName.equals("java.lang.ClassLoader")
        || typeName.endsWith("ClassLoader")
        || typeName.equals("java.lang.Module")
        || typeName.equals("java.lang.ModuleLayer")
        || typeName.equals("java.lang.Thread")
        || typeName.equals("java.lang.ThreadGroup")
        || typeName.equals("java.lang.Runtime")
        || typeName.equals("java.lang.Process")
        || typeName.equals("java.lang.ProcessHandle")
        || typeName.equals("java.lang.ProcessBuilder")
        || typeName.equals("java.lang.System")
        || typeName.startsWith("java.lang.reflect.")
        || typeName.startsWith("java.lang.invoke.")
        || typeName.startsWith("java.security.")
        || typeName.startsWith("sun.")
        || typeName.startsWith("jdk.internal.")
        || typeName.startsWith("dev.quartet.")) {
      return "is not readable from a rule (it opens the JVM's internals or Quartet's own)";
    }
    return null;
  }

  private static Method find(Class<?> type, String name) {
    String cap = capitalize(name);
    for (Class<?> c : publicTypes(type)) {
      Method m = publicGetter(c, "get" + cap, false);
      if (m == null) {
        m = publicGetter(c, "is" + cap, true);
      }
      if (m != null) {
        return m;
      }
    }
    Method component = recordAccessor(type, name);
    return component != null ? component : NONE;
  }

  /** The class and its supertypes that code outside their module may call through: public, in an exported package. */
  private static Iterable<Class<?>> publicTypes(Class<?> type) {
    Set<Class<?>> out = new java.util.LinkedHashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    todo.add(type);
    while (!todo.isEmpty()) {
      Class<?> c = todo.poll();
      if (c == null || c == Object.class || !seen.add(c)) {
        continue;
      }
      if (callable(c)) {
        out.add(c);
      }
      if (c.getSuperclass() != null) {
        todo.add(c.getSuperclass());
      }
      todo.addAll(java.util.Arrays.asList(c.getInterfaces()));
    }
    return out;
  }

  private static boolean callable(Class<?> c) {
    return Modifier.isPublic(c.getModifiers())
        && refusedType(c.getName()) == null
        && c.getModule().isExported(c.getPackageName());
  }

  private static Method publicGetter(Class<?> c, String methodName, boolean booleanOnly) {
    Method m;
    try {
      m = c.getMethod(methodName);
    } catch (NoSuchMethodException | SecurityException e) {
      return null;
    }
    Class<?> r = m.getReturnType();
    boolean ok =
        !Modifier.isStatic(m.getModifiers())
            && r != void.class
            && (!booleanOnly || r == boolean.class || r == Boolean.class)
            && callable(m.getDeclaringClass());
    return ok ? m : null;
  }

  /** The accessor of record component {@code name} of a public record (Java 16+; read reflectively: --release 11). */
  private static Method recordAccessor(Class<?> type, String name) {
    if (type.getSuperclass() == null
        || !type.getSuperclass().getName().equals("java.lang.Record")
        || !callable(type)) {
      return null;
    }
    try {
      Object[] components = (Object[]) Class.class.getMethod("getRecordComponents").invoke(type);
      for (Object component : components) {
        Class<?> rc = component.getClass();
        if (name.equals(rc.getMethod("getName").invoke(component))) {
          Method accessor = (Method) rc.getMethod("getAccessor").invoke(component);
          return Modifier.isPublic(accessor.getModifiers()) ? accessor : null;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
    return null;
  }

  static String capitalize(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static Method noneMarker() {
    try {
      return Properties.class.getDeclaredMethod("noneMarker");
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }
}
