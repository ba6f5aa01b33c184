package dev.quartet.backend.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.strategy.sampling.CentralizedSamplingStrategy;
import com.amazonaws.xray.strategy.sampling.DefaultSamplingStrategy;
import dev.quartet.SwappedSdkClasses;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Quartet's replacement of the X-Ray SDK's {@code DefaultSamplingStrategy}
 * (src/main/java/com/amazonaws/xray/strategy/sampling): the SDK's methods and answers, and a recorder whose strategy
 * is replaced (XrayBackend's) no longer builds the SDK's centralized sampling.
 */
class DefaultSamplingStrategyTest {
  private static final String CENTRALIZED = CentralizedSamplingStrategy.class.getName();
  private static final String DEFAULT = DefaultSamplingStrategy.class.getName();
  /** Classes only the centralized strategy's constructor makes (its manifest, client, pollers). */
  private static final List<String> CENTRALIZED_PARTS =
      List.of(
          CENTRALIZED,
          "com.amazonaws.xray.strategy.sampling.manifest.CentralizedManifest",
          "com.amazonaws.xray.internal.UnsignedXrayClient",
          "com.amazonaws.xray.strategy.sampling.pollers.RulePoller",
          "com.amazonaws.xray.strategy.sampling.pollers.TargetPoller");

  /** What the replacement is for: the recorder's constructor, in a class loader of its own. */
  @Test
  void newRecorderNoLongerBuildsTheCentralizedStrategy() throws Exception {
    try (SwappedSdkClasses ours = quartetFirst()) {
      Object strategy = samplingStrategyOfANewRecorder(ours);
      assertTrue(isOurs(strategy.getClass()), "the recorder's default strategy is Quartet's");
      for (String part : CENTRALIZED_PARTS) {
        assertFalse(ours.loaded(part), part + " was loaded by new AWSXRayRecorder()");
      }
    }
    // the control: with the SDK's own class the same constructor builds them all (so the check above can fail)
    try (SwappedSdkClasses sdk = sdkFirst()) {
      Object strategy = samplingStrategyOfANewRecorder(sdk);
      assertFalse(isOurs(strategy.getClass()));
      for (String part : CENTRALIZED_PARTS) {
        assertTrue(sdk.loaded(part), part);
      }
      strategy.getClass().getMethod("shutdown").invoke(strategy);
    }
  }

  /** An SDK upgrade that adds or changes a method or constructor of the class fails here, not at run time. */
  @Test
  void keepsEveryPublicMethodAndConstructorOfTheSdksClass() throws Exception {
    assertTrue(isOurs(DefaultSamplingStrategy.class), "the test class path sees Quartet's class first");
    try (SwappedSdkClasses sdkFirst = sdkFirst()) {
      Class<?> sdks = sdkFirst.loadClass(DEFAULT);
      assertFalse(isOurs(sdks), "the X-Ray SDK jar's own class");
      assertEquals(publicApi(sdks), publicApi(DefaultSamplingStrategy.class));
    }
  }

  /**
   * The SDK's class extends CentralizedSamplingStrategy, Quartet's only implements SamplingStrategy: harmless while no
   * class of the SDK or Quartet's names CentralizedSamplingStrategy but these (an SDK upgrade that adds one fails
   * here). CentralizedManifest calls its static getClientID, which Quartet's class keeps.
   */
  @Test
  void nothingUsesItAsACentralizedStrategy() throws Exception {
    String internalName = CENTRALIZED.replace('.', '/');
    Set<String> sdkUsers = new TreeSet<>();
    try (JarFile jar = new JarFile(SwappedSdkClasses.jarOf(AWSXRayRecorder.class))) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        if (entry.getName().endsWith(".class")) {
          try (InputStream in = jar.getInputStream(entry)) {
            if (names(in.readAllBytes(), internalName)) {
              sdkUsers.add(entry.getName());
            }
          }
        }
      }
    }
    assertEquals(
        Set.of(
            internalName + ".class",
            DEFAULT.replace('.', '/') + ".class",
            "com/amazonaws/xray/strategy/sampling/manifest/CentralizedManifest.class"),
        sdkUsers);
    Path ourClasses =
        Paths.get(DefaultSamplingStrategy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> quartetUsers = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ourClasses)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        String name = ourClasses.relativize(f).toString().replace(File.separatorChar, '/');
        if (!name.startsWith(DEFAULT.replace('.', '/')) && names(Files.readAllBytes(f), internalName)) {
          quartetUsers.add(name);
        }
      }
    }
    assertTrue(quartetUsers.isEmpty(), "Quartet's classes naming CentralizedSamplingStrategy: " + quartetUsers);
  }

  /** Same answers as the SDK's: made on first use, and a strategy shut down before it is used behaves as the SDK's. */
  @Test
  void answersAsTheSdksClass() throws Exception {
    try (SwappedSdkClasses ours = quartetFirst();
        SwappedSdkClasses sdk = sdkFirst()) {
      Object mine = ours.loadClass(DEFAULT).getConstructor().newInstance();
      Object theirs = sdk.loadClass(DEFAULT).getConstructor().newInstance();
      assertTrue(isOurs(mine.getClass()));
      assertFalse(ours.loaded(CENTRALIZED), "made by the constructor");
      assertEquals(call(theirs, "isForcedSamplingSupported"), call(mine, "isForcedSamplingSupported"));
      assertFalse(ours.loaded(CENTRALIZED), "made to answer isForcedSamplingSupported");
      assertEquals(
          String.valueOf(call(theirs, "getSamplingManifestURL")), String.valueOf(call(mine, "getSamplingManifestURL")));
      assertNotNull(call(mine, "getSamplingManifestURL"));
      assertTrue(ours.loaded(CENTRALIZED));
      // no rules from a daemon yet: both decide by the fallback, the SDK's default rules
      assertEquals(outcome(() -> sampled(theirs, sdk)), outcome(() -> sampled(mine, ours)));
      call(mine, "shutdown");
      call(theirs, "shutdown");
      Object clientId = call(mine.getClass(), null, "getClientID");
      assertEquals(call(ours.loadClass(CENTRALIZED), null, "getClientID"), clientId, "the centralized strategy's");
      assertTrue(clientId.toString().matches("[0-9a-fA-F]{24}"), clientId.toString());
    }
    try (SwappedSdkClasses ours = quartetFirst();
        SwappedSdkClasses sdk = sdkFirst()) {
      Object mine = ours.loadClass(DEFAULT).getConstructor().newInstance();
      Object theirs = sdk.loadClass(DEFAULT).getConstructor().newInstance();
      call(mine, "shutdown");
      call(theirs, "shutdown");
      assertFalse(ours.loaded(CENTRALIZED), "made to be shut down");
      assertEquals(outcome(() -> sampled(theirs, sdk)), outcome(() -> sampled(mine, ours)));
    }
  }

  private static Object samplingStrategyOfANewRecorder(SwappedSdkClasses loader) throws Exception {
    Object recorder = loader.loadClass(AWSXRayRecorder.class.getName()).getConstructor().newInstance();
    return call(recorder, "getSamplingStrategy");
  }

  private static Object sampled(Object strategy, SwappedSdkClasses loader) throws Exception {
    Constructor<?> request =
        loader
            .loadClass("com.amazonaws.xray.strategy.sampling.SamplingRequest")
            .getConstructor(String.class, String.class, String.class, String.class, String.class);
    Object response =
        call(
            strategy.getClass(),
            strategy,
            "shouldTrace",
            request.newInstance("arn:role", null, "svc", "example.com", "GET /"));
    return call(response, "isSampled");
  }

  private static Object call(Object target, String method) throws Exception {
    return call(target.getClass(), target, method);
  }

  private static Object call(Class<?> type, Object target, String name, Object... args) throws Exception {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
      }
    }
    throw new NoSuchMethodException(type.getName() + "." + name);
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static String outcome(Call call) {
    try {
      return "returned " + call.run();
    } catch (Exception e) {
      return "threw " + e.getClass().getName();
    }
  }

  private static boolean isOurs(Class<?> c) {
    return !CENTRALIZED.equals(c.getSuperclass().getName());
  }

  /** Public constructors and methods (inherited ones too, but not Object's), without the declaring class. */
  private static Set<String> publicApi(Class<?> c) {
    Set<String> out = new TreeSet<>();
    for (Constructor<?> k : c.getConstructors()) {
      out.add("new" + Arrays.toString(k.getParameterTypes()));
    }
    for (Method m : c.getMethods()) {
      if (m.getDeclaringClass() != Object.class) {
        out.add(
            (Modifier.isStatic(m.getModifiers()) ? "static " : "")
                + m.getGenericReturnType().getTypeName()
                + " "
                + m.getName()
                + Arrays.toString(m.getGenericParameterTypes()));
      }
    }
    return out;
  }

  private static boolean names(byte[] classFile, String internalName) {
    return new String(classFile, StandardCharsets.ISO_8859_1).contains(internalName);
  }

  private static SwappedSdkClasses sdkFirst() throws MalformedURLException {
    return new SwappedSdkClasses(AWSXRayRecorder.class, true);
  }

  private static SwappedSdkClasses quartetFirst() throws MalformedURLException {
    return new SwappedSdkClasses(AWSXRayRecorder.class, false);
  }
}
