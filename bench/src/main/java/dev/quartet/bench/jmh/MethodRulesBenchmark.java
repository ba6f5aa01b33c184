package dev.quartet.bench.jmh;

import dev.quartet.backend.cloudwatch.CloudWatchBackendFactory;
import dev.quartet.backend.otel.OtelBackendFactory;
import dev.quartet.backend.rollbar.RollbarBackendFactory;
import dev.quartet.backend.xray.XrayBackendFactory;
import dev.quartet.bootstrap.Bridge;
import dev.quartet.bootstrap.Capture;
import dev.quartet.config.Config;
import dev.quartet.core.Backend;
import dev.quartet.core.BackendFactory;
import dev.quartet.core.Dispatcher;
import dev.quartet.instrumentation.IgnoredTypes;
import dev.quartet.instrumentation.TypePoolCache;
import dev.quartet.instrumentation.methods.MethodCapture;
import dev.quartet.instrumentation.methods.MethodTracing;
import dev.quartet.rules.RulesFile;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.matcher.ElementMatchers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a rule costs per call (issue 11, "Cost"). {@code benchapp.Activities} is loaded through the class-file
 * transformer the agent installs for the rules of {@code bench/jmh-method-rules.yaml} (the methods module on the
 * agent's AgentBuilder configuration), so its methods carry exactly the advice an app's would; the bridge routes to
 * {@link MethodCapture} and a {@link Dispatcher} with the backends {@code bench/jmh.sh} points at its loopback sinks.
 * (Attaching the agent jar itself to the fork does not work here: benchmarks.jar carries Quartet's unrelocated
 * classes, which shadow the agent's own.)
 *
 * <ul>
 *   <li>{@code unmatched}: a method no rule names: not instrumented, the method alone.
 *   <li>{@code matched}: the same body named by a rule with two attributes ({@code args[0]}, {@code size(return)})
 *       and {@code start-trace: true}: every call is a recorded span (a trace of its own), its attributes evaluated
 *       at exit and handed to every backend on.
 *   <li>{@code matchedOutsideRequest}: named by a rule that starts no trace: outside a request nothing is recorded.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseG1GC"})
@State(Scope.Benchmark)
public class MethodRulesBenchmark {
  static final Path RULES = Paths.get("bench/jmh-method-rules.yaml");

  @Param({"none", "all"})
  public String backends;

  private Dispatcher dispatcher;
  private Function<String, List<String>> unmatched;
  private Function<String, List<String>> matched;
  private Function<String, List<String>> matchedOutsideRequest;
  private final String user = "andrewbrown";

  @Setup(Level.Trial)
  public void instrument() throws Exception {
    if (backends.equals("all") && System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == null) {
      throw new IllegalStateException("run with bench/jmh.sh, which points every backend at loopback sinks");
    }
    RulesFile.Loaded loaded = RulesFile.load(RULES);
    if (!loaded.problems().isEmpty() || loaded.rules().size() != 2) {
      throw new IllegalStateException(RULES + ": " + loaded.problems());
    }
    Config config = Config.fromEnvironment(problem -> System.err.println("[jmh] config: " + problem));
    List<Backend> started = new ArrayList<>();
    if (backends.equals("all")) {
      BackendFactory.Context context =
          new BackendFactory.Context(config, Files.createTempDirectory("quartet-jmh"), "bench");
      for (BackendFactory f : Arrays.asList(new XrayBackendFactory(), new OtelBackendFactory(),
          new CloudWatchBackendFactory(), new RollbarBackendFactory())) {
        if (config.getBoolean(f.enabledBy()) && f.offReason(config) == null) {
          started.add(f.create(context));
        }
      }
    }
    dispatcher = new Dispatcher(started);
    MethodTracing tracing = new MethodTracing(loaded.rules(), false);
    MethodCapture capture = tracing.capture(dispatcher);
    Bridge.install(new MethodsOnly(capture));
    AgentBuilder builder =
        new AgentBuilder.Default(new ByteBuddy())
            .disableClassFormatChanges()
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(new TypePoolCache())
            .with(TypePoolCache.LOCATIONS)
            .ignore(new IgnoredTypes(ElementMatchers.none()));
    ClassFileTransformer transformer =
        tracing.instrumentation().extend(builder, MethodRulesBenchmark.class.getClassLoader()).makeRaw();
    Class<?> activities = new Transforming(transformer).loadClass("benchapp.Activities");
    unmatched = activities("plain", activities);
    matched = activities("home", activities);
    matchedOutsideRequest = activities("outsideRequest", activities);
    System.err.println("[jmh] backends=" + backends + ": " + started.stream().map(Backend::name).toList());
  }

  @SuppressWarnings("unchecked")
  private static Function<String, List<String>> activities(String method, Class<?> type) throws Exception {
    return (Function<String, List<String>>) type.getConstructor(String.class).newInstance(method);
  }

  @TearDown(Level.Trial)
  public void stop() {
    Bridge.install(Capture.NOOP);
    dispatcher.shutdown(Duration.ofSeconds(5));
  }

  @Benchmark
  public List<String> unmatched() {
    return unmatched.apply(user);
  }

  @Benchmark
  public List<String> matched() {
    return matched.apply(user);
  }

  @Benchmark
  public List<String> matchedOutsideRequest() {
    return matchedOutsideRequest.apply(user);
  }

  /** Loads {@code benchapp.*} through the transformer, as the JVM would with the agent attached. */
  static final class Transforming extends ClassLoader {
    private final ClassFileTransformer transformer;

    Transforming(ClassFileTransformer transformer) {
      super(MethodRulesBenchmark.class.getClassLoader());
      this.transformer = transformer;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("benchapp.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            byte[] bytes = in.readAllBytes();
            byte[] changed = transformer.transform(this, name.replace('.', '/'), null, null, bytes);
            if (changed == null) {
              throw new IllegalStateException(name + " was not instrumented");
            }
            c = defineClass(name, changed, 0, changed.length);
          } catch (IOException | java.lang.instrument.IllegalClassFormatException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        return c;
      }
    }
  }

  /** The bridge's method events to the capture; nothing else happens in this benchmark. */
  static final class MethodsOnly implements Capture {
    private final MethodCapture methods;

    MethodsOnly(MethodCapture methods) {
      this.methods = methods;
    }

    @Override public Object methodEnter(int site, Object self, Object[] args) { return methods.methodEnter(site, self, args); }
    @Override public void methodExit(Object token, Object returned, Throwable thrown) { methods.methodExit(token, returned, thrown); }
    @Override public Object serverEnter(Object request, Object response) { return null; }
    @Override public void serverExit(Object token, Object request, Object response, Throwable thrown) {}
    @Override public void asyncStarted(Object request, Object asyncContext) {}
    @Override public Object containerEnter(String container, Object request, Object response) { return null; }
    @Override public void containerExit(Object token, Throwable thrown) {}
    @Override public void containerCompleted(String container, Object request) {}
    @Override public Object logEnter(String library, Object source, Object event) { return null; }
    @Override public void logExit(Object token) {}
    @Override public void uncaughtException(Thread thread, Throwable error) {}
    @Override public Object clientEnter(String library, Object request) { return null; }
    @Override public Object clientRequest(Object token, Object request) { return request; }
    @Override public void clientExit(Object token, Object result, Throwable thrown) {}
  }
}
