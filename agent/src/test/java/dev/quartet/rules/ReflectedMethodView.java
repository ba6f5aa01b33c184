package dev.quartet.rules;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * A MethodView over reflection, standing in for the instrumentation's view over Byte Buddy type descriptions: public
 * getters and record components are properties; Object is open; Maps are maps.
 */
final class ReflectedMethodView implements MethodView {
  private final Method method;
  private final String[] names;

  ReflectedMethodView(Method method, String... names) {
    this.method = method;
    this.names = names;
  }

  static ReflectedMethodView of(Class<?> type, String name, String... parameterNames) {
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return new ReflectedMethodView(m, parameterNames);
      }
    }
    throw new IllegalArgumentException(name);
  }

  @Override
  public TypeView declaringType() {
    return new Type(method.getDeclaringClass());
  }

  @Override
  public boolean isStatic() {
    return Modifier.isStatic(method.getModifiers());
  }

  @Override
  public int parameterCount() {
    return method.getParameterCount();
  }

  @Override
  public TypeView parameterType(int index) {
    return new Type(method.getParameterTypes()[index]);
  }

  @Override
  public String parameterName(int index) {
    return index < names.length ? names[index] : null;
  }

  @Override
  public TypeView returnType() {
    return method.getReturnType() == void.class ? null : new Type(method.getReturnType());
  }

  static final class Type implements TypeView {
    private final Class<?> type;

    Type(Class<?> type) {
      this.type = type;
    }

    @Override
    public String name() {
      return type.getName();
    }

    @Override
    public TypeView property(String name) {
      String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      for (Method m : type.getMethods()) {
        boolean getter = m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
            && (m.getName().equals("get" + cap) || m.getName().equals("is" + cap));
        if (getter) {
          return new Type(m.getReturnType());
        }
      }
      if (type.isRecord()) {
        for (var c : type.getRecordComponents()) {
          if (c.getName().equals(name)) {
            return new Type(c.getType());
          }
        }
      }
      return null;
    }

    @Override
    public boolean isMap() {
      return Map.class.isAssignableFrom(type);
    }

    @Override
    public boolean isOpen() {
      return type == Object.class;
    }
  }
}
