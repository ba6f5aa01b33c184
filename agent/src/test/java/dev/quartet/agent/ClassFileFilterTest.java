package dev.quartet.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.InstrumentationModule;
import dev.quartet.instrumentation.methods.MethodTracing;
import dev.quartet.rules.MethodRule;
import dev.quartet.rules.MethodSelector;
import dev.quartet.rules.SpanRecipe;
import dev.quartet.rules.TypeSelector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which of an app's classes reach Byte Buddy once the instrumentation is installed: the filter made of every module's
 * {@code transforms()}, as {@link AgentInstaller} makes it, on the class files of the classes below.
 */
class ClassFileFilterTest {
  /** An app's class loader that sees neither JAX-RS nor anything else (the class files are handed in). */
  private static final ClassLoader BARE_LOADER = new ClassLoader(null) {};

  /** The test's own loader, which sees javax.ws.rs and jakarta.ws.rs. */
  private static final ClassLoader JAX_RS_LOADER = ClassFileFilterTest.class.getClassLoader();

  private static ClassFileFilter filter(boolean withSpan, MethodRule... rules) {
    List<InstrumentationModule> modules = new ArrayList<>(AgentInstaller.instrumentationModules());
    modules.add(new MethodTracing(Arrays.asList(rules), withSpan).instrumentation());
    List<ClassFileFilter.Interest> interests = new ArrayList<>();
    for (InstrumentationModule m : modules) {
      interests.add(m.transforms());
    }
    return ClassFileFilter.of(interests);
  }

  private static MethodRule rule(TypeSelector.Kind kind, String type) {
    return new MethodRule(
        "rules.yaml:1",
        new TypeSelector(kind, type),
        List.of(new MethodSelector("*", null)),
        SpanRecipe.builder().build());
  }

  static byte[] classFile(Class<?> c) {
    String resource = c.getName().replace('.', '/') + ".class";
    try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean passes(ClassFileFilter filter, Class<?> c) {
    return filter.mayTransform(BARE_LOADER, classFile(c));
  }

  // --- classes of an app ---

  public static class NamesNothing {
    private final List<String> names = new ArrayList<>();

    public int count(String s) {
      names.add(s);
      return names.size();
    }
  }

  public static class JavaxServlet extends javax.servlet.GenericServlet {
    @Override
    public void service(javax.servlet.ServletRequest req, javax.servlet.ServletResponse res) {}
  }

  public static class JakartaFilter implements jakarta.servlet.Filter {
    @Override
    public void doFilter(
        jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res, jakarta.servlet.FilterChain chain) {}
  }

  /** Extends a servlet class of the app's without naming the API itself: nothing of it can be advised. */
  public static class ServletSubclassDeclaringNothing extends JavaxServlet {
    public int extra() {
      return 1;
    }
  }

  @javax.ws.rs.Path("/things")
  public static class JaxRsResource {
    @javax.ws.rs.GET
    public String list() {
      return "[]";
    }
  }

  public interface AnnotatedApi {
    @jakarta.ws.rs.GET
    @jakarta.ws.rs.Path("/items")
    String items();
  }

  /** Names neither JAX-RS nor its annotations: they are on the interface's method. */
  public static class ImplementsAnnotatedApi implements AnnotatedApi {
    @Override
    public String items() {
      return "[]";
    }
  }

  public static class WithSpanMethods {
    @io.opentelemetry.instrumentation.annotations.WithSpan
    public void traced() {}
  }

  public static class WorkerThread extends Thread {}

  /** Overrides {@code run()} two levels below {@code Thread}: its class file does not name {@code java/lang/Thread}. */
  public static class GrandchildThread extends WorkerThread {
    @Override
    public void run() {}
  }

  // --- the filter ---

  @Test
  void aClassNamingNothingAModuleLooksForIsSkipped() {
    ClassFileFilter filter = filter(true);
    assertFalse(passes(filter, NamesNothing.class));
    assertFalse(passes(filter, ServletSubclassDeclaringNothing.class));
    assertFalse(passes(filter, WorkerThread.class)); // declares no run(): nothing to advise
  }

  @Test
  void servletsAndFiltersDeclaringServiceOrDoFilterPass() {
    ClassFileFilter filter = filter(false);
    assertTrue(passes(filter, JavaxServlet.class));
    assertTrue(passes(filter, JakartaFilter.class));
  }

  @Test
  void jaxRsResourcesPass_andEveryClassOfALoaderThatSeesJaxRs() {
    ClassFileFilter filter = filter(false);
    assertTrue(passes(filter, JaxRsResource.class));
    assertFalse(passes(filter, ImplementsAnnotatedApi.class)); // a loader without JAX-RS: nothing to match
    assertTrue(filter.mayTransform(JAX_RS_LOADER, classFile(ImplementsAnnotatedApi.class)));
  }

  @Test
  void withSpanClassesPassWhenWithSpanIsOn() {
    assertTrue(passes(filter(true), WithSpanMethods.class));
    assertFalse(passes(filter(false), WithSpanMethods.class));
  }

  @Test
  void threadSubclassesOverridingRunPassHoweverFarDown() {
    assertTrue(passes(filter(false), GrandchildThread.class));
  }

  @Test
  void classesARuleNamesPass_byExactNameOrWildcard() {
    String exact = NamesNothing.class.getName();
    assertTrue(passes(filter(false, rule(TypeSelector.Kind.EXACT, exact)), NamesNothing.class));
    assertFalse(passes(filter(false, rule(TypeSelector.Kind.EXACT, exact + "Else")), NamesNothing.class));
    String wildcard = ClassFileFilterTest.class.getName() + "$Names*";
    assertTrue(passes(filter(false, rule(TypeSelector.Kind.WILDCARD, wildcard)), NamesNothing.class));
    assertFalse(passes(filter(false, rule(TypeSelector.Kind.WILDCARD, "other.*")), NamesNothing.class));
  }

  @Test
  void anImplementationsOfRuleLetsEveryClassThrough() {
    ClassFileFilter filter = filter(false, rule(TypeSelector.Kind.SUBTYPES_OF, Runnable.class.getName()));
    assertTrue(passes(filter, NamesNothing.class));
  }

  @Test
  void containerClassesPassByTheirOwnName_notTheClassesThatUseThem() {
    ClassFileFilter jetty =
        new ClassFileFilter(
            ClassFileFilter.Interest.named(List.of("org/eclipse/jetty/server/Server")));
    assertFalse(jetty.mayTransform(BARE_LOADER, classFile(NamesNothing.class)));
    ClassFileFilter self =
        new ClassFileFilter(
            ClassFileFilter.Interest.named(List.of(NamesNothing.class.getName().replace('.', '/'))));
    assertTrue(self.mayTransform(BARE_LOADER, classFile(NamesNothing.class)));
    // a class that only uses NamesNothing does not pass for its name
    assertFalse(self.mayTransform(BARE_LOADER, classFile(ServletSubclassDeclaringNothing.class)));
  }

  @Test
  void theInstallIsTriggeredByAClassNamingAPrefixAnywhereInItsConstantPool() {
    ClassFileFilter usedBy = new ClassFileFilter(ClassFileFilter.Interest.naming(List.of("javax/servlet/")));
    assertTrue(usedBy.names(classFile(JavaxServlet.class)));
    assertFalse(usedBy.names(classFile(ServletSubclassDeclaringNothing.class)));
    assertFalse(usedBy.names(classFile(NamesNothing.class)));
    assertFalse(usedBy.names(classFile(JakartaFilter.class)));
    assertTrue(
        new ClassFileFilter(ClassFileFilter.Interest.naming(List.of("jakarta/servlet/")))
            .names(classFile(JakartaFilter.class)));
  }

  @Test
  void whatItCannotReadPasses() {
    ClassFileFilter filter = filter(false);
    assertTrue(filter.mayTransform(BARE_LOADER, new byte[] {1, 2, 3}));
    byte[] truncated = Arrays.copyOf(classFile(NamesNothing.class), 40);
    assertTrue(filter.mayTransform(BARE_LOADER, truncated));
  }

  @Test
  void theClassFilesOfTheJdkAndOfThisModulePassOrNotAsAStringSearchSays() throws Exception {
    // every class of the test class path's jars named by a prefix in its constant pool is found, none invented
    ClassFileFilter usedBy = new ClassFileFilter(ClassFileFilter.Interest.naming(List.of("javax/servlet/", "java/util/logging/")));
    for (Class<?> c :
        new Class<?>[] {
          javax.servlet.http.HttpServlet.class,
          java.util.logging.Logger.class,
          String.class,
          java.util.HashMap.class,
          JaxRsResource.class,
          GrandchildThread.class
        }) {
      URL url = c.getResource("/" + c.getName().replace('.', '/') + ".class");
      byte[] bytes;
      try (InputStream in = url.openStream()) {
        bytes = in.readAllBytes();
      }
      boolean expected =
          new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("javax/servlet/")
              || new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("java/util/logging/");
      assertTrue(usedBy.names(bytes) == expected, c.getName());
    }
  }
}
