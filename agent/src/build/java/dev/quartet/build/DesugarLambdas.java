package dev.quartet.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.BasicVerifier;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * Build step of the agent jar (run by the antrun step in agent/pom.xml in source-file mode, like
 * StripLocalVariableTables): turns the lambdas and method references of the agent's classes into ordinary classes,
 * as retrolambda and Android's D8 do. At run time each {@code invokedynamic} of {@code LambdaMetafactory} costs CPU
 * the first time it runs: the JDK spins a hidden class with its internal ASM and builds method handles and method
 * types, and the JIT then compiles that machinery (~0.3 ms per site measured; the sample app linked ~700 sites of
 * Quartet and its shaded SDKs at start-up). A class written here at build time costs only its loading.
 *
 * <p>Which sites: all of the jar's (5,471 of 5,993 rewritten: 1.35 MB of class files, +0.5 MB of compressed jar), so every
 * app's paths are covered and nothing needs refreshing after a library upgrade.
 *
 * <p>Each rewritten site becomes {@code invokestatic <package>/$$QLambda$n.c<i>(captured)}; the generated class, in
 * the host's package and class loader, implements the functional interface (plus marker interfaces and bridges)
 * exactly as the JDK's proxy would (same argument and return conversions, see
 * java.lang.invoke.TypeConvertingMethodAdapter), and a capture-free one is a singleton as the JDK's is. The
 * implementation method is often private (javac's {@code lambda$x$n}, private method references): those members
 * become package-private (public in interfaces), after checking that no method of the same name and descriptor
 * could start overriding or being overridden by them.
 *
 * <p>Conservative: a site stays an invokedynamic when it is serializable, names a class neither in the jar nor in
 * the JDK (library code whose classes the shade filters left out, which cannot run), unusual (super calls, protected members
 * of another package, private members outside the jar, types the generated class could not access, anything it
 * cannot resolve). Generated classes are verified with ASM's SimpleVerifier over the jar's and the JDK's class
 * hierarchy, rewritten hosts with ASM's BasicVerifier; any error fails the build.
 *
 * <p>Arguments: the root of the unpacked jar; {@code --leave PREFIX} (repeatable): classes to leave alone (another
 * class loader's).
 */
public final class DesugarLambdas {
  static final String LMF = "java/lang/invoke/LambdaMetafactory";
  static final int FLAG_SERIALIZABLE = 1;
  static final int FLAG_MARKERS = 2;
  static final int FLAG_BRIDGES = 4;
  static final String SUFFIX = "$$QLambda$"; // a generated class is <package>/$$QLambda$<n>
  static final String FACTORY = "c";
  /** Sites per generated class: keeps each interface method's switch well under the JVM's 64 KB of code. */
  static final int MAX_SITES_PER_CLASS = 256;

  /** What the step knows of a class: its hierarchy and its methods' access flags. */
  static final class ClassInfo {
    final String name;
    final int access;
    final String superName;
    final String[] interfaces;
    final Map<String, Integer> methods = new HashMap<>(); // name + descriptor -> access
    final boolean inJar;
    final boolean frozen; // in the jar but left alone (another class loader)
    int version;
    Path file;
    final List<Site> sites = new ArrayList<>();

    ClassInfo(String name, int access, String superName, String[] interfaces, boolean inJar, boolean frozen) {
      this.name = name;
      this.access = access;
      this.superName = superName;
      this.interfaces = interfaces == null ? new String[0] : interfaces;
      this.inJar = inJar;
      this.frozen = frozen;
    }

    boolean isInterface() {
      return (access & Opcodes.ACC_INTERFACE) != 0;
    }
  }

  /** One invokedynamic of LambdaMetafactory, in the order the class's code visits them. */
  static final class Site {
    final String samName;
    final String descriptor;
    final Handle bootstrap;
    final Object[] args;
    String generated; // the generated class, or null if left alone
    String factory; // its static method that replaces the invokedynamic

    Site(String samName, String descriptor, Handle bootstrap, Object[] args) {
      this.samName = samName;
      this.descriptor = descriptor;
      this.bootstrap = bootstrap;
      this.args = args;
    }
  }

  /** Why a site stays an invokedynamic. */
  static final class Leave extends Exception {
    Leave(String why) {
      super(why, null, false, false);
    }
  }

  final Map<String, ClassInfo> classes = new HashMap<>();
  final Map<String, ClassInfo> jdk = new HashMap<>();
  final Set<String> frozenPrefixes;
  /** owner + "." + name + descriptor of the private members to widen. */
  final Set<String> widen = new HashSet<>();
  final Map<String, Integer> left = new TreeMap<>();

  DesugarLambdas(Set<String> frozenPrefixes) {
    this.frozenPrefixes = frozenPrefixes;
  }

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Set<String> frozen = new HashSet<>();
    for (int i = 1; i < args.length; i += 2) {
      if (args[i].equals("--leave")) {
        frozen.add(args[i + 1]);
      } else {
        throw new IllegalArgumentException(args[i]);
      }
    }
    DesugarLambdas step = new DesugarLambdas(frozen);
    String summary = step.run(root);
    System.out.println("DesugarLambdas: " + summary);
  }

  String run(Path root) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files =
          s.filter(p -> p.toString().endsWith(".class"))
              .filter(p -> !root.relativize(p).toString().startsWith("META-INF"))
              .filter(p -> !p.getFileName().toString().equals("module-info.class"))
              .sorted()
              .collect(Collectors.toList());
    }
    for (Path f : files) {
      index(f, Files.readAllBytes(f));
    }
    int sites = 0;
    int rewritten = 0;
    List<ClassInfo> hosts = new ArrayList<>();
    Map<String, List<Plan>> groups = new LinkedHashMap<>();
    for (ClassInfo host : classes.values()) {
      if (!host.sites.isEmpty() && !host.frozen) {
        hosts.add(host);
      }
    }
    hosts.sort((x, y) -> x.name.compareTo(y.name));
    for (ClassInfo host : hosts) {
      for (Site site : host.sites) {
        sites++;
        try {
          Plan plan = plan(host, site);
          plan.host = host;
          String key = packageOf(host.name) + " " + host.version + " " + plan.groupKey();
          groups.computeIfAbsent(key, k -> new ArrayList<>()).add(plan);
          widen.addAll(plan.target.toWiden);
          rewritten++;
        } catch (Leave e) {
          left.merge(e.getMessage(), 1, Integer::sum);
        }
      }
    }
    Map<String, byte[]> generated = new LinkedHashMap<>(); // name -> class file
    Map<String, Integer> perPackage = new HashMap<>();
    for (List<Plan> group : groups.values()) {
      for (int from = 0; from < group.size(); from += MAX_SITES_PER_CLASS) {
        List<Plan> part = group.subList(from, Math.min(group.size(), from + MAX_SITES_PER_CLASS));
        ClassInfo host = part.get(0).host;
        String pkg = packageOf(host.name);
        String name;
        do {
          name = (pkg.isEmpty() ? "" : pkg + "/") + SUFFIX + perPackage.merge(pkg, 1, Integer::sum);
        } while (classes.containsKey(name));
        for (int i = 0; i < part.size(); i++) {
          part.get(i).index = i;
          part.get(i).site.generated = name;
          part.get(i).site.factory = FACTORY + i;
        }
        generated.put(name, emit(host, name, part));
      }
    }
    for (Map.Entry<String, byte[]> e : generated.entrySet()) {
      ClassReader r = new ClassReader(e.getValue());
      classes.put(e.getKey(), new ClassInfo(e.getKey(), r.getAccess(), r.getSuperName(), r.getInterfaces(), true, false));
    }
    Set<String> touched = new HashSet<>();
    for (String member : widen) {
      touched.add(member.substring(0, member.indexOf('.')));
    }
    for (ClassInfo host : hosts) {
      for (Site site : host.sites) {
        if (site.generated != null) {
          touched.add(host.name);
        }
      }
    }
    long generatedBytes = 0;
    List<String> errors = new ArrayList<>();
    for (String name : touched) {
      ClassInfo c = classes.get(name);
      byte[] out = rewrite(c, Files.readAllBytes(c.file));
      verify(out, false, errors);
      Files.write(c.file, out);
    }
    for (Map.Entry<String, byte[]> e : generated.entrySet()) {
        verify(e.getValue(), true, errors);
      Path file = root.resolve(e.getKey() + ".class");
      if (Files.exists(file)) {
        throw new IllegalStateException("already exists: " + file);
      }
      Files.write(file, e.getValue());
      generatedBytes += e.getValue().length;
    }
    if (!errors.isEmpty()) {
      errors.forEach(System.err::println);
      throw new IllegalStateException(errors.size() + " classes fail verification after desugaring lambdas");
    }
    return sites
        + " lambda sites, "
        + rewritten
        + " rewritten into "
        + generated.size()
        + " classes ("
        + generatedBytes
        + " bytes), "
        + widen.size()
        + " private members widened, "
        + (sites - rewritten)
        + " left as invokedynamic "
        + left;
  }

  static String simpleName(String internalName) {
    return internalName.substring(internalName.lastIndexOf('/') + 1);
  }

  static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash < 0 ? "" : internalName.substring(0, slash);
  }

  // ---------------------------------------------------------------- pass 1: the index

  void index(Path file, byte[] bytes) {
    ClassReader reader = new ClassReader(bytes);
    String name = reader.getClassName();
    boolean frozen = frozenPrefixes.stream().anyMatch(name::startsWith);
    ClassInfo info =
        new ClassInfo(name, reader.getAccess(), reader.getSuperName(), reader.getInterfaces(), true, frozen);
    info.file = file;
    info.version = Byte.toUnsignedInt(bytes[6]) << 8 | Byte.toUnsignedInt(bytes[7]);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public MethodVisitor visitMethod(
              int access, String mName, String descriptor, String signature, String[] exceptions) {
            info.methods.put(mName + descriptor, access);
            return new MethodVisitor(Opcodes.ASM9) {
              @Override
              public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... bsmArgs) {
                if (isLambdaMetafactory(bsm)) {
                  info.sites.add(new Site(n, d, bsm, bsmArgs));
                }
              }
            };
          }
        },
        ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    if (classes.put(name, info) != null) {
      throw new IllegalStateException("two class files for " + name);
    }
  }

  static boolean isLambdaMetafactory(Handle bsm) {
    return bsm.getTag() == Opcodes.H_INVOKESTATIC
        && bsm.getOwner().equals(LMF)
        && (bsm.getName().equals("metafactory") || bsm.getName().equals("altMetafactory"));
  }

  /** A class of the jar, or of the JDK (read from its class file, not loaded), or null. */
  ClassInfo info(String name) {
    ClassInfo c = classes.get(name);
    if (c != null) {
      return c;
    }
    return jdk.computeIfAbsent(name, DesugarLambdas::readJdkClass);
  }

  static ClassInfo readJdkClass(String name) {
    // class files are never encapsulated: the system loader finds those of named modules too
    try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
      if (in == null || !(name.startsWith("java/") || name.startsWith("javax/") || name.startsWith("jdk/")
          || name.startsWith("sun/") || name.startsWith("com/sun/"))) {
        return null;
      }
      ClassReader reader = new ClassReader(in.readAllBytes());
      ClassInfo info =
          new ClassInfo(name, reader.getAccess(), reader.getSuperName(), reader.getInterfaces(), false, false);
      reader.accept(
          new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String n, String d, String s, String[] e) {
              info.methods.put(n + d, access);
              return null;
            }
          },
          ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
      return info;
    } catch (IOException e) {
      return null;
    }
  }

  /** Whether code in {@code pkg} of the jar's loader may name the class {@code name}. */
  boolean accessible(String name, String pkg) throws Leave {
    ClassInfo c = info(name);
    if (c == null) {
      throw new Leave("unknown class");
    }
    if (!c.inJar) {
      return (c.access & Opcodes.ACC_PUBLIC) != 0
          && (name.startsWith("java/") || name.startsWith("javax/")); // exported packages only
    }
    return (c.access & Opcodes.ACC_PUBLIC) != 0 || (!c.frozen && packageOf(name).equals(pkg));
  }

  void requireAccessible(Type type, String pkg) throws Leave {
    if (type.getSort() == Type.ARRAY) {
      type = type.getElementType();
    }
    if (type.getSort() == Type.OBJECT && !accessible(type.getInternalName(), pkg)) {
      throw new Leave("inaccessible type");
    }
  }

  /** The class declaring a method reachable from {@code owner} (superclasses first, then interfaces). */
  ClassInfo declaring(String owner, String nameAndDesc, Set<String> seen) {
    ClassInfo c = info(owner);
    if (c == null || !seen.add(owner)) {
      return null;
    }
    if (c.methods.containsKey(nameAndDesc)) {
      return c;
    }
    if (c.superName != null) {
      ClassInfo d = declaring(c.superName, nameAndDesc, seen);
      if (d != null) {
        return d;
      }
    }
    for (String i : c.interfaces) {
      ClassInfo d = declaring(i, nameAndDesc, seen);
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  /** Whether some supertype of {@code c} (in the jar or the JDK) declares {@code nameAndDesc}; unknown = yes. */
  boolean superDeclares(ClassInfo c, String nameAndDesc) {
    List<String> supers = new ArrayList<>(List.of(c.interfaces));
    if (c.superName != null) {
      supers.add(c.superName);
    }
    for (String s : supers) {
      ClassInfo si = info(s);
      if (si == null || si.methods.containsKey(nameAndDesc) || superDeclares(si, nameAndDesc)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code sub} is {@code sup} or a subtype of it; false when the hierarchy is unknown. */
  boolean isSubtype(String sub, String sup) {
    if (sub.equals(sup) || sup.equals("java/lang/Object")) {
      return true;
    }
    ClassInfo c = info(sub);
    if (c == null) {
      return false;
    }
    if (c.superName != null && isSubtype(c.superName, sup)) {
      return true;
    }
    for (String i : c.interfaces) {
      if (isSubtype(i, sup)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- the generated class

  /** What a rewritable site needs: checked, not yet written. */
  static final class Plan {
    ClassInfo host;
    Site site;
    Type factory;
    Type samType;
    Type instantiated;
    List<String> interfaces;
    List<Type> bridges;
    Implementation target;
    Type[] captured;
    int index; // within its generated class
    int[] fields; // the generated class's field each captured value goes to

    /** Sites of one package with the same interfaces, method and bridges share a generated class. */
    String groupKey() {
      StringBuilder k = new StringBuilder(site.samName).append(samType.getDescriptor());
      interfaces.forEach(i -> k.append(' ').append(i));
      bridges.forEach(b -> k.append(' ').append(b.getDescriptor()));
      return k.toString();
    }
  }

  static final MethodVisitor DISCARD = new MethodVisitor(Opcodes.ASM9) {};

  Plan plan(ClassInfo host, Site site) throws Leave {
    String pkg = packageOf(host.name);
    Object[] a = site.args;
    if (a.length < 3 || !(a[0] instanceof Type) || !(a[1] instanceof Handle) || !(a[2] instanceof Type)) {
      throw new Leave("unusual bootstrap arguments");
    }
    Plan plan = new Plan();
    plan.site = site;
    plan.samType = (Type) a[0];
    Handle impl = (Handle) a[1];
    plan.instantiated = (Type) a[2];
    List<String> markers = new ArrayList<>();
    plan.bridges = new ArrayList<>();
    if (site.bootstrap.getName().equals("altMetafactory")) {
      int flags = (Integer) a[3];
      if ((flags & FLAG_SERIALIZABLE) != 0) {
        throw new Leave("serializable");
      }
      if ((flags & ~(FLAG_MARKERS | FLAG_BRIDGES)) != 0) {
        throw new Leave("unknown flags");
      }
      int i = 4;
      if ((flags & FLAG_MARKERS) != 0) {
        int n = (Integer) a[i++];
        for (int k = 0; k < n; k++) {
          markers.add(((Type) a[i++]).getInternalName());
        }
      }
      if ((flags & FLAG_BRIDGES) != 0) {
        int n = (Integer) a[i++];
        for (int k = 0; k < n; k++) {
          Type bridge = (Type) a[i++];
          if (!bridge.equals(plan.samType) && !plan.bridges.contains(bridge)) {
            plan.bridges.add(bridge);
          }
        }
      }
    } else if (a.length != 3) {
      throw new Leave("unusual bootstrap arguments");
    }
    plan.factory = Type.getMethodType(site.descriptor);
    Type itf = plan.factory.getReturnType();
    if (itf.getSort() != Type.OBJECT) {
      throw new Leave("unusual bootstrap arguments");
    }
    plan.interfaces = new ArrayList<>();
    plan.interfaces.add(itf.getInternalName());
    plan.interfaces.addAll(markers);
    for (String i : plan.interfaces) {
      ClassInfo ci = info(i);
      if (ci == null || !ci.isInterface()) {
        throw new Leave("unknown class");
      }
      requireAccessible(Type.getObjectType(i), pkg);
    }

    // a site naming a class the jar left out (code that cannot run) stays as it is: the generated class would
    // refer to the missing class too
    List<Type> named = new ArrayList<>(List.of(plan.factory, plan.samType, plan.instantiated,
        Type.getMethodType(impl.getDesc()), Type.getObjectType(impl.getOwner())));
    named.addAll(plan.bridges);
    for (Type t : named) {
      for (Type u : t.getSort() == Type.METHOD ? methodTypes(t) : List.of(t)) {
        Type element = u.getSort() == Type.ARRAY ? u.getElementType() : u;
        if (element.getSort() == Type.OBJECT && info(element.getInternalName()) == null) {
          throw new Leave("unknown class");
        }
      }
    }

    // the implementation method: resolvable, accessible from the host's package, or private and widenable
    plan.target = implementation(host, impl, pkg);
    plan.captured = plan.factory.getArgumentTypes();
    Type[] implParams = plan.target.parameters;
    if (implParams.length != plan.captured.length + plan.samType.getArgumentTypes().length
        || plan.instantiated.getArgumentTypes().length != plan.samType.getArgumentTypes().length) {
      throw new Leave("arity");
    }
    for (int k = 0; k < plan.captured.length; k++) {
      // captured values are passed on as they are (as the JDK does); the invocation must accept them
      if (!assignable(plan.captured[k], implParams[k])) {
        throw new Leave("captured argument needs a conversion");
      }
    }
    // every conversion the forwarding code needs is one this step can write
    forward(DISCARD, "", plan, plan.samType, pkg);
    for (Type bridge : plan.bridges) {
      forward(DISCARD, "", plan, bridge, pkg);
    }
    return plan;
  }

  static List<Type> methodTypes(Type method) {
    List<Type> types = new ArrayList<>(List.of(method.getArgumentTypes()));
    types.add(method.getReturnType());
    return types;
  }

  /**
   * One class for the given sites of a package (same interfaces and methods): one factory method per site
   * ({@code c<index>}, the site's invokedynamic descriptor), a site number in field {@code k} when there is more
   * than one, and the captured values in typed fields shared between sites. Each interface method switches on the
   * site number to the site's forwarding code. Grouping keeps the jar small: a class per site would add ~750 bytes
   * per site to the jar, most of it per-class and per-entry overhead.
   */
  byte[] emit(ClassInfo host, String name, List<Plan> plans) {
    String pkg = packageOf(host.name);
    boolean tagged = plans.size() > 1;
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    Plan first = plans.get(0);
    cw.visit(
        host.version,
        Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC,
        name,
        null,
        "java/lang/Object",
        first.interfaces.toArray(new String[0]));
    if (tagged) {
      cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "k", "I", null, null).visitEnd();
    }
    // fields: the j-th captured value of type T of any site goes to the j-th field of type T
    List<Type> fieldTypes = new ArrayList<>();
    for (Plan plan : plans) {
      Map<Type, Integer> seen = new HashMap<>();
      plan.fields = new int[plan.captured.length];
      for (int c = 0; c < plan.captured.length; c++) {
        Type t = plan.captured[c];
        int occurrence = seen.merge(t, 1, Integer::sum) - 1;
        int field = -1;
        for (int f = 0, n = 0; f < fieldTypes.size(); f++) {
          if (fieldTypes.get(f).equals(t) && n++ == occurrence) {
            field = f;
            break;
          }
        }
        if (field < 0) {
          field = fieldTypes.size();
          fieldTypes.add(t);
          cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "f" + field, t.getDescriptor(), null, null)
              .visitEnd();
        }
        plan.fields[c] = field;
      }
    }
    // constructors: one per distinct captured descriptor
    Map<String, Plan> constructors = new LinkedHashMap<>();
    for (Plan plan : plans) {
      constructors.putIfAbsent(constructorDescriptor(plan, tagged), plan);
    }
    constructors.forEach(
        (desc, plan) -> {
          MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE, "<init>", desc, null, null);
          mv.visitCode();
          mv.visitVarInsn(Opcodes.ALOAD, 0);
          mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
          int slot = 1;
          if (tagged) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ILOAD, slot++);
            mv.visitFieldInsn(Opcodes.PUTFIELD, name, "k", "I");
          }
          for (int c = 0; c < plan.captured.length; c++) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(plan.captured[c].getOpcode(Opcodes.ILOAD), slot);
            mv.visitFieldInsn(Opcodes.PUTFIELD, name, "f" + plan.fields[c], plan.captured[c].getDescriptor());
            slot += plan.captured[c].getSize();
          }
          mv.visitInsn(Opcodes.RETURN);
          mv.visitMaxs(0, 0);
          mv.visitEnd();
        });
    // factories; capture-free sites get one instance each, as the JDK's call site returns
    MethodVisitor clinit = null;
    for (Plan plan : plans) {
      String self = "L" + name + ";";
      MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, FACTORY + plan.index, plan.site.descriptor, null, null);
      mv.visitCode();
      MethodVisitor creator = mv;
      if (plan.captured.length == 0) {
        if (clinit == null) {
          clinit = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
          clinit.visitCode();
        }
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "i" + plan.index, self, null,
                null)
            .visitEnd();
        mv.visitFieldInsn(Opcodes.GETSTATIC, name, "i" + plan.index, self);
        creator = clinit;
      }
      creator.visitTypeInsn(Opcodes.NEW, name);
      creator.visitInsn(Opcodes.DUP);
      if (tagged) {
        push(creator, plan.index);
      }
      int slot = 0;
      for (Type t : plan.captured) {
        creator.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
        slot += t.getSize();
      }
      creator.visitMethodInsn(Opcodes.INVOKESPECIAL, name, "<init>", constructorDescriptor(plan, tagged), false);
      if (creator == clinit) {
        clinit.visitFieldInsn(Opcodes.PUTSTATIC, name, "i" + plan.index, self);
      }
      mv.visitInsn(Opcodes.ARETURN);
      mv.visitMaxs(0, 0);
      mv.visitEnd();
    }
    if (clinit != null) {
      clinit.visitInsn(Opcodes.RETURN);
      clinit.visitMaxs(0, 0);
      clinit.visitEnd();
    }
    List<Type> methods = new ArrayList<>();
    methods.add(first.samType);
    methods.addAll(first.bridges);
    for (Type method : methods) {
      MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, first.site.samName, method.getDescriptor(), null, null);
      mv.visitCode();
      Label[] cases = new Label[plans.size()];
      if (tagged) {
        for (int i = 0; i < cases.length; i++) {
          cases[i] = new Label();
        }
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, name, "k", "I");
        mv.visitTableSwitchInsn(0, cases.length - 1, cases[cases.length - 1], cases);
      }
      for (Plan plan : plans) {
        if (tagged) {
          mv.visitLabel(cases[plan.index]);
          mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null); // the method's entry locals, empty stack
        }
        try {
          forward(mv, name, plan, method, pkg);
        } catch (Leave e) {
          throw new IllegalStateException("checked before: " + e.getMessage(), e);
        }
      }
      mv.visitMaxs(0, 0);
      mv.visitEnd();
    }
    cw.visitEnd();
    return cw.toByteArray();
  }

  static String constructorDescriptor(Plan plan, boolean tagged) {
    List<Type> params = new ArrayList<>();
    if (tagged) {
      params.add(Type.INT_TYPE);
    }
    params.addAll(List.of(plan.captured));
    return Type.getMethodDescriptor(Type.VOID_TYPE, params.toArray(new Type[0]));
  }

  static void push(MethodVisitor mv, int value) {
    if (value <= 5) {
      mv.visitInsn(Opcodes.ICONST_0 + value);
    } else if (value <= Byte.MAX_VALUE) {
      mv.visitIntInsn(Opcodes.BIPUSH, value);
    } else {
      mv.visitIntInsn(Opcodes.SIPUSH, value);
    }
  }

  /** How the generated class calls the implementation method. */
  static final class Implementation {
    int opcode;
    String owner;
    String name;
    String descriptor;
    boolean ownerIsInterface;
    boolean constructor;
    Type[] parameters; // with the receiver first for instance methods
    Type returnType; // the new object's type for constructors
    final List<String> toWiden = new ArrayList<>();
  }

  Implementation implementation(ClassInfo host, Handle h, String pkg) throws Leave {
    Implementation m = new Implementation();
    m.owner = h.getOwner();
    m.name = h.getName();
    m.descriptor = h.getDesc();
    m.ownerIsInterface = h.isInterface();
    if (m.owner.startsWith("[")) {
      throw new Leave("array method");
    }
    requireAccessible(Type.getObjectType(m.owner), pkg);
    Type mt = Type.getMethodType(m.descriptor);
    String member = m.name + m.descriptor;
    ClassInfo declaring =
        h.getTag() == Opcodes.H_NEWINVOKESPECIAL
            ? (info(m.owner) != null && info(m.owner).methods.containsKey(member) ? info(m.owner) : null)
            : declaring(m.owner, member, new HashSet<>());
    if (declaring == null) {
      throw new Leave("unresolved implementation");
    }
    int access = declaring.methods.get(member);
    boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
    List<Type> params = new ArrayList<>();
    switch (h.getTag()) {
      case Opcodes.H_INVOKESTATIC:
        m.opcode = Opcodes.INVOKESTATIC;
        break;
      case Opcodes.H_INVOKEVIRTUAL:
        m.opcode = Opcodes.INVOKEVIRTUAL;
        break;
      case Opcodes.H_INVOKEINTERFACE:
        m.opcode = Opcodes.INVOKEINTERFACE;
        break;
      case Opcodes.H_INVOKESPECIAL:
        if ((access & Opcodes.ACC_PRIVATE) == 0) {
          throw new Leave("super call");
        }
        m.opcode = m.ownerIsInterface ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL;
        break;
      case Opcodes.H_NEWINVOKESPECIAL:
        m.opcode = Opcodes.INVOKESPECIAL;
        m.constructor = true;
        break;
      default:
        throw new Leave("unusual handle kind");
    }
    if (isStatic != (m.opcode == Opcodes.INVOKESTATIC)) {
      throw new Leave("unusual handle kind");
    }
    if (!isStatic && !m.constructor) {
      params.add(Type.getObjectType(m.owner));
    }
    params.addAll(List.of(mt.getArgumentTypes()));
    m.parameters = params.toArray(new Type[0]);
    m.returnType = m.constructor ? Type.getObjectType(m.owner) : mt.getReturnType();

    boolean samePackage = declaring.inJar && !declaring.frozen && packageOf(declaring.name).equals(pkg);
    if ((access & Opcodes.ACC_PUBLIC) != 0) {
      if (!declaring.inJar && !(declaring.name.startsWith("java/") || declaring.name.startsWith("javax/"))
          && !accessible(declaring.name, pkg)) {
        throw new Leave("inaccessible member");
      }
    } else if ((access & Opcodes.ACC_PRIVATE) != 0) {
      if (!samePackage || !declaring.name.equals(m.owner)) {
        throw new Leave("private member outside the host's package");
      }
      if (!isStatic && !m.constructor && !safeToWiden(declaring, member)) {
        throw new Leave("private member whose widening could override");
      }
      m.toWiden.add(declaring.name + "." + member);
    } else if (!samePackage) { // protected or package-private in another package (or loader)
      throw new Leave("protected member of another package");
    }
    return m;
  }

  /**
   * Whether a private instance method may become package-private (public in an interface) without taking part
   * in overriding: no supertype declares its name and descriptor, and no other class of its package (of the jar,
   * for an interface) does.
   */
  boolean safeToWiden(ClassInfo owner, String member) {
    if (superDeclares(owner, member)) {
      return false;
    }
    String pkg = packageOf(owner.name);
    for (ClassInfo c : classes.values()) {
      if (c != owner
          && c.methods.containsKey(member)
          && (owner.isInterface() || packageOf(c.name).equals(pkg))) {
        return false;
      }
    }
    return true;
  }

  boolean assignable(Type from, Type to) {
    if (from.equals(to)) {
      return true;
    }
    if (from.getSort() != Type.OBJECT || to.getSort() != Type.OBJECT) {
      return to.getDescriptor().equals("Ljava/lang/Object;") && from.getSort() == Type.ARRAY;
    }
    return isSubtype(from.getInternalName(), to.getInternalName());
  }

  /** The interface method (or a bridge) for one site: the JDK's ForwardingMethodGenerator, at build time. */
  void forward(MethodVisitor mv, String name, Plan plan, Type method, String pkg) throws Leave {
    Implementation target = plan.target;
    if (target.constructor) {
      mv.visitTypeInsn(Opcodes.NEW, target.owner);
      mv.visitInsn(Opcodes.DUP);
    }
    for (int k = 0; k < plan.captured.length; k++) {
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitFieldInsn(
          Opcodes.GETFIELD, name, plan.fields == null ? "" : "f" + plan.fields[k], plan.captured[k].getDescriptor());
    }
    Type[] args = method.getArgumentTypes();
    Type[] dynamic = plan.instantiated.getArgumentTypes();
    if (args.length != dynamic.length) {
      throw new Leave("arity");
    }
    int slot = 1;
    for (int k = 0; k < args.length; k++) {
      mv.visitVarInsn(args[k].getOpcode(Opcodes.ILOAD), slot);
      slot += args[k].getSize();
      convert(mv, args[k], target.parameters[plan.captured.length + k], dynamic[k], pkg);
    }
    mv.visitMethodInsn(target.opcode, target.owner, target.name, target.descriptor, target.ownerIsInterface);
    Type ret = method.getReturnType();
    Type implRet = target.returnType;
    if (ret.getSort() == Type.VOID) {
      if (implRet.getSort() != Type.VOID) {
        mv.visitInsn(implRet.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
      }
    } else {
      if (implRet.getSort() == Type.VOID) {
        throw new Leave("void implementation for a value");
      }
      convert(mv, implRet, ret, ret, pkg);
    }
    mv.visitInsn(ret.getOpcode(Opcodes.IRETURN));
  }

  // java.lang.invoke.TypeConvertingMethodAdapter.convertType(arg, target, functional)
  void convert(MethodVisitor mv, Type arg, Type target, Type functional, String pkg) throws Leave {
    if (arg.equals(target) && arg.equals(functional)) {
      return;
    }
    if (arg.getSort() == Type.VOID || target.getSort() == Type.VOID) {
      return;
    }
    if (isPrimitive(arg)) {
      if (isPrimitive(target)) {
        widen(mv, arg, target);
      } else {
        Type primTarget = unboxed(target);
        if (primTarget != null) {
          widen(mv, arg, primTarget);
          box(mv, primTarget);
        } else {
          box(mv, arg);
          cast(mv, boxed(arg), target, pkg);
        }
      }
    } else {
      Type src;
      if (isPrimitive(functional)) {
        src = arg;
      } else {
        src = functional;
        cast(mv, arg, src, pkg);
      }
      if (isPrimitive(target)) {
        Type ps = unboxed(src);
        if (ps != null) {
          if (ps.getSort() == Type.BOOLEAN || ps.getSort() == Type.CHAR) {
            unbox(mv, src.getInternalName(), ps);
            widen(mv, ps, target);
          } else {
            unbox(mv, src.getInternalName(), target); // Number's xxxValue()
          }
        } else {
          String intermediate =
              target.getSort() == Type.BOOLEAN || target.getSort() == Type.CHAR
                  ? boxed(target).getInternalName()
                  : "java/lang/Number";
          cast(mv, src, Type.getObjectType(intermediate), pkg);
          unbox(mv, intermediate, target);
        }
      } else {
        cast(mv, src, target, pkg);
      }
    }
  }

  void cast(MethodVisitor mv, Type from, Type to, String pkg) throws Leave {
    if (!from.equals(to) && !to.getDescriptor().equals("Ljava/lang/Object;")) {
      requireAccessible(to, pkg);
      mv.visitTypeInsn(Opcodes.CHECKCAST, to.getSort() == Type.ARRAY ? to.getDescriptor() : to.getInternalName());
    }
  }

  static boolean isPrimitive(Type t) {
    return t.getSort() != Type.OBJECT && t.getSort() != Type.ARRAY && t.getSort() != Type.METHOD;
  }

  static final Map<Integer, String> WRAPPERS = new LinkedHashMap<>();

  static {
    WRAPPERS.put(Type.BOOLEAN, "java/lang/Boolean");
    WRAPPERS.put(Type.CHAR, "java/lang/Character");
    WRAPPERS.put(Type.BYTE, "java/lang/Byte");
    WRAPPERS.put(Type.SHORT, "java/lang/Short");
    WRAPPERS.put(Type.INT, "java/lang/Integer");
    WRAPPERS.put(Type.LONG, "java/lang/Long");
    WRAPPERS.put(Type.FLOAT, "java/lang/Float");
    WRAPPERS.put(Type.DOUBLE, "java/lang/Double");
  }

  static final Type[] PRIMITIVES = {
    Type.BOOLEAN_TYPE, Type.CHAR_TYPE, Type.BYTE_TYPE, Type.SHORT_TYPE,
    Type.INT_TYPE, Type.LONG_TYPE, Type.FLOAT_TYPE, Type.DOUBLE_TYPE
  };

  static Type boxed(Type primitive) {
    return Type.getObjectType(WRAPPERS.get(primitive.getSort()));
  }

  static Type unboxed(Type wrapper) {
    if (wrapper.getSort() != Type.OBJECT) {
      return null;
    }
    for (Type p : PRIMITIVES) {
      if (WRAPPERS.get(p.getSort()).equals(wrapper.getInternalName())) {
        return p;
      }
    }
    return null;
  }

  static void box(MethodVisitor mv, Type primitive) {
    String w = WRAPPERS.get(primitive.getSort());
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC, w, "valueOf", "(" + primitive.getDescriptor() + ")L" + w + ";", false);
  }

  static void unbox(MethodVisitor mv, String owner, Type primitive) {
    mv.visitMethodInsn(
        Opcodes.INVOKEVIRTUAL,
        owner,
        primitive.getClassName() + "Value",
        "()" + primitive.getDescriptor(),
        false);
  }

  /** Primitive widening; anything else (narrowing, boolean) is not a lambda conversion. */
  static void widen(MethodVisitor mv, Type from, Type to) throws Leave {
    if (from.equals(to)) {
      return;
    }
    int f = from.getSort();
    int t = to.getSort();
    boolean intLike = f == Type.BYTE || f == Type.SHORT || f == Type.CHAR || f == Type.INT;
    if (f == Type.BOOLEAN || t == Type.BOOLEAN || t == Type.CHAR || t == Type.BYTE) {
      throw new Leave("primitive conversion");
    }
    if (intLike && t == Type.INT) {
      if (f == Type.CHAR || f == Type.BYTE || f == Type.SHORT) {
        return;
      }
    } else if (intLike && f != Type.CHAR && t == Type.SHORT && f == Type.BYTE) {
      return;
    } else if (intLike && t == Type.LONG) {
      mv.visitInsn(Opcodes.I2L);
      return;
    } else if (intLike && t == Type.FLOAT) {
      mv.visitInsn(Opcodes.I2F);
      return;
    } else if (intLike && t == Type.DOUBLE) {
      mv.visitInsn(Opcodes.I2D);
      return;
    } else if (f == Type.LONG && t == Type.FLOAT) {
      mv.visitInsn(Opcodes.L2F);
      return;
    } else if (f == Type.LONG && t == Type.DOUBLE) {
      mv.visitInsn(Opcodes.L2D);
      return;
    } else if (f == Type.FLOAT && t == Type.DOUBLE) {
      mv.visitInsn(Opcodes.F2D);
      return;
    }
    throw new Leave("primitive conversion");
  }

  // ---------------------------------------------------------------- pass 2: rewriting

  byte[] rewrite(ClassInfo c, byte[] bytes) {
    ClassReader reader = new ClassReader(bytes);
    ClassWriter writer = new ClassWriter(0); // a fresh constant pool: the bootstrap entries go
    int[] next = {0};
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            if (widen.contains(c.name + "." + name + descriptor)) {
              access &= ~Opcodes.ACC_PRIVATE;
              if (c.isInterface()) {
                access |= Opcodes.ACC_PUBLIC;
              }
            }
            return new MethodVisitor(
                Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
              @Override
              public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                if (isLambdaMetafactory(bsm)) {
                  Site site = c.sites.get(next[0]++);
                  if (site.generated != null) {
                    // same stack effect as the invokedynamic: frames and max stack stay true
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, site.generated, site.factory, d, false);
                    return;
                  }
                }
                super.visitInvokeDynamicInsn(n, d, bsm, args);
              }
            };
          }
        },
        0);
    if (next[0] != c.sites.size()) {
      throw new IllegalStateException("site count changed in " + c.name);
    }
    return writer.toByteArray();
  }

  // ---------------------------------------------------------------- verification

  void verify(byte[] bytes, boolean generated, List<String> errors) {
    ClassNode node = new ClassNode();
    new ClassReader(bytes).accept(node, ClassReader.SKIP_DEBUG);
    Type self = Type.getObjectType(node.name);
    Type superType = node.superName == null ? null : Type.getObjectType(node.superName);
    List<Type> itfs = node.interfaces.stream().map(Type::getObjectType).collect(Collectors.toList());
    boolean isItf = (node.access & Opcodes.ACC_INTERFACE) != 0;
    for (MethodNode m : node.methods) {
      Analyzer<BasicValue> analyzer =
          generated
              ? new Analyzer<>(new HierarchyVerifier(self, superType, itfs, isItf))
              : new Analyzer<>(new BasicVerifier());
      try {
        analyzer.analyze(node.name, m);
      } catch (AnalyzerException e) {
        errors.add(node.name + "." + m.name + m.desc + ": " + e.getMessage());
      }
    }
  }

  /** ASM's SimpleVerifier over the jar's and the JDK's class files instead of loaded classes. */
  final class HierarchyVerifier extends SimpleVerifier {
    HierarchyVerifier(Type self, Type superType, List<Type> itfs, boolean isItf) {
      super(Opcodes.ASM9, self, superType, itfs, isItf);
    }

    @Override
    protected boolean isInterface(Type type) {
      ClassInfo c = type.getSort() == Type.OBJECT ? info(type.getInternalName()) : null;
      return c != null && c.isInterface();
    }

    @Override
    protected Type getSuperClass(Type type) {
      ClassInfo c = type.getSort() == Type.OBJECT ? info(type.getInternalName()) : null;
      return c == null || c.superName == null ? null : Type.getObjectType(c.superName);
    }

    @Override
    protected boolean isAssignableFrom(Type type1, Type type2) {
      if (type1.equals(type2) || type1.getDescriptor().equals("Ljava/lang/Object;")) {
        return true;
      }
      if (type1.getSort() == Type.OBJECT && type2.getSort() == Type.OBJECT) {
        return isSubtype(type2.getInternalName(), type1.getInternalName());
      }
      if (type1.getSort() == Type.ARRAY && type2.getSort() == Type.ARRAY) {
        Type e1 = Type.getType(type1.getDescriptor().substring(1));
        Type e2 = Type.getType(type2.getDescriptor().substring(1));
        return !isPrimitive(e1) && !isPrimitive(e2) && isAssignableFrom(e1, e2);
      }
      return false;
    }
  }
}
