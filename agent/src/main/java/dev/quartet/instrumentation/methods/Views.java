package dev.quartet.instrumentation.methods;

import dev.quartet.rules.MethodView;
import dev.quartet.rules.TypeView;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.RecordComponentDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * A matched method and its types as the rules' {@link dev.quartet.rules.Expression#check} sees them, read from Byte
 * Buddy's descriptions of the class files: nothing is loaded or initialized to answer. A type whose class file
 * cannot be read counts as open (judged at run time).
 */
final class Views {
  private Views() {}

  static MethodView of(TypeDescription declaringType, MethodDescription method) {
    return new MethodView() {
      @Override
      public TypeView declaringType() {
        return type(declaringType);
      }

      @Override
      public boolean isStatic() {
        return method.isStatic();
      }

      @Override
      public int parameterCount() {
        return method.getParameters().size();
      }

      @Override
      public TypeView parameterType(int index) {
        return type(method.getParameters().get(index).getType().asErasure());
      }

      @Override
      public String parameterName(int index) {
        ParameterDescription p = method.getParameters().get(index);
        return p.isNamed() ? p.getName() : null;
      }

      @Override
      public TypeView returnType() {
        TypeDescription r = method.getReturnType().asErasure();
        return r.represents(void.class) ? null : type(r);
      }
    };
  }

  static TypeView type(TypeDescription type) {
    return new TypeView() {
      @Override
      public String name() {
        return type.getActualName();
      }

      @Override
      public TypeView property(String name) {
        try {
          TypeDescription found = propertyType(type, name);
          return found == null ? null : type(found);
        } catch (RuntimeException unreadable) {
          return OPEN;
        }
      }

      @Override
      public boolean isMap() {
        try {
          return type.isAssignableTo(java.util.Map.class);
        } catch (RuntimeException unreadable) {
          return false;
        }
      }

      @Override
      public boolean isOpen() {
        return type.represents(Object.class);
      }
    };
  }

  /** A type that could not be read: its properties are judged on the actual object at run time. */
  private static final TypeView OPEN = type(TypeDescription.ForLoadedType.of(Object.class));

  /**
   * The return type of the public, non-static, parameterless getter {@code getName()} / {@code isName()} (boolean) that
   * {@code type} declares or inherits, or of its record component {@code name}; null when it has none.
   */
  static TypeDescription propertyType(TypeDescription type, String name) {
    if (type.isRecord()) {
      for (RecordComponentDescription.InDefinedShape c : type.getRecordComponents()) {
        if (c.getActualName().equals(name)) {
          return c.getType().asErasure();
        }
      }
    }
    String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    Deque<TypeDefinition> pending = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    pending.add(type);
    while (!pending.isEmpty()) {
      TypeDefinition t = pending.poll();
      if (!seen.add(t.getActualName())) {
        continue;
      }
      for (MethodDescription m : t.getDeclaredMethods()) {
        if (!m.isPublic() || m.isStatic() || !m.getParameters().isEmpty() || !m.isMethod()) {
          continue;
        }
        String n = m.getInternalName();
        TypeDescription r = m.getReturnType().asErasure();
        if (n.equals("get" + suffix) && !r.represents(void.class)) {
          return r;
        }
        if (n.equals("is" + suffix) && (r.represents(boolean.class) || r.represents(Boolean.class))) {
          return r;
        }
      }
      TypeDescription.Generic superClass = t.getSuperClass();
      if (superClass != null) {
        pending.add(superClass.asErasure());
      }
      for (TypeDescription.Generic i : t.getInterfaces()) {
        pending.add(i.asErasure());
      }
    }
    return null;
  }
}
