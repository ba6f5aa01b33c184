package dev.quartet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import dev.quartet.build.LambdaSites;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks on the built agent jar (failsafe, after package). The jar is trimmed by the shade filters in
 * agent/pom.xml; these tests keep the trimming honest:
 *
 * <ul>
 *   <li>the jar stays within its size budget;
 *   <li>no class in the jar refers in its code (instructions, exception handlers, stack map frames, method
 *       signatures, supertypes) to a class that is neither in the jar nor in the JDK, except the references listed
 *       in {@link #EXPECTED}: optional dependencies the libraries only probe for, and the parts the build leaves out
 *       on purpose. A library upgrade that starts using a left-out class fails here, not in an app. Each expected
 *       reference must still occur, so the list stays true.
 * </ul>
 */
class AgentJarIT {
  /** The 12 MB, in 10^6 bytes as docs/PERFORMANCE.md counts (the OTel agent's 26.5 MB likewise). */
  static final long MAX_BYTES = 12_000_000;

  static final String SHADED = "dev/quartet/shaded/";

  /** Missing classes (a regular expression on names without the relocation prefix) that classes may refer to. */
  static final class Expected {
    final Pattern missing;
    final Pattern from;
    final String why;

    Expected(String missing, String from, String why) {
      this.missing = Pattern.compile(missing);
      this.from = Pattern.compile(from);
      this.why = why;
    }

    boolean matches(String from, String missing) {
      return this.missing.matcher(missing).matches() && this.from.matcher(from).matches();
    }

    @Override
    public String toString() {
      return missing + " from " + from + " (" + why + ")";
    }
  }

  static final String CWL = "software/amazon/awssdk/services/cloudwatchlogs/";
  /** The CloudWatch Logs operations Quartet calls (CloudWatchLogsDestination). */
  static final String USED_OPS = "PutLogEvents|DescribeLogStreams|CreateLogGroup|CreateLogStream|PutRetentionPolicy";
  /** A model class that is neither an operation's request class nor one of the used operations' classes. */
  static final String UNUSED_OP_PART = "model/(?!(" + USED_OPS + ")[A-Z$])(?![A-Za-z0-9]+Request$).*";

  static final List<Expected> EXPECTED =
      List.of(
          // Optional dependencies of the libraries, never bundled.
          new Expected("io/grpc/.*", "io/opentelemetry/exporter/.*", "OTLP over gRPC: no gRPC transport bundled"),
          new Expected("com/google/common/.*", "io/opentelemetry/exporter/.*", "OTLP over gRPC (Guava streams)"),
          new Expected("io/opentelemetry/api/incubator/.*", "io/opentelemetry/.*", "OTel incubating API, not bundled"),
          new Expected(
              "io/opentelemetry/sdk/autoconfigure/declarativeconfig/.*",
              "io/opentelemetry/sdk/autoconfigure/.*",
              "OTel declarative configuration, not bundled"),
          new Expected(
              "(org/apache/(avalon|log|log4j|logging/log4j)|javax/servlet)/.*",
              "org/apache/commons/logging/.*",
              "commons-logging backends Quartet does not use (it routes the X-Ray SDK's logging to JUL)"),
          new Expected("org/slf4j/impl/.*", "org/slf4j/.*", "slf4j 1.7 binding lookup: none bundled (NOP)"),
          new Expected("software/amazon/awssdk/crt(core)?/.*", "software/amazon/awssdk/.*", "AWS CRT (native), optional"),
          // Left out by agent/pom.xml.
          new Expected(
              "com/amazonaws/xray/plugins/EKSPlugin",
              "com/amazonaws/xray/AWSXRayRecorderBuilder",
              "withDefaultPlugins() only; Quartet adds no plugin"),
          new Expected(
              "net/bytebuddy/build/.*|net/bytebuddy/agent/builder/AgentBuilder\\$Transformer\\$ForBuildPlugin",
              "net/bytebuddy/agent/builder/AgentBuilder\\$Default",
              "AgentBuilder.Default.of(Plugin…) only; Quartet does not call it"),
          // Paginators, and what belongs to the operations Quartet does not call; never an operation's request
          // class itself (the verifier loads each when it links the client).
          new Expected(
              CWL + "paginators/.*|" + CWL + "transform/(?!" + USED_OPS + ")[A-Z].*|" + CWL + UNUSED_OP_PART,
              CWL + "(Default)?CloudWatchLogsClient",
              "operations Quartet does not call"),
          new Expected(
              CWL + UNUSED_OP_PART,
              CWL + "model/(?!(" + USED_OPS + ")Request$)[A-Za-z0-9]+Request",
              "the request classes of operations Quartet does not call (kept for the verifier) name their"
                  + " builders and data types"));

  static Path jarPath;
  static Map<String, byte[]> classes = new HashMap<>();

  @BeforeAll
  static void readJar() throws IOException {
    jarPath =
        Paths.get(System.getProperty("quartet.agent.jar", "target/quartet-agent.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jarPath), jarPath + " not built");
    try (JarFile jar = new JarFile(jarPath.toFile())) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        String name = entry.getName();
        String className = null;
        if (name.startsWith("inst/") && name.endsWith(".classdata")) {
          className = name.substring("inst/".length(), name.length() - ".classdata".length());
        } else if (!name.startsWith("inst/") && name.endsWith(".class")) {
          className = name.substring(0, name.length() - ".class".length());
        }
        if (className != null && !className.endsWith("module-info")) {
          try (InputStream in = jar.getInputStream(entry)) {
            classes.put(className, in.readAllBytes());
          }
        }
      }
    }
  }

  /**
   * The build's DesugarLambdas step turned the lambda sites of the agent's classes into classes. What stays an
   * invokedynamic of LambdaMetafactory is only of the kinds the step leaves: serializable lambdas, sites naming a
   * class neither in the jar nor in the JDK (code of the shaded libraries that cannot run, its classes left out of
   * the jar), and private bodies the step will not widen because a method of the same name could then override or
   * be overridden. At most the measured counts (487 naming a missing class, 35 private bodies, none serializable;
   * 5,471 of 5,993 rewritten): more means the step stopped rewriting a kind of site it rewrote.
   */
  @Test
  void lambdaSitesAreClassesNotInvokedynamics() {
    Map<String, List<String>> left = new TreeMap<>(); // kind -> sites
    int generated = 0;
    for (Map.Entry<String, byte[]> c : classes.entrySet()) {
      if (c.getKey().contains("$$QLambda$")) {
        generated++;
      }
      String host = c.getKey();
      LambdaSites.forEach(c.getValue(), (name, desc, bsm, args) -> {
        Handle impl = (Handle) args[1];
        String site = host + " " + impl.getOwner() + "." + impl.getName() + impl.getDesc();
        String kind;
        if (LambdaSites.serializable(bsm, args)) {
          kind = "serializable";
        } else if (namesAMissingClass(desc, (Type) args[0], impl, (Type) args[2])) {
          kind = "names a class neither in the jar nor in the JDK";
        } else {
          kind = "other (a private body the step will not widen)";
        }
        left.computeIfAbsent(kind, k -> new ArrayList<>()).add(site);
      });
    }
    StringBuilder counts = new StringBuilder();
    int total = 0;
    for (Map.Entry<String, List<String>> e : left.entrySet()) {
      counts.append(e.getKey()).append(": ").append(e.getValue().size()).append("; ");
      total += e.getValue().size();
    }
    System.out.println("AgentJarIT: " + generated + " generated lambda classes; LambdaMetafactory sites left: " + total
        + " (" + counts + ")");
    assertTrue(generated > 500, generated + " generated lambda classes");
    List<String> other = left.getOrDefault("other (a private body the step will not widen)", List.of());
    assertTrue(other.size() <= 35, "sites left as invokedynamic: " + other);
    assertTrue(total <= 522, total + " sites left as invokedynamic (" + counts + ")");
  }

  static boolean namesAMissingClass(String desc, Type samType, Handle impl, Type instantiated) {
    List<Type> types = new ArrayList<>();
    for (String d : List.of(desc, samType.getDescriptor(), impl.getDesc(), instantiated.getDescriptor())) {
      types.add(Type.getReturnType(d));
      types.addAll(List.of(Type.getArgumentTypes(d)));
    }
    types.add(Type.getObjectType(impl.getOwner()));
    for (Type t : types) {
      Type element = t.getSort() == Type.ARRAY ? t.getElementType() : t;
      if (element.getSort() == Type.OBJECT
          && !classes.containsKey(element.getInternalName())
          && ClassLoader.getSystemResource(element.getInternalName() + ".class") == null) {
        return true;
      }
    }
    return false;
  }

  @Test
  void jarIsAtMost12MB() throws IOException {
    long size = Files.size(jarPath);
    assertTrue(
        size <= MAX_BYTES,
        () -> {
          Map<String, Long> byPackage = new TreeMap<>();
          try (JarFile jar = new JarFile(jarPath.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
              JarEntry entry = e.nextElement();
              String[] parts = entry.getName().replace("inst/", "").replace(SHADED, "").split("/");
              String key = parts.length > 3 ? parts[0] + "/" + parts[1] + "/" + parts[2] : parts[0];
              byPackage.merge(key, entry.getCompressedSize(), Long::sum);
            }
          } catch (IOException ex) {
            return ex.toString();
          }
          StringBuilder m = new StringBuilder(jarPath + " is " + size + " bytes, over " + MAX_BYTES + ". By package:");
          byPackage.entrySet().stream()
              .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
              .limit(15)
              .forEach(en -> m.append("\n  ").append(en.getValue()).append("  ").append(en.getKey()));
          return m.toString();
        });
  }

  /** The one AWS service Quartet talks to is the one whose metadata the jar carries (agent/pom.xml's layout step). */
  @Test
  void carriesTheRegionMetadataOfCloudWatchLogsOnly() {
    String prefix = SHADED + "software/amazon/awssdk/regions/servicemetadata/";
    List<String> services = new ArrayList<>();
    for (String c : classes.keySet()) {
      if (c.startsWith(prefix)) {
        services.add(c.substring(prefix.length()));
      }
    }
    assertEquals(List.of("LogsServiceMetadata"), services);
  }

  /**
   * The build relocates string constants that start like a relocated library's package, in Quartet's own classes
   * too. Where Quartet names the app's libraries (which packages to ignore, which Log4j classes to instrument), such
   * a rewrite would silently name Quartet's shaded copies instead: those names are built at run time, and none of
   * Quartet's own string constants may carry the relocation prefix.
   */
  @Test
  void quartetsOwnStringConstantsAreNotRelocated() {
    // Where relocating is the point: settings of Quartet's own shaded copy of a library.
    Map<String, String> intended =
        Map.of("dev/quartet/backend/xray/SdkLogging", "commons-logging's settings, for the shaded commons-logging");
    Map<String, Set<String>> relocated = new TreeMap<>();
    classes.forEach(
        (name, bytes) -> {
          if (!name.startsWith("dev/quartet/") || name.startsWith(SHADED) || intended.containsKey(name)) {
            return;
          }
          new ClassReader(bytes)
              .accept(
                  new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(
                        int access, String method, String desc, String signature, String[] exceptions) {
                      return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitLdcInsn(Object value) {
                          if (value instanceof String
                              && (((String) value).startsWith("dev.quartet.shaded.")
                                  || ((String) value).startsWith(SHADED))) {
                            relocated.computeIfAbsent(name, k -> new TreeSet<>()).add((String) value);
                          }
                        }
                      };
                    }
                  },
                  ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        });
    assertTrue(relocated.isEmpty(), () -> "relocated string constants: " + relocated);
  }

  @Test
  void noClassRefersToAMissingClassExceptTheExpectedOnes() {
    assertTrue(classes.size() > 1000, "classes read from " + jarPath + ": " + classes.size());
    Map<String, Set<String>> unexpected = new TreeMap<>(); // missing class -> classes referring to it
    Set<Expected> used = new HashSet<>();
    Map<String, Boolean> inJdk = new HashMap<>();
    for (Map.Entry<String, byte[]> c : classes.entrySet()) {
      String from = c.getKey();
      for (String to : references(c.getValue())) {
        if (classes.containsKey(to) || inJdk.computeIfAbsent(to, AgentJarIT::isJdkClass)) {
          continue;
        }
        String fromName = strip(from);
        String toName = strip(to);
        Expected rule = EXPECTED.stream().filter(x -> x.matches(fromName, toName)).findFirst().orElse(null);
        if (rule != null) {
          used.add(rule);
        } else {
          unexpected.computeIfAbsent(to, k -> new TreeSet<>()).add(from);
        }
      }
    }
    List<String> problems = new ArrayList<>();
    unexpected.forEach(
        (to, from) ->
            problems.add(to + " is not in the jar, but " + from.size() + " class(es) refer to it, e.g. "
                + from.iterator().next()));
    for (Expected x : EXPECTED) {
      if (!used.contains(x)) {
        problems.add("expected reference no longer occurs (remove it from EXPECTED): " + x);
      }
    }
    if (!problems.isEmpty()) {
      fail(
          "Classes in "
              + jarPath.getFileName()
              + " that refer to missing classes; keep what they need in the shade filters of agent/pom.xml, or"
              + " list them in EXPECTED with the reason they never run:\n  "
              + String.join("\n  ", problems));
    }
  }

  private static String strip(String internalName) {
    return internalName.startsWith(SHADED) ? internalName.substring(SHADED.length()) : internalName;
  }

  private static boolean isJdkClass(String internalName) {
    return ClassLoader.getPlatformClassLoader().getResource(internalName + ".class") != null;
  }

  /** The classes that loading, verifying or running this class's code may need (not annotations, not generics). */
  static Set<String> references(byte[] classFile) {
    Set<String> refs = new LinkedHashSet<>();
    ClassReader reader = new ClassReader(classFile);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public void visit(
              int version, int access, String name, String signature, String superName, String[] interfaces) {
            addName(refs, superName);
            if (interfaces != null) {
              for (String i : interfaces) {
                addName(refs, i);
              }
            }
          }

          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            addType(refs, Type.getMethodType(descriptor));
            return new MethodVisitor(Opcodes.ASM9) {
              @Override
              public void visitTypeInsn(int opcode, String type) {
                addName(refs, type);
              }

              @Override
              public void visitFieldInsn(int opcode, String owner, String name, String desc) {
                addName(refs, owner);
                addType(refs, Type.getType(desc));
              }

              @Override
              public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
                addName(refs, owner);
                addType(refs, Type.getMethodType(desc));
              }

              @Override
              public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) {
                addType(refs, Type.getMethodType(desc));
                addConstant(refs, bsm);
                for (Object a : args) {
                  addConstant(refs, a);
                }
              }

              @Override
              public void visitLdcInsn(Object value) {
                addConstant(refs, value);
              }

              @Override
              public void visitMultiANewArrayInsn(String desc, int dims) {
                addType(refs, Type.getType(desc));
              }

              @Override
              public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                addName(refs, type);
              }

              @Override
              public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
                for (Object[] items : new Object[][] {local, stack}) {
                  if (items != null) {
                    for (Object o : items) {
                      if (o instanceof String) {
                        addName(refs, (String) o);
                      }
                    }
                  }
                }
              }
            };
          }
        },
        ClassReader.SKIP_DEBUG);
    return refs;
  }

  private static void addConstant(Set<String> refs, Object value) {
    if (value instanceof Type) {
      addType(refs, (Type) value);
    } else if (value instanceof Handle) {
      Handle h = (Handle) value;
      addName(refs, h.getOwner());
      addType(refs, h.getDesc().startsWith("(") ? Type.getMethodType(h.getDesc()) : Type.getType(h.getDesc()));
    } else if (value instanceof ConstantDynamic) {
      ConstantDynamic c = (ConstantDynamic) value;
      addType(refs, Type.getType(c.getDescriptor()));
      addConstant(refs, c.getBootstrapMethod());
      for (int i = 0; i < c.getBootstrapMethodArgumentCount(); i++) {
        addConstant(refs, c.getBootstrapMethodArgument(i));
      }
    }
  }

  private static void addType(Set<String> refs, Type t) {
    switch (t.getSort()) {
      case Type.METHOD:
        for (Type a : t.getArgumentTypes()) {
          addType(refs, a);
        }
        addType(refs, t.getReturnType());
        break;
      case Type.ARRAY:
        addType(refs, t.getElementType());
        break;
      case Type.OBJECT:
        refs.add(t.getInternalName());
        break;
      default:
        break;
    }
  }

  private static void addName(Set<String> refs, String internalName) {
    if (internalName != null) {
      addType(refs, internalName.startsWith("[") ? Type.getType(internalName) : Type.getObjectType(internalName));
    }
  }
}
