package dev.quartet.agent;

import static net.bytebuddy.matcher.ElementMatchers.none;

import dev.quartet.backend.cloudwatch.CloudWatchBackendFactory;
import dev.quartet.backend.otel.OtelBackendFactory;
import dev.quartet.backend.rollbar.RollbarBackendFactory;
import dev.quartet.backend.xray.XrayBackendFactory;
import dev.quartet.bootstrap.Bridge;
import dev.quartet.config.Config;
import dev.quartet.config.SettingProblems;
import dev.quartet.config.Settings;
import dev.quartet.core.AgentLog;
import dev.quartet.core.BackgroundStart;
import dev.quartet.core.Throwables;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.QueryRedaction;
import dev.quartet.core.RouteTemplates;
import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.IgnoredTypes;
import dev.quartet.instrumentation.InstrumentationModule;
import dev.quartet.instrumentation.RetransformCandidates;
import dev.quartet.instrumentation.TypePoolCache;
import dev.quartet.instrumentation.concurrent.ConcurrentInstrumentation;
import dev.quartet.instrumentation.httpclient.HttpClientCapture;
import dev.quartet.instrumentation.httpclient.HttpUrlConnectionInstrumentation;
import dev.quartet.instrumentation.httpclient.JavaHttpClientInstrumentation;
import dev.quartet.instrumentation.logging.JulInstrumentation;
import dev.quartet.instrumentation.logging.Log4jInstrumentation;
import dev.quartet.instrumentation.logging.LogbackInstrumentation;
import dev.quartet.instrumentation.logging.LoggingCapture;
import dev.quartet.instrumentation.container.ContainerCapture;
import dev.quartet.instrumentation.container.ContainerHooks;
import dev.quartet.instrumentation.jetty.Jetty12Hooks;
import dev.quartet.instrumentation.jetty.JettyChannelHooks;
import dev.quartet.instrumentation.jetty.JettyInstrumentation;
import dev.quartet.instrumentation.servlet.ServletCapture;
import dev.quartet.instrumentation.tomcat.TomcatHooks;
import dev.quartet.instrumentation.tomcat.TomcatInstrumentation;
import dev.quartet.instrumentation.undertow.UndertowHooks;
import dev.quartet.instrumentation.undertow.UndertowInstrumentation;
import dev.quartet.instrumentation.jaxrs.JaxRsInstrumentation;
import dev.quartet.instrumentation.methods.MethodTracing;
import dev.quartet.rules.MethodRule;
import dev.quartet.rules.Rules;
import dev.quartet.instrumentation.servlet.ServletInstrumentation;
import dev.quartet.instrumentation.uncaught.UncaughtExceptionInstrumentation;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Starts Quartet inside the app's JVM: reads the settings, starts the enabled backends, installs the
 * instrumentation, registers the shutdown hook and prints the one startup line. Adding a backend or an
 * instrumentation means adding it to {@link #backendFactories()} or {@link #instrumentationModules()}.
 */
public final class AgentInstaller {
  private AgentInstaller() {}

  /** Every backend, in the order they see each request (X-Ray decides sampling before OpenTelemetry). */
  static List<BackendFactory> backendFactories() {
    return Arrays.asList(
        new XrayBackendFactory(),
        new OtelBackendFactory(),
        new CloudWatchBackendFactory(),
        new RollbarBackendFactory());
  }

  /** Every instrumentation module. */
  static List<InstrumentationModule> instrumentationModules() {
    return Arrays.asList(
        new ServletInstrumentation(),
        new TomcatInstrumentation(),
        new JettyInstrumentation(),
        new UndertowInstrumentation(),
        new JaxRsInstrumentation(),
        new JulInstrumentation(),
        new LogbackInstrumentation(),
        new Log4jInstrumentation(),
        new ConcurrentInstrumentation(),
        new UncaughtExceptionInstrumentation(),
        new JavaHttpClientInstrumentation(),
        new HttpUrlConnectionInstrumentation());
  }

  /**
   * {@code bridge}: how the bridge got into the bootstrap loader, for the debug line; {@code appRunning}: attached to
   * a running JVM (agentmain), whose classes are loaded already, so nothing waits for the app's first use.
   */
  public static void install(Instrumentation inst, File jar, String agentArgs, String bridge, boolean appRunning) {
    long started = System.nanoTime();
    try {
      SettingProblems problems = new SettingProblems();
      Config config = Config.fromEnvironment(problems);
      AgentLog.setLevel(config.getString(Settings.LOG_LEVEL));
      AgentLog.debug(bridge);
      boolean strict = config.getBoolean(Settings.STRICT);
      problems.strict(strict);
      if (!config.getBoolean(Settings.ENABLED)) {
        AgentLog.info("disabled (quartet.enabled=false): nothing is instrumented");
        return;
      }
      QueryRedaction.configure(config.getList(Settings.REDACT_QUERY_PARAMETERS));
      BackgroundStart.loadAtTheLatest(config.getDuration(Settings.SDK_LOAD_LATEST));
      String version = version(jar);
      Path telemetryDir = Paths.get(config.getString(Settings.TELEMETRY_DIR)).toAbsolutePath();

      RouteTemplates routes = new RouteTemplates(config.getList(Settings.HTTP_ROUTES), config::report);
      List<MethodRule> rules = Rules.fromSettings(config); // before the strict check: a bad rule counts too
      List<String> status = new ArrayList<>();
      List<Backend> backends =
          startBackends(new BackendFactory.Context(config, telemetryDir, version), status);
      if (strict && problems.count() > 0) {
        refuseStrictly(backends, problems.count());
        return;
      }
      if (backends.isEmpty()) {
        AgentLog.info(startupLine(version, status, Collections.emptyList()));
        return;
      }
      Dispatcher dispatcher = new Dispatcher(backends);
      ContainerCapture containers =
          new ContainerCapture(dispatcher, config.getBoolean(Settings.TRACE_RESPONSE_HEADER));
      MethodTracing methods = new MethodTracing(rules, config.getBoolean(MethodTracing.WITH_SPAN_ENABLED));
      Bridge.install(
          new CaptureRouter(
                  new ServletCapture(
                      dispatcher,
                      routes,
                      config.getBoolean(Settings.TRACE_RESPONSE_HEADER)),
                  new LoggingCapture(dispatcher),
                  new HttpClientCapture(dispatcher),
                  dispatcher,
                  containers,
                  containerHooks(containers))
              .methods(methods.capture(dispatcher)));
      List<String> instrumented = installInstrumentation(inst, config, methods.instrumentation(), appRunning);
      if (config.getBoolean(Settings.METHODS_ENABLED)) {
        methods.reportUnmatchedAfter(MethodTracing.UNMATCHED_REPORT_DELAY_MILLIS);
      }

      Duration shutdownTimeout = config.getDuration(Settings.SHUTDOWN_TIMEOUT);
      String flush =
          FinalFlush.register(
              inst,
              () -> {
                // the epoch time: where the shutdown timeout starts, for a test to measure the JVM's exit against
                AgentLog.debug("shutdown: sending what is pending, for at most " + shutdownTimeout.toMillis()
                    + " ms, from " + System.currentTimeMillis() + " ms since the epoch");
                dispatcher.shutdown(shutdownTimeout);
                AgentLog.debug("shutdown: final send ended at " + System.currentTimeMillis() + " ms since the epoch");
              });
      AgentLog.debug("shutdown: pending telemetry is sent " + flush);
      long millis = (System.nanoTime() - started) / 1_000_000;
      AgentLog.info(startupLine(version, status, instrumented) + " (started in " + millis + " ms)");
    } catch (Throwable t) {
      AgentLog.error("not started; the app runs without Quartet", t);
    }
  }

  /** Each container's hooks, by the name its advice passes to {@code Bridge.containerEnter}. */
  static Map<String, ContainerHooks> containerHooks(ContainerCapture containers) {
    Map<String, ContainerHooks> hooks = new HashMap<>();
    hooks.put("tomcat", new TomcatHooks(containers));
    hooks.put("tomcat-rejected", new TomcatHooks.Rejected(containers));
    hooks.put("jetty", new Jetty12Hooks(containers));
    hooks.put("jetty-channel", new JettyChannelHooks(containers));
    hooks.put("undertow", new UndertowHooks(containers));
    return hooks;
  }

  /** Strict mode with bad settings: the backends made so far stop at once, and nothing is instrumented. */
  private static void refuseStrictly(List<Backend> backends, int problems) {
    for (Backend b : backends) {
      try {
        b.shutdown(Duration.ofMillis(1));
      } catch (Throwable t) {
        AgentLog.debug(b.name() + ": shutdown failed: " + t);
      }
    }
    AgentLog.error(
        "strict mode (quartet.strict=true): " + problems + " bad setting value(s) above; no backend is started and"
            + " nothing is instrumented, the app runs without Quartet",
        null);
  }

  private static List<Backend> startBackends(BackendFactory.Context context, List<String> status) {
    List<Backend> backends = new ArrayList<>();
    for (BackendFactory factory : backendFactories()) {
      String name = factory.name();
      if (!context.config().getBoolean(factory.enabledBy())) {
        status.add(name + " off");
        continue;
      }
      String offReason = factory.offReason(context.config());
      if (offReason != null) {
        status.add(name + " off (" + offReason + ")");
        continue;
      }
      try {
        long t0 = System.nanoTime();
        Backend backend = factory.create(context);
        AgentLog.debug(name + ": started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        backends.add(backend);
        status.add(name + " → " + backend.describe());
      } catch (Throwable t) {
        AgentLog.error(name + ": not started: " + messageOf(t), null);
        status.add(name + " failed");
      }
    }
    return backends;
  }

  /** {@code methods}: the module of the app's own methods, made from the rules loaded at startup. */
  private static List<String> installInstrumentation(
      Instrumentation inst, Config config, InstrumentationModule methods, boolean appRunning) {
    List<InstrumentationModule> modules = new ArrayList<>();
    List<InstrumentationModule> all = new ArrayList<>(instrumentationModules());
    all.add(methods);
    for (InstrumentationModule m : all) {
      if (config.getBoolean(m.enabledBy())) {
        modules.add(m);
      }
    }
    List<String> names = new ArrayList<>();
    List<String> usedBy = new ArrayList<>();
    List<ClassFileFilter.Interest> transforms = new ArrayList<>();
    boolean atStart = appRunning;
    for (InstrumentationModule m : modules) {
      m.installAtStart(inst);
      names.add(m.name());
      if (m.usedBy() == null) {
        atStart = true;
      } else {
        usedBy.addAll(m.usedBy());
      }
      transforms.add(m.transforms());
    }
    ClassLoader quartetLoader = AgentInstaller.class.getClassLoader();
    if (atStart) {
      AgentLog.debug("instrumentation: " + installByteBuddy(inst, modules, null));
    } else if (!usedBy.isEmpty()) {
      inst.addTransformer(
          new DeferredInstall(
              new ClassFileFilter(ClassFileFilter.Interest.naming(usedBy)),
              ClassFileFilter.of(transforms),
              quartetLoader,
              deferred -> installByteBuddy(inst, modules, deferred)),
          true);
      AgentLog.debug("instrumentation: installed when a class naming one of " + usedBy + " loads");
    }
    return names;
  }

  /**
   * Byte Buddy's transformer with every module's matchers and advice, installed; with {@code deferred}, it is reached
   * through that transformer and classes loaded before are looked for until none is left. Returns the timings.
   */
  private static String installByteBuddy(
      Instrumentation inst, List<InstrumentationModule> modules, DeferredInstall deferred) {
    // Byte Buddy's safe mode: no sun.misc.Unsafe (JDK 24+ warns on the app's stderr about it), which Quartet does
    // not need since it injects no classes. The name is built from the relocated package, so it is
    // dev.quartet.shaded.net.bytebuddy.safe and leaves an app's own Byte Buddy alone.
    String shadedByteBuddy = ByteBuddy.class.getPackage().getName();
    defaultProperty(shadedByteBuddy + ".safe", "true");
    // No Nexus either: it serves initializers of generated classes, and advice has none (disableClassFormatChanges
    // below initialises nothing). AgentBuilder.Default's constructor would otherwise set it up, which tries to inject
    // it into the system class loader: 30-40 ms of the install's CPU on the sample app.
    defaultProperty(shadedByteBuddy + ".nexus.disabled", "true");
    ElementMatcher.Junction<TypeDescription> instrumentedJdkTypes = none();
    ElementMatcher.Junction<TypeDescription> instrumentedLibraryTypes = none();
    for (InstrumentationModule m : modules) {
      instrumentedJdkTypes = instrumentedJdkTypes.or(m.jdkTypes());
      instrumentedLibraryTypes = instrumentedLibraryTypes.or(m.libraryTypes());
    }
    IgnoredTypes ignored = new IgnoredTypes(instrumentedJdkTypes, instrumentedLibraryTypes);
    AgentBuilder.RedefinitionListenable.WithoutBatchStrategy redefinition =
        new AgentBuilder.Default(
                new ByteBuddy()
                    // Advice only rewrites the methods a class declares: no need to resolve what it inherits (which
                    // parses every super type's class file) nor to validate a type whose format does not change.
                    .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                    .with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            // Advice only rewrites method bodies: no method graph to compute for each instrumented class.
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    // With deferred, a class another thread was loading while the install ran may show up among the loaded classes
    // only after the first look: look again until no new one appears.
    AgentBuilder builder =
        redefinition.with(
            new RetransformCandidates(
                deferred == null
                    ? AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE
                    : AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE,
                ignored));
    if (deferred != null) {
      builder =
          builder
              .with(
                  (AgentBuilder.TransformerDecorator)
                      transformer -> {
                        deferred.delegateTo(transformer);
                        // What Byte Buddy registers does nothing: the deferred transformer already calls it.
                        return new ResettableClassFileTransformer.WithDelegation(transformer) {};
                      });
    }
    builder =
        builder
            .with(new TypePoolCache())
            .with(TypePoolCache.LOCATIONS)
            .with(new ErrorListener())
            .ignore(ignored);
    ClassLoader adviceLoader = AgentInstaller.class.getClassLoader();
    long t0 = System.nanoTime();
    for (InstrumentationModule m : modules) {
      builder = m.extend(builder, adviceLoader);
    }
    long t1 = System.nanoTime();
    builder.installOn(inst);
    return "modules set up in " + (t1 - t0) / 1_000_000 + " ms, installed in " + (System.nanoTime() - t1) / 1_000_000
        + " ms";
  }

  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  private static String messageOf(Throwable t) {
    return Throwables.userMessage(t);
  }

  static String startupLine(String version, List<String> backends, List<String> instrumented) {
    return "Quartet "
        + version
        + " on Java "
        + System.getProperty("java.version")
        + ": "
        + String.join("; ", backends)
        + "; instrumented: "
        + (instrumented.isEmpty() ? "nothing" : String.join(", ", instrumented));
  }

  private static String version(File jar) {
    try (JarFile jf = new JarFile(jar)) {
      String v = jf.getManifest().getMainAttributes().getValue("Implementation-Version");
      return v == null ? "dev" : v;
    } catch (Exception e) {
      return "dev";
    }
  }

  /** Instrumentation failures are Quartet's problem, never the app's: logged once per type at debug level. */
  private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(
        String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
      AgentLog.warnOnce("instrument." + typeName, "could not instrument " + typeName, throwable);
    }

    @Override
    public void onTransformation(
        TypeDescription type,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      if (AgentLog.isDebug()) {
        AgentLog.debug("instrumented " + type.getName());
      }
    }
  }
}
