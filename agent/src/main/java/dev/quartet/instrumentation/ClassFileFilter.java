package dev.quartet.instrumentation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Tells from a class file's bytes, before anything parses it, whether some module may transform the class: Byte Buddy
 * parses every class it is handed and walks its super types to match, which is most of the instrumentation's startup
 * cost, while a module's advice only rewrites methods the class itself declares, and what a module looks for shows in
 * the class's own file: its name, a declared method's name and descriptor ({@code service(ServletRequest,
 * ServletResponse)}), an annotation's type. One pass over the constant pool, then over the methods' names; a class
 * file it cannot read passes (Byte Buddy decides).
 *
 * <p>What a module may transform is its {@link Interest}: classes whose own name starts with one of its names,
 * classes declaring one of its methods (a subclass of {@code Thread} two levels down that overrides {@code run()}
 * need not name {@code java/lang/Thread}), classes whose constant pool names a class starting with one of its
 * prefixes anywhere (a type in a descriptor or signature, an annotation, a class it uses), or every class of the
 * loaders it says (a module matching on what a class inherits, e.g. annotations of an interface's methods).
 */
public final class ClassFileFilter {
  private static final int MAGIC = 0xCAFEBABE;
  private static final int NATIVE = 0x0100;
  private static final int ABSTRACT = 0x0400;

  /** What classes one module may transform; combine with {@link #or}. Names are internal: {@code a/b/C}. */
  public static final class Interest {
    /** Only JDK types, matched by name: no class of an app's loader. */
    public static final Interest NONE = new Interest(List.of(), List.of(), List.of(), List.of());
    /** Any class at all (the module matches on super types a class file need not name). */
    public static final Interest ANY_CLASS = anyClassOf(loader -> true);

    final List<String> prefixes;
    final List<String> classNames;
    final List<String[]> methods; // {name, descriptor prefix}
    final List<Predicate<ClassLoader>> anyClassOf;

    private Interest(
        List<String> prefixes,
        List<String> classNames,
        List<String[]> methods,
        List<Predicate<ClassLoader>> anyClassOf) {
      this.prefixes = prefixes;
      this.classNames = classNames;
      this.methods = methods;
      this.anyClassOf = anyClassOf;
    }

    /**
     * Classes whose class file names a class starting with one of {@code prefixes} ({@code "javax/servlet/"}): its
     * own name, a super type, a field's or a method's type, an annotation, a class it uses.
     */
    public static Interest naming(Collection<String> prefixes) {
      return new Interest(List.copyOf(prefixes), List.of(), List.of(), List.of());
    }

    /** Classes whose own name starts with one of {@code prefixes} (an exact name: that class, and a few more). */
    public static Interest named(Collection<String> prefixes) {
      return new Interest(List.of(), List.copyOf(prefixes), List.of(), List.of());
    }

    /**
     * Classes declaring a method {@code name} whose descriptor starts with {@code descriptor} ({@code "run"}, {@code
     * "()V"}; {@code "("} for any).
     */
    public static Interest declaring(String name, String descriptor) {
      return new Interest(List.of(), List.of(), List.<String[]>of(new String[] {name, descriptor}), List.of());
    }

    /** Every class of a loader {@code loaders} accepts (asked for each class: make it cheap). */
    public static Interest anyClassOf(Predicate<ClassLoader> loaders) {
      return new Interest(List.of(), List.of(), List.of(), List.of(loaders));
    }

    public Interest or(Interest other) {
      return new Interest(
          concat(prefixes, other.prefixes),
          concat(classNames, other.classNames),
          concat(methods, other.methods),
          concat(anyClassOf, other.anyClassOf));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
      List<T> all = new ArrayList<>(a);
      all.addAll(b);
      return Collections.unmodifiableList(all);
    }
  }

  private final byte[][] prefixes;
  /** Whether some prefix starts with this byte: the only check most positions get. */
  private final boolean[] startsPrefix = new boolean[256];
  private final boolean anyName; // an empty prefix or class name: every class has it
  private final byte[][] classNames;
  private final byte[][] methodNames;
  private final byte[][] methodDescriptors;
  private final List<Predicate<ClassLoader>> anyClassOf;

  public ClassFileFilter(Interest interest) {
    List<byte[]> p = new ArrayList<>();
    boolean empty = false;
    for (String prefix : interest.prefixes) {
      byte[] bytes = utf8(prefix);
      if (bytes.length == 0) {
        empty = true;
      } else {
        startsPrefix[bytes[0] & 0xff] = true;
        p.add(bytes);
      }
    }
    this.prefixes = p.toArray(new byte[0][]);
    this.classNames = new byte[interest.classNames.size()][];
    for (int i = 0; i < classNames.length; i++) {
      classNames[i] = utf8(interest.classNames.get(i));
      empty |= classNames[i].length == 0;
    }
    this.anyName = empty;
    this.methodNames = new byte[interest.methods.size()][];
    this.methodDescriptors = new byte[interest.methods.size()][];
    for (int i = 0; i < methodNames.length; i++) {
      methodNames[i] = utf8(interest.methods.get(i)[0]);
      methodDescriptors[i] = utf8(interest.methods.get(i)[1]);
    }
    this.anyClassOf = List.copyOf(interest.anyClassOf);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The filter for classes any of {@code interests} may transform. */
  public static ClassFileFilter of(Collection<Interest> interests) {
    Interest all = Interest.NONE;
    for (Interest i : interests) {
      all = all.or(i);
    }
    return new ClassFileFilter(all);
  }

  /** Whether some module may transform the class {@code classFile} defines in {@code loader}. */
  public boolean mayTransform(ClassLoader loader, byte[] classFile) {
    for (Predicate<ClassLoader> any : anyClassOf) {
      if (any.test(loader)) {
        return true;
      }
    }
    return scan(classFile);
  }

  /** Whether the class file names a class starting with one of the prefixes (the only interest looked at). */
  public boolean names(byte[] classFile) {
    return anyName || prefixes.length > 0 && scan(classFile);
  }

  private boolean scan(byte[] b) {
    if (anyName) {
      return true;
    }
    boolean members = classNames.length > 0 || methodNames.length > 0;
    if (prefixes.length == 0 && !members) {
      return false;
    }
    try {
      if (b.length < 10 || u4(b, 0) != MAGIC) {
        return true;
      }
      int count = u2(b, 8);
      int[] at = members ? new int[count] : null; // where each constant starts
      int p = 10;
      for (int i = 1; i < count; i++) {
        if (at != null) {
          at[i] = p;
        }
        switch (b[p]) {
          case 1: // Utf8
            int length = u2(b, p + 1);
            if (namesPrefix(b, p + 3, p + 3 + length)) {
              return true;
            }
            p += 3 + length;
            break;
          case 7: // Class
          case 8: // String
          case 16: // MethodType
          case 19: // Module
          case 20: // Package
            p += 3;
            break;
          case 15: // MethodHandle
            p += 4;
            break;
          case 3: // Integer
          case 4: // Float
          case 9: // Fieldref
          case 10: // Methodref
          case 11: // InterfaceMethodref
          case 12: // NameAndType
          case 17: // Dynamic
          case 18: // InvokeDynamic
            p += 5;
            break;
          case 5: // Long
          case 6: // Double
            p += 9;
            i++;
            break;
          default:
            return true; // a constant this reader does not know: let Byte Buddy read it
        }
      }
      return at != null && (isNamed(b, at, p) || declaresMethod(b, at, p));
    } catch (RuntimeException malformed) {
      return true;
    }
  }

  /**
   * Whether the Utf8 constant in {@code [start, end)} has a prefix at its start or after an {@code L} (a descriptor's
   * or signature's class name).
   */
  private boolean namesPrefix(byte[] b, int start, int end) {
    for (int q = start; q < end; q++) {
      int c = b[q] & 0xff;
      if (startsPrefix[c] && (q == start || b[q - 1] == 'L')) {
        for (byte[] prefix : prefixes) {
          if ((prefix[0] & 0xff) == c && startsWith(b, q, end, prefix)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** {@code at}: where each constant starts; {@code p}: where the constant pool ends. */
  private boolean isNamed(byte[] b, int[] at, int p) {
    int name = at[u2(b, at[u2(b, p + 2)] + 1)]; // this class → its Class constant → the Utf8 of its name
    for (byte[] className : classNames) {
      if (utf8StartsWith(b, name, className)) {
        return true;
      }
    }
    return false;
  }

  private boolean declaresMethod(byte[] b, int[] at, int p) {
    if (methodNames.length == 0) {
      return false;
    }
    p += 6; // access flags, this class, super class
    p += 2 + 2 * u2(b, p); // interfaces
    p = skipMembers(b, p); // fields
    int methods = u2(b, p);
    p += 2;
    for (int m = 0; m < methods; m++) {
      if ((u2(b, p) & (ABSTRACT | NATIVE)) != 0) { // no code for advice to go into
        p = skipAttributes(b, p + 6);
        continue;
      }
      int name = at[u2(b, p + 2)];
      int descriptor = at[u2(b, p + 4)];
      for (int i = 0; i < methodNames.length; i++) {
        if (u2(b, name + 1) == methodNames[i].length
            && utf8StartsWith(b, name, methodNames[i])
            && utf8StartsWith(b, descriptor, methodDescriptors[i])) {
          return true;
        }
      }
      p = skipAttributes(b, p + 6);
    }
    return false;
  }

  private static int skipMembers(byte[] b, int p) {
    int count = u2(b, p);
    p += 2;
    for (int i = 0; i < count; i++) {
      p = skipAttributes(b, p + 6);
    }
    return p;
  }

  private static int skipAttributes(byte[] b, int p) {
    int count = u2(b, p);
    p += 2;
    for (int i = 0; i < count; i++) {
      p += 6 + u4(b, p + 2);
    }
    return p;
  }

  /** Whether the Utf8 constant starting at {@code at} starts with {@code expected}. */
  private static boolean utf8StartsWith(byte[] b, int at, byte[] expected) {
    int start = at + 3;
    return startsWith(b, start, start + u2(b, at + 1), expected);
  }

  private static boolean startsWith(byte[] b, int from, int end, byte[] expected) {
    if (end - from < expected.length) {
      return false;
    }
    return Arrays.equals(b, from, from + expected.length, expected, 0, expected.length);
  }

  private static int u2(byte[] b, int p) {
    return (b[p] & 0xff) << 8 | b[p + 1] & 0xff;
  }

  private static int u4(byte[] b, int p) {
    return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
  }
}
