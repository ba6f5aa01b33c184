package dev.quartet.backend.otel;


import dev.quartet.config.Config;
import dev.quartet.core.AgentLog;
import dev.quartet.core.Backend;
import dev.quartet.core.BackgroundStart;
import dev.quartet.core.ClientRequest;
import dev.quartet.core.EarlyRequests;
import dev.quartet.core.EarlySpans;
import dev.quartet.core.IncomingTrace;
import dev.quartet.core.LibraryLogs;
import dev.quartet.core.MethodSpan;
import dev.quartet.core.PlainHttpEndpoints;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.ServiceNames;
import dev.quartet.core.TraceIds;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The OpenTelemetry backend: a SERVER span per request, an INTERNAL (or the rule's kind) span per method span and a
 * CLIENT span per outgoing call, each with the core's ids and its parent's span id, exported by the OpenTelemetry SDK
 * configured exactly as the SDK autoconfigure configures it from {@code OTEL_*} / {@code otel.*}. Quartet only changes
 * defaults: traces only (no metrics or logs exporter), OTLP over HTTP rather than gRPC, X-Ray compatible ids, and
 * local mode (OTLP JSON lines in a file) when no OTLP endpoint is configured.
 */
public final class OtelBackend implements Backend {
  static final String SCOPE = "dev.quartet.servlet";
  static final int ATTRIBUTE_VALUE_LENGTH_LIMIT = 65_536;
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  /** At most this long between two batches of early requests for the exporter to catch up (a dead one: not at all). */
  private static final Duration EARLY_EXPORT_WAIT = Duration.ofSeconds(2);

  /**
   * The batch span processor's export batch ({@code OTEL_BSP_MAX_EXPORT_BATCH_SIZE}, at most its queue) by default: it
   * exports one as soon as that many are queued, fewer only after its schedule delay (5 s) or when flushed.
   */
  private static final int SDK_EXPORT_BATCH = 512;
  private static final int SDK_QUEUE = 2048;

  /** The state of a method span that starts a trace without an OpenTelemetry span: its children are roots. */
  private static final Object NO_PARENT = new Object();

  /** A method span recorded only as an X-Ray subsegment: its children hang on its nearest recorded ancestor. */
  private static final class Inherited {
    final Object from;

    Inherited(Object from) {
      this.from = from;
    }
  }

  /** The SDK as autoconfigure made it, and the tracer of Quartet's spans. */
  private static final class Sdk {
    final OpenTelemetrySdk sdk;
    final Tracer tracer;
    /** The span processor's export batch, as configured: the early hand-over waits for full ones to be exported. */
    final int exportBatch;

    Sdk(OpenTelemetrySdk sdk, String version, int exportBatch) {
      this.sdk = sdk;
      this.exportBatch = exportBatch;
      this.tracer = sdk.getTracerProvider().get(SCOPE, version);
    }
  }

  private final BackgroundStart<Sdk> sdk;
  private final PreassignedIdGenerator ids;
  private final String description;
  private final EarlyRequests<EarlySpans> early = new EarlyRequests<>("otel");
  /** Sampled spans ended, and spans the exporter has finished with (sent or failed): the difference waits. */
  private final AtomicLong ended = new AtomicLong();
  private final CountingSpanExporter.Finished exported;
  /** Whether {@code OTEL_PROPAGATORS} has W3C trace context (the default), for the calls of requests kept early. */
  private final boolean tracecontext;

  /**
   * Autoconfigure (some 500 classes) runs on a daemon thread once the first request ends, or a few seconds after
   * start ({@link BackgroundStart}). A request that ends before it is ready is kept, with its method spans and
   * outgoing calls ({@link EarlySpans}), and recorded once it is, with their own ids and times. The propagators are not
   * loaded then, so such a call carries the W3C {@code traceparent} written from the core's ids when
   * {@code OTEL_PROPAGATORS} names {@code tracecontext} ({@code baggage}, the other one it accepts, has nothing to pass).
   */
  private OtelBackend(
      Callable<Sdk> load,
      PreassignedIdGenerator ids,
      String description,
      CountingSpanExporter.Finished exported,
      boolean tracecontext) {
    this.ids = ids;
    this.tracecontext = tracecontext;
    this.exported = exported;
    this.description = description;
    this.sdk =
        new BackgroundStart<>(
            "otel",
            load,
            ready ->
                early.handOver(r -> recordEarly(ready, r), () -> awaitExported(ready, EARLY_EXPORT_WAIT.toNanos())));
  }

  /** Whether {@code OTEL_SDK_DISABLED} switches the SDK off, as autoconfigure reads it. */
  public static boolean sdkDisabled(Config config) {
    String v = config.raw("otel.sdk.disabled");
    return v != null && v.trim().equalsIgnoreCase("true");
  }

  public static OtelBackend create(Config config, Path telemetryDir, String quartetVersion) {
    return create(config, telemetryDir, quartetVersion, () -> { });
  }

  /** {@code beforeLoad} runs on the start thread first: tests hold the SDK back with it. */
  static OtelBackend create(Config config, Path telemetryDir, String quartetVersion, Runnable beforeLoad) {
    String sdkPackage = OpenTelemetrySdk.class.getName(); // relocated at build time: dev.quartet.shaded.io.opentelemetry…
    OtelSettingsCheck checked = OtelSettingsCheck.run(config);
    Map<String, String> defaults = defaults(checked::raw, config.fileOtelProperties(), telemetryDir);
    Map<String, String> overrides = checked.sdkOverrides();
    String exporters = exporterNames(checked::raw, defaults);
    String description = describe(checked::raw, exporters, telemetryDir);
    LibraryLogs.routeToAgentLog(sdkPackage.substring(0, sdkPackage.indexOf(".sdk.")), "otel", description);
    ConsoleSpans.printOnStdout();
    String otlpEndpoint = tracesEndpoint(checked::raw);
    if (Arrays.asList(exporters.split("\\s*,\\s*")).contains("otlp")) {
      PlainHttpEndpoints.warnIfPlain(config, "otel", otlpEndpoint);
    }
    PreassignedIdGenerator ids = new PreassignedIdGenerator();
    CountingSpanExporter.Finished exported = new CountingSpanExporter.Finished();
    Callable<Sdk> load =
        () -> {
          beforeLoad.run();
          int[] exportBatch = {SDK_EXPORT_BATCH};
          return new Sdk(
              AutoConfiguredOpenTelemetrySdk.builder()
                  .setComponentLoader(RetryAfterSenders.componentLoader())
                  .disableShutdownHook()
                  .addPropertiesSupplier(() -> defaults)
                  .addPropertiesCustomizer(props -> overrides)
                  .addTracerProviderCustomizer(
                      (builder, props) -> {
                        exportBatch[0] = exportBatch(props);
                        return builder.setIdGenerator(ids);
                      })
                  .addSpanExporterCustomizer(
                      (e, props) ->
                          CountingSpanExporter.wrap(e, otlpEndpoint, exported))
                  .addSamplerCustomizer((configured, props) -> new SharedDecisionSampler(configured))
                  .addResourceCustomizer((resource, props) -> withQuartetDefaults(resource, quartetVersion))
                  .build()
                  .getOpenTelemetrySdk(),
              quartetVersion,
              exportBatch[0]);
        };
    String propagators = checked.raw("otel.propagators");
    if (propagators == null) {
      propagators = defaults.getOrDefault("otel.propagators", "tracecontext,baggage");
    }
    boolean tracecontext = Arrays.asList(propagators.trim().split("\\s*,\\s*")).contains("tracecontext");
    return new OtelBackend(load, ids, description, exported, tracecontext);
  }

  /** For tests: waits until the SDK is made; false when it could not be. */
  boolean awaitReady(Duration timeout) {
    return sdk.await(timeout) != null;
  }

  /** For tests: the export batch the early hand-over waits for, once the SDK is made. */
  int exportBatch() {
    return sdk.await(Duration.ZERO).exportBatch;
  }

  /**
   * Lowest-precedence properties: the config file's otel.* entries, then Quartet's defaults. Environment variables
   * and system properties override both, exactly as in autoconfigure.
   */
  static Map<String, String> defaults(Config config, Path telemetryDir) {
    return defaults(config::raw, config.fileOtelProperties(), telemetryDir);
  }

  private static Map<String, String> defaults(Function<String, String> config, Map<String, String> file,
      Path telemetryDir) {
    Map<String, String> d = new LinkedHashMap<>(file);
    d.putIfAbsent("otel.metrics.exporter", "none");
    d.putIfAbsent("otel.logs.exporter", "none");
    // The SDK's default is no limit: one exception with a 10 MB message made a 21 MB span, which OTLP receivers
    // reject whole (Honeycomb: 1 MB an event, 64 KB a string). Cut each value to Honeycomb's string limit instead.
    d.putIfAbsent("otel.attribute.value.length.limit", String.valueOf(ATTRIBUTE_VALUE_LENGTH_LIMIT));
    // The SDK's own default is grpc, for which the agent carries no sender (OkHttp and gRPC are left out to keep it
    // small): OTEL_EXPORTER_OTLP_ENDPOINT alone would fail. The OpenTelemetry Java agent defaults to this as well.
    d.putIfAbsent("otel.exporter.otlp.protocol", "http/protobuf");
    if (!hasOtlpEndpoint(config)) {
      d.putIfAbsent("otel.traces.exporter", LocalFileSpanExporterProvider.NAME);
    }
    d.put("quartet.telemetry.dir", telemetryDir.toString());
    return d;
  }

  static boolean hasOtlpEndpoint(Function<String, String> config) {
    return config.apply("otel.exporter.otlp.endpoint") != null
        || config.apply("otel.exporter.otlp.traces.endpoint") != null;
  }

  private static String exporterNames(Function<String, String> config, Map<String, String> defaults) {
    String v = config.apply("otel.traces.exporter");
    if (v == null) {
      v = defaults.getOrDefault("otel.traces.exporter", "otlp");
    }
    return v.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * A service with no service.name set is named after its app ({@link ServiceNames#detected}) instead of
   * "unknown_service:java"; the host and process attributes come first, so that what the user set wins.
   */
  private static Resource withQuartetDefaults(Resource resource, String version) {
    Resource extra =
        Resource.builder()
            .put("telemetry.distro.name", "quartet")
            .put("telemetry.distro.version", version)
            .build();
    String name = resource.getAttribute(SERVICE_NAME);
    if (name == null || name.startsWith("unknown_service")) {
      String detected = ServiceNames.detected();
      if (detected != null) {
        extra = extra.toBuilder().put(SERVICE_NAME, detected).build();
      }
    }
    return HostAndProcess.resource().merge(resource).merge(extra);
  }

  /** Where spans go, for the startup line. Header values are secrets (API keys): only their names are shown. */
  static String describe(Config config, String exporters, Path telemetryDir) {
    return describe(config::raw, exporters, telemetryDir);
  }

  private static String describe(Function<String, String> config, String exporters, Path telemetryDir) {
    List<String> parts = new ArrayList<>();
    for (String exporter : exporters.split(",")) {
      String e = exporter.trim();
      if (e.equals("otlp")) {
        parts.add("OTLP " + protocol(config) + " " + tracesEndpoint(config) + headerNames(config));
      } else if (e.equals(LocalFileSpanExporterProvider.NAME)) {
        parts.add("local file " + telemetryDir.resolve(LocalFileSpanExporterProvider.FILE_NAME));
      } else if (!e.isEmpty()) {
        parts.add(e);
      }
    }
    return String.join(" + ", parts);
  }

  private static String protocol(Function<String, String> config) {
    String p = config.apply("otel.exporter.otlp.traces.protocol");
    if (p == null) {
      p = config.apply("otel.exporter.otlp.protocol");
    }
    return p == null ? "http/protobuf" : p.trim();
  }

  static String tracesEndpoint(Config config) {
    return tracesEndpoint(config::raw);
  }

  private static String tracesEndpoint(Function<String, String> config) {
    String full = config.apply("otel.exporter.otlp.traces.endpoint");
    if (full != null) {
      return full.trim();
    }
    // OTLP/gRPC sends every signal to the one endpoint; only OTLP/HTTP has a path per signal.
    boolean grpc = protocol(config).equals("grpc");
    String base = config.apply("otel.exporter.otlp.endpoint");
    if (base == null) {
      return grpc ? "http://localhost:4317" : "http://localhost:4318/v1/traces";
    }
    base = base.trim();
    if (grpc) {
      return base;
    }
    return (base.endsWith("/") ? base : base + "/") + "v1/traces";
  }

  private static String headerNames(Function<String, String> config) {
    List<String> names = new ArrayList<>();
    for (String key : new String[] {"otel.exporter.otlp.headers", "otel.exporter.otlp.traces.headers"}) {
      String v = config.apply(key);
      if (v == null) {
        continue;
      }
      for (String pair : v.split(",")) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
          continue; // no name=value: it may well be a bare secret, and OpenTelemetry rejects it anyway
        }
        String name = pair.substring(0, eq).trim();
        if (!name.isEmpty() && !names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names.isEmpty() ? "" : " (headers: " + String.join(", ", names) + ")";
  }

  @Override
  public String name() {
    return "otel";
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void onRequestStart(ServerRequest request, int index) {
    Sdk sdk = this.sdk.get();
    if (sdk == null) {
      request.backendState(index, early.spansOf(request));
      return;
    }
    Span span = startSpan(sdk, request);
    request.backendState(index, span);
    request.sampled(span.getSpanContext().isSampled());
  }

  private Span startSpan(Sdk sdk, ServerRequest request) {
    SpanBuilder builder =
        sdk.tracer
            .spanBuilder(HttpServerSpans.spanName(request))
            .setSpanKind(SpanKind.SERVER)
            .setParent(parentContext(request))
            .setStartTimestamp(request.startEpochNanos(), TimeUnit.NANOSECONDS);
    HttpServerSpans.startAttributes(builder, request);
    return ids.withIds(request.traceId(), request.spanId(), builder::startSpan);
  }

  /**
   * The caller's span as the parent when it sent one with a sampling decision. A caller that sent only a trace id,
   * or left the decision to us (X-Ray {@code Sampled=?}), gets a root span in its trace: the id generator continues
   * the trace id and our sampler decides. A decision an earlier backend made for all rides along for the sampler.
   */
  static Context parentContext(ServerRequest request) {
    Context parent = callerContext(request.incoming());
    Boolean shared = request.sharedSamplingDecision();
    return shared == null ? parent : SharedDecisionSampler.withDecision(parent, shared);
  }

  private static Context callerContext(IncomingTrace incoming) {
    if (incoming.parentSpanId() == null || incoming.sampled() == null) {
      return Context.root();
    }
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            incoming.traceId(),
            incoming.parentSpanId(),
            incoming.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(),
            incoming.traceState());
    return Context.root().with(Span.wrap(remote));
  }

  @Override
  public void onRequestEnd(ServerRequest request, int index) {
    Object state = request.backendState(index);
    if (state instanceof EarlySpans) {
      early.recordWhenReady((EarlySpans) state, sdk, this::recordEarly);
    } else if (state instanceof Span) {
      endSpan((Span) state, request);
    }
  }

  /** A tree that started before the SDK was ready: its root, then what was kept of its method spans and calls. */
  private void recordEarly(Sdk ready, EarlySpans tree) {
    Object root = NO_PARENT;
    if (tree.root() instanceof ServerRequest) {
      ServerRequest request = (ServerRequest) tree.root();
      Span span = startSpan(ready, request);
      endSpan(span, request);
      root = span;
    } else if (tree.root() instanceof MethodSpan && ((MethodSpan) tree.root()).otelSpan()) {
      MethodSpan method = (MethodSpan) tree.root();
      Span span = startMethodSpan(ready, method, rootContext(method));
      endMethodSpan(span, method);
      root = span;
    }
    for (dev.quartet.core.Span kept : tree.recorded(root)) {
      recordKept(ready, kept, root);
    }
  }

  /**
   * A method span or call of an early tree, once its root is recorded as {@code root}: its parent is its nearest
   * ancestor with an OpenTelemetry span, by id.
   */
  private void recordKept(Sdk ready, dev.quartet.core.Span kept, Object root) {
    boolean sampled = !(root instanceof Span) || ((Span) root).getSpanContext().isSampled();
    if (!sampled || ready == null) {
      return;
    }
    dev.quartet.core.Span above = kept.parent();
    while (above instanceof MethodSpan && !((MethodSpan) above).otelSpan()) {
      above = above.parent();
    }
    Context parent =
        above == null
            ? rootContext(kept)
            : Context.root()
                .with(Span.wrap(SpanContext.create(
                    kept.traceId(), above.spanId(), TraceFlags.getSampled(), TraceState.getDefault())));
    if (kept instanceof ClientRequest) {
      ClientRequest call = (ClientRequest) kept;
      endClientSpan(startClientSpan(ready, call, parent), call);
    } else if (kept instanceof MethodSpan && ((MethodSpan) kept).otelSpan()) {
      MethodSpan method = (MethodSpan) kept;
      endMethodSpan(startMethodSpan(ready, method, parent), method);
    }
  }

  /**
   * Between two batches of early requests: waits until the batch span processor has exported its full batches, so
   * that recording a start-up burst at once does not overflow its queue ({@code OTEL_BSP_MAX_QUEUE_SIZE}, 2048); at
   * most {@code waitNanos}.
   *
   * <p>It watches the exporters' count instead of asking for a flush. The processor's {@code forceFlush} hands back
   * the flush in progress, if any, and the worker completes a flush before it clears it: a flush asked for just
   * after one completed can be that one, already done, covering none of the spans ended since. Its
   * {@code shutdown} flushes the same way: after a burst it stopped its worker with the burst's last partial batch
   * still queued, unexported (issue 13). Quartet asks for no flush, so the one the shutdown asks for is its own.
   */
  private void awaitExported(Sdk ready, long waitNanos) {
    long until = System.nanoTime() + waitNanos;
    while (ended.get() - exported.get() >= ready.exportBatch && System.nanoTime() - until < 0) {
      LockSupport.parkNanos(1_000_000);
    }
  }

  /** The span processor's export batch as autoconfigure configures it (the processor caps it at its queue). */
  private static int exportBatch(ConfigProperties props) {
    try {
      int batch = props.getInt("otel.bsp.max.export.batch.size", SDK_EXPORT_BATCH);
      int queue = props.getInt("otel.bsp.max.queue.size", SDK_QUEUE);
      return batch > 0 && queue > 0 ? Math.min(batch, queue) : SDK_EXPORT_BATCH;
    } catch (RuntimeException badValue) {
      return SDK_EXPORT_BATCH; // reported by OtelSettingsCheck, which gives autoconfigure the default instead
    }
  }

  private void endSpan(Span span, ServerRequest request) {
    int status = request.statusCode();
    if (span.isRecording()) {
      HttpServerSpans.endRoute(span, request);
      if (status > 0) {
        span.setAttribute(HttpServerSpans.STATUS, (long) status);
      }
      // A client abort is recorded as the OpenTelemetry Java agent records it: the exception on a span whose
      // status code is what was sent (X-Ray, CloudWatch and Rollbar do not count it as a failure).
      Throwable error = request.error() != null ? request.error() : request.clientAbort();
      if (error != null) {
        span.recordException(error);
        span.setAttribute(HttpServerSpans.ERROR_TYPE, error.getClass().getName());
        span.setStatus(StatusCode.ERROR);
      } else if (status >= 500) {
        span.setAttribute(HttpServerSpans.ERROR_TYPE, Integer.toString(status));
        span.setStatus(StatusCode.ERROR);
      }
    }
    span.end(request.endEpochNanos(), TimeUnit.NANOSECONDS);
    countEnded(span);
  }

  private void countEnded(Span span) {
    if (span.getSpanContext().isSampled()) {
      ended.incrementAndGet();
    }
  }

  /** A root span, following the decision an earlier backend made for every backend, if it made one. */
  private static Context rootContext(dev.quartet.core.Span span) {
    Boolean shared = span.sharedSamplingDecision();
    return shared == null ? Context.root() : SharedDecisionSampler.withDecision(Context.root(), shared);
  }

  /**
   * What a child of {@code parent} hangs on here: the OpenTelemetry span of its nearest ancestor that has one,
   * {@link #NO_PARENT}, the early tree it belongs to, or null when its parent is not recorded by this backend.
   */
  private static Object parentState(dev.quartet.core.Span parent, int index) {
    if (parent == null) {
      return NO_PARENT;
    }
    Object state = parent.backendState(index);
    return state instanceof Inherited ? ((Inherited) state).from : state;
  }

  private static Context contextUnder(Object parentState, dev.quartet.core.Span child) {
    return parentState instanceof Span ? Context.root().with((Span) parentState) : rootContext(child);
  }

  /**
   * A method span: a span of its kind, with the core's ids, child of its parent's span (a root span when it starts a
   * trace, sampled by the configured sampler); one recorded only as an X-Ray subsegment passes its parent on.
   */
  @Override
  public void onSpanStart(dev.quartet.core.Span span, int index) {
    if (!(span instanceof MethodSpan)) {
      return;
    }
    MethodSpan method = (MethodSpan) span;
    Object parent = parentState(method.parent(), index);
    if (parent instanceof EarlySpans) {
      method.backendState(index, parent);
      return;
    }
    Sdk sdk = this.sdk.get();
    if (sdk == null && method.parent() == null) {
      method.backendState(index, early.spansOf(method));
      return;
    }
    if (sdk == null || !(parent instanceof Span || parent == NO_PARENT)) {
      return;
    }
    if (!method.otelSpan()) {
      method.backendState(index, new Inherited(parent));
      return;
    }
    Span otel = startMethodSpan(sdk, method, contextUnder(parent, method));
    method.backendState(index, otel);
    if (method.parent() == null) {
      method.sampled(otel.getSpanContext().isSampled());
    }
  }

  @Override
  public void onSpanEnd(dev.quartet.core.Span span, int index) {
    Object state = span.backendState(index);
    if (state instanceof EarlySpans) {
      endEarly((EarlySpans) state, span);
    } else if (state instanceof Span && span instanceof MethodSpan) {
      endMethodSpan((Span) state, (MethodSpan) span);
    }
  }

  /** A span of an early tree ended: the root is recorded when the SDK is ready, the others kept with it. */
  private void endEarly(EarlySpans tree, dev.quartet.core.Span span) {
    if (tree.root() == span) {
      early.recordWhenReady(tree, sdk, this::recordEarly);
      return;
    }
    Object recordedRoot = tree.keep(span);
    if (recordedRoot != null) {
      recordKept(sdk.get(), span, recordedRoot);
    }
  }

  private Span startMethodSpan(Sdk sdk, MethodSpan method, Context parent) {
    SpanBuilder builder =
        sdk.tracer
            .spanBuilder(method.name())
            .setSpanKind(MethodSpans.kind(method.kind()))
            .setParent(parent)
            .setStartTimestamp(method.startEpochNanos(), TimeUnit.NANOSECONDS);
    return ids.withIds(method.traceId(), method.spanId(), builder::startSpan);
  }

  private void endMethodSpan(Span span, MethodSpan method) {
    MethodSpans.end(span, method);
    span.end(method.endEpochNanos(), TimeUnit.NANOSECONDS);
    countEnded(span);
  }

  /**
   * An outgoing call: a CLIENT span, child of the span it was made in (the server span, or a method span), with the
   * call's span id (the X-Ray subsegment's id too); the configured propagators ({@code OTEL_PROPAGATORS}) add its
   * headers.
   */
  @Override
  public void onClientStart(ClientRequest call, int index) {
    Object parent = parentState(call.parent(), index);
    if (parent instanceof EarlySpans) {
      call.backendState(index, parent);
      if (tracecontext) {
        call.setRequestHeader("traceparent", TraceIds.traceparent(call.traceId(), call.spanId(), call.sampled()));
      }
      return;
    }
    Sdk sdk = this.sdk.get();
    if (!(parent instanceof Span || parent == NO_PARENT) || sdk == null) {
      return;
    }
    Span span = startClientSpan(sdk, call, contextUnder(parent, call));
    call.backendState(index, span);
    sdk.sdk
        .getPropagators()
        .getTextMapPropagator()
        .inject(Context.root().with(span), call, (c, name, value) -> c.setRequestHeader(name, value));
  }

  private Span startClientSpan(Sdk sdk, ClientRequest call, Context parent) {
    SpanBuilder builder =
        sdk.tracer
            .spanBuilder(HttpServerSpans.isKnownMethod(call.method()) ? call.method() : "HTTP")
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setStartTimestamp(call.startEpochNanos(), TimeUnit.NANOSECONDS);
    HttpClientSpans.startAttributes(builder, call);
    return ids.withIds(call.traceId(), call.spanId(), builder::startSpan);
  }

  @Override
  public void onClientEnd(ClientRequest call, int index) {
    Object state = call.backendState(index);
    if (state instanceof EarlySpans) {
      endEarly((EarlySpans) state, call);
    } else if (state instanceof Span) {
      endClientSpan((Span) state, call);
    }
  }

  private void endClientSpan(Span span, ClientRequest call) {
    HttpClientSpans.endAttributes(span, call);
    span.end(call.endEpochNanos(), TimeUnit.NANOSECONDS);
    countEnded(span);
  }

  @Override
  public String pending() {
    return early.waiting() + Math.max(0, ended.get() - exported.get()) + " spans";
  }

  @Override
  public void shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Sdk ready =
        early.shutdown(sdk, timeout, this::recordEarly,
            r -> awaitExported(r, Math.min(EARLY_EXPORT_WAIT.toNanos(), deadline - System.nanoTime())));
    if (ready == null) {
      return;
    }
    // A margin, as the CloudWatch sender leaves: the line below must be printed before the JVM goes.
    long margin = Math.min(500, timeout.toMillis() / 5);
    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000 - margin);
    ready.sdk.shutdown().join(left, TimeUnit.MILLISECONDS);
    long unsent = Math.max(0, ended.get() - exported.get());
    if (unsent > 0) {
      AgentLog.warn("otel: " + unsent + " spans not sent within " + timeout.toMillis() + " ms (sending to "
          + description + "); dropped");
    }
  }
}
