package dev.quartet.backend.xray;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.entities.AWSLogReference;
import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.SegmentImpl;
import com.amazonaws.xray.entities.TraceHeader;
import com.amazonaws.xray.entities.TraceHeader.SampleDecision;
import com.amazonaws.xray.entities.TraceID;
import com.amazonaws.xray.strategy.sampling.AllSamplingStrategy;
import com.amazonaws.xray.strategy.sampling.NoSamplingStrategy;
import com.amazonaws.xray.strategy.sampling.SamplingRequest;
import com.amazonaws.xray.strategy.sampling.SamplingResponse;
import com.amazonaws.xray.strategy.sampling.SamplingStrategy;
import dev.quartet.config.Config;
import dev.quartet.core.AgentLog;
import dev.quartet.core.Backend;
import dev.quartet.core.BackgroundStart;
import dev.quartet.core.ClientRequest;
import dev.quartet.core.EarlyRequests;
import dev.quartet.core.EarlySpans;
import dev.quartet.core.IncomingTrace;
import dev.quartet.core.MethodSpan;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.Span;
import dev.quartet.core.TraceIds;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;

/**
 * The X-Ray backend: one segment per request, with a subsegment per method span and outgoing call nested as the spans
 * are (same ids), recorded with the X-Ray SDK's entities and serialisation and shaped like
 * the SDK's servlet filter records it, with the request's one trace identity (the segment's {@code trace_id} is the
 * X-Ray form of the OpenTelemetry trace id, its {@code id} the server span's id), sampled by the user's X-Ray rules
 * and sent to the daemon by a bounded emitter thread. The SDK's thread-local context is never used: the request is
 * {@link ServerRequest}.
 */
public final class XrayBackend implements Backend {
  static final String RESPONSE_HEADER = TraceHeader.HEADER_KEY;
  static final String DEFAULT_DAEMON = "127.0.0.1:2000";
  /** At most this long between two batches of early requests for the emitter to catch up. */
  private static final Duration EARLY_ROOM_WAIT = Duration.ofSeconds(2);
  /** Per-request state of a request X-Ray does not record. */
  static final Object NOT_SAMPLED = new Object();

  /** A method span recorded only as an OpenTelemetry span: its children hang on its nearest ancestor's entity. */
  private static final class Inherited {
    final Object from;

    Inherited(Object from) {
      this.from = from;
    }
  }

  private final SegmentNaming naming;
  private final boolean otelFollows;
  private final String description;
  private final EarlyRequests<Early> early = new EarlyRequests<>("xray");
  private final BackgroundStart<Sdk> sdk;

  /**
   * What the X-Ray SDK gives the backend. Loading it costs Jackson's and the SDK's initialisation (about half a second,
   * more on a busy machine), so it happens on a daemon thread when the first request ends, or a few seconds after the
   * start ({@link BackgroundStart}): a request that ends before it is ready gets its response header at once and its
   * segment when the SDK is ready (sampled by the rules then), with the subsegments of its method spans and calls
   * ({@link EarlySpans}; their calls carry {@code Root} and {@code Parent}, with no decision yet).
   */
  static final class Sdk {
    final AWSXRayRecorder recorder;
    final SegmentEmitter emitter;
    final SamplingStrategy sampling;
    final Map<String, Object> awsBlock;

    Sdk(AWSXRayRecorder recorder, SegmentEmitter emitter, SamplingStrategy sampling, Set<AWSLogReference> logGroups) {
      this.recorder = recorder;
      this.emitter = emitter;
      this.sampling = sampling;
      Map<String, Object> aws = new HashMap<>();
      Object sdkInfo = recorder.getAwsRuntimeContext().get("xray");
      Map<String, Object> xray = new HashMap<>();
      if (sdkInfo instanceof Map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) sdkInfo;
        xray.putAll(info);
      }
      xray.put("auto_instrumentation", true);
      aws.put("xray", Collections.unmodifiableMap(xray));
      if (!logGroups.isEmpty()) {
        aws.put("cloudwatch_logs", Collections.unmodifiableSet(logGroups));
      }
      this.awsBlock = Collections.unmodifiableMap(aws);
    }
  }

  XrayBackend(SegmentNaming naming, boolean otelFollows, String description, Callable<Sdk> load) {
    this.naming = naming;
    this.otelFollows = otelFollows;
    this.description = description;
    this.sdk =
        new BackgroundStart<>(
            "xray", load, ready -> early.handOver(e -> recordEarly(ready, e), () -> awaitRoom(ready)));
  }

  /**
   * Reads the settings and the SDK's variables (reporting bad values now, in the startup output) and starts loading
   * the SDK in the background.
   */
  static XrayBackend create(
      Config config, Path telemetryDir, AwsXrayVariables aws, Clock clock, boolean cloudWatchOn) {
    SdkLogging.routeToAgentLog();
    ContextMissing contextMissing = ContextMissing.parse(aws.contextMissing(), config::report);
    String serviceName = dev.quartet.core.ServiceNames.configured(config);
    String detected = dev.quartet.core.ServiceNames.detected();
    String pattern = config.getString(XraySettings.DYNAMIC_NAMING);
    SegmentNaming naming =
        new SegmentNaming(
            SegmentNaming.fixedName(aws.tracingName(), serviceName, detected),
            pattern.isEmpty() ? aws.urlPattern() : pattern);
    DaemonAddress daemon = daemonAddress(aws, config);
    boolean localMode = daemon == null;
    boolean badAddress = daemon == DaemonAddress.DEFAULT && aws.daemonAddress() != null;
    Path localFile = telemetryDir.resolve(JsonLinesSink.FILE_NAME);
    String mode = config.getChoice(XraySettings.SAMPLING, "centralized", "local", "all", "none");
    String rulesFile = config.getString(XraySettings.SAMPLING_RULES);
    Duration refresh = config.getDuration(XraySettings.SAMPLING_RULES_REFRESH);
    // read now, not with the SDK in the background: a bad file is a setting problem (strict mode counts it)
    SamplingStrategy localRules =
        rulesFile.isEmpty() || mode.equals("all") || mode.equals("none")
            ? null
            : SamplingRuleFiles.loadOrDefault(Paths.get(rulesFile), clock, config::report);
    Set<AWSLogReference> logGroups =
        logGroups(
            cloudWatchOn,
            config.raw("quartet.cloudwatch.log-group"),
            serviceName != null ? serviceName : detected,
            aws.logGroup());
    String description =
        "segments \""
            + naming.fixedName()
            + "\""
            + (naming.hostPattern() == null ? "" : " (or the Host matching " + naming.hostPattern() + ")")
            + " → "
            + (localMode
                ? "local file " + localFile + " + X-Ray daemon udp " + DEFAULT_DAEMON + " (no "
                    + AwsXrayVariables.DAEMON_ADDRESS + ": the default)"
                : "X-Ray daemon " + daemon)
            + "; sampling: "
            + samplingDescription(mode, rulesFile, localMode);
    return new XrayBackend(
        naming,
        config.getBoolean(XraySettings.SAMPLING_OTEL_FOLLOWS),
        description,
        () -> {
          DaemonAddress to = localMode ? DaemonAddress.DEFAULT : daemon;
          if (badAddress) {
            // The SDK's recorder reads the variable again (its default emitter; its default sampling client, were
            // that ever made: DefaultSamplingStrategy); a bad variable makes it fall back to its system property,
            // so that is set to the default. The name is the SDK's own, relocated with it
            // (dev.quartet.shaded.com.amazonaws…): no app reads or sets it. Read from the field, not inlined:
            // Quartet's classes carry no relocated string constant (AgentJarIT).
            System.setProperty(
                (String) DaemonConfiguration.class.getField("DAEMON_ADDRESS_SYSTEM_PROPERTY_KEY").get(null),
                DEFAULT_DAEMON);
          }
          List<DocumentSink> sinks = new ArrayList<>();
          if (localMode) {
            sinks.add(new JsonLinesSink(localFile));
          }
          sinks.add(new DaemonSink(to.udpHost, to.udpPort));
          SamplingStrategy sampling = sampling(mode, localRules, refresh, clock, localMode ? null : to.tcp);
          AWSXRayRecorder recorder = new AWSXRayRecorder();
          recorder.setSamplingStrategy(sampling);
          recorder.setContextMissingStrategy(contextMissing);
          recorder.useFastIdGenerator();
          // The first segment initialises the SDK's serialisation (Jackson): here, not on the first request.
          new SegmentImpl(recorder, "warm-up", TraceID.fromString("1-00000001-000000000000000000000001")).serialize();
          SegmentEmitter emitter = new SegmentEmitter(sinks, new SegmentDocuments());
          recorder.setEmitter(emitter);
          return new Sdk(recorder, emitter, sampling, logGroups);
        });
  }

  /** The configured daemon address, or null (local mode); a bad one is reported and the default used. */
  private static DaemonAddress daemonAddress(AwsXrayVariables aws, Config config) {
    String address = aws.daemonAddress();
    if (address == null) {
      return null;
    }
    DaemonAddress parsed = DaemonAddress.parse(address);
    if (parsed == null) {
      config.report(
          aws.daemonAddressOrigin() + ": \"" + Config.abbreviate(address) + "\" is not " + DaemonAddress.FORMS
              + "; using the default " + DEFAULT_DAEMON);
      return DaemonAddress.DEFAULT;
    }
    return parsed;
  }

  static String samplingDescription(String mode, String rulesFile, boolean localMode) {
    String local = rulesFile.isEmpty() ? SamplingRuleFiles.SDK_DEFAULT_DESCRIPTION : "the rules of " + rulesFile;
    switch (mode) {
      case "all":
      case "none":
        return mode;
      case "local":
        return local;
      default:
        return localMode
            ? local + " (no daemon to ask for centralized rules)"
            : "centralized rules from the daemon, fallback " + local;
    }
  }

  /** For tests: waits until the SDK is loaded; false when it could not be. */
  boolean awaitReady(Duration timeout) {
    return sdk.await(timeout) != null;
  }

  /**
   * The sampling mode's strategy. Centralized sampling needs a daemon: with none configured (local mode) the local
   * rules decide, without a poller thread trying a daemon that is not there.
   */
  static SamplingStrategy sampling(
      String mode, SamplingStrategy localRules, Duration refresh, Clock clock, String daemonTcpAddress) {
    switch (mode) {
      case "all":
        return new SamplingRuleFiles.DescribedStrategy(new AllSamplingStrategy(), "all");
      case "none":
        return new SamplingRuleFiles.DescribedStrategy(new NoSamplingStrategy(), "none");
      default:
        break;
    }
    SamplingStrategy local = localRules == null ? SamplingRuleFiles.sdkDefault() : localRules;
    if (mode.equals("local") || daemonTcpAddress == null) {
      return local;
    }
    return new CentralizedSampling(daemonTcpAddress, local, clock).start(refresh);
  }

  /**
   * {@code aws.cloudwatch_logs}: the CloudWatch backend's log group when it is on (its setting, else the service
   * name), and {@code AWS_LOG_GROUP} as the SDK adds it.
   */
  static Set<AWSLogReference> logGroups(
      boolean cloudWatchOn, String cloudWatchGroup, String serviceName, String awsLogGroup) {
    Set<String> names = new LinkedHashSet<>();
    if (cloudWatchOn) {
      String group = cloudWatchGroup != null && !cloudWatchGroup.trim().isEmpty() ? cloudWatchGroup : serviceName;
      if (group != null && !group.trim().isEmpty()) {
        names.add(group.trim());
      }
    }
    if (awsLogGroup != null) {
      names.add(awsLogGroup);
    }
    Set<AWSLogReference> refs = new LinkedHashSet<>();
    for (String name : names) {
      AWSLogReference ref = new AWSLogReference();
      ref.setLogGroup(name);
      refs.add(ref);
    }
    return refs;
  }

  @Override
  public String name() {
    return "xray";
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void onRequestStart(ServerRequest request, int index) {
    String host = request.view().header("Host");
    if (host == null) {
      host = request.serverAddress();
    }
    String name = naming.nameFor(host);
    Sdk sdk = this.sdk.get();
    if (sdk == null) {
      // Read now what only the live request can tell; the segment is made when the SDK is ready.
      request.addResponseHeader(RESPONSE_HEADER, "Root=" + TraceIds.toXrayTraceId(request.traceId()));
      request.backendState(
          index, new Early(early.spansOf(request), host, name, SegmentHttp.request(request)));
      return;
    }
    SamplingResponse decision = decide(sdk, request, host, name);
    boolean sampled = decision.isSampled();
    if (otelFollows) {
      request.shareSamplingDecision(sampled);
    } else {
      request.sampled(sampled);
    }
    TraceID traceId = TraceID.fromString(TraceIds.toXrayTraceId(request.traceId()));
    request.addResponseHeader(RESPONSE_HEADER, responseHeader(request, traceId, sampled));
    if (!sampled) {
      request.backendState(index, NOT_SAMPLED);
      return;
    }
    request.backendState(index, segment(sdk, request, name, traceId, decision, SegmentHttp.request(request)));
  }

  /** The caller's decision when it sent one, else the sampling rules'. */
  private static SamplingResponse decide(Sdk sdk, ServerRequest request, String host, String name) {
    Boolean callers = request.incoming().sampled();
    if (callers != null) {
      return new SamplingResponse(callers);
    }
    return sdk.sampling.shouldTrace(new SamplingRequest(name, host, request.path(), request.method(), null));
  }

  private static SegmentImpl segment(
      Sdk sdk,
      ServerRequest request,
      String name,
      TraceID traceId,
      SamplingResponse decision,
      Map<String, Object> http) {
    SegmentImpl segment = new SegmentImpl(sdk.recorder, name, traceId);
    segment.setId(request.spanId());
    segment.setParentId(request.incoming().parentSpanId());
    segment.setStartTime(request.startEpochNanos() / 1e9);
    segment.putAllAws(sdk.awsBlock);
    segment.putAllService(sdk.recorder.getServiceRuntimeContext());
    decision.getRuleName().filter(rule -> !rule.isEmpty()).ifPresent(segment::setRuleName);
    segment.putHttp("request", http);
    return segment;
  }

  /**
   * A tree that started before the SDK was ready (a request, or a method span that starts a trace): what its segment
   * needs that only the live request knew, and its spans kept as they ended.
   */
  private static final class Early {
    final EarlySpans tree;
    final String host;
    final String name;
    final Map<String, Object> http;

    Early(EarlySpans tree, String host, String name, Map<String, Object> http) {
      this.tree = tree;
      this.host = host;
      this.name = name;
      this.http = http;
    }
  }

  /** An early tree's segment and the entities made for its spans, by span id, once it is recorded. */
  private static final class Recorded {
    final Segment segment;
    final Map<String, Entity> entities = new ConcurrentHashMap<>();

    Recorded(Segment segment) {
      this.segment = segment;
    }
  }

  /** Decides by the rules now and sends its segment, with the subsegments of what was kept of its spans. */
  private void recordEarly(Sdk sdk, Early early) {
    Span root = early.tree.root();
    if (root instanceof ServerRequest) {
      ServerRequest request = (ServerRequest) root;
      SamplingResponse decision = decide(sdk, request, early.host, early.name);
      if (!decision.isSampled()) {
        early.tree.recorded(NOT_SAMPLED);
        return;
      }
      TraceID traceId = TraceID.fromString(TraceIds.toXrayTraceId(request.traceId()));
      Recorded recorded = new Recorded(segment(sdk, request, early.name, traceId, decision, early.http));
      recorded.entities.put(request.spanId(), recorded.segment);
      addKept(sdk, recorded, early.tree.recorded(recorded));
      send(sdk, recorded.segment, request);
    } else if (root instanceof MethodSpan) {
      MethodSpan method = (MethodSpan) root;
      SamplingResponse decision = decideRoot(sdk);
      if (!decision.isSampled()) {
        early.tree.recorded(NOT_SAMPLED);
        return;
      }
      Entity top = rootEntity(sdk, method, decision);
      Recorded recorded = new Recorded(TreeSubsegment.segmentOf(top));
      recorded.entities.put(method.spanId(), top);
      addKept(sdk, recorded, early.tree.recorded(recorded));
      endRoot(sdk, method, top);
    }
  }

  /**
   * The subsegments of an early tree's kept spans, each under its nearest recorded ancestor: all made (parents first)
   * before any is finished, as a finished entity takes no more children.
   */
  private static void addKept(Sdk sdk, Recorded recorded, List<Span> kept) {
    Map<String, Span> waiting = new HashMap<>();
    for (Span s : kept) {
      waiting.put(s.spanId(), s);
    }
    Map<TreeSubsegment, Span> made = new java.util.LinkedHashMap<>();
    for (Span s : kept) {
      if (waiting.remove(s.spanId()) != null) {
        addKept(sdk, recorded, s, waiting, made);
      }
    }
    made.forEach(XrayBackend::finish);
  }

  private static void addKept(
      Sdk sdk, Recorded recorded, Span span, Map<String, Span> waiting, Map<TreeSubsegment, Span> made) {
    Span parent = span.parent();
    if (parent != null && waiting.containsKey(parent.spanId())) {
      addKept(sdk, recorded, waiting.remove(parent.spanId()), waiting, made);
    }
    if (recordsItself(span)) {
      TreeSubsegment sub = subsegment(sdk, span, recordedAncestor(recorded, parent));
      recorded.entities.put(span.spanId(), sub);
      made.put(sub, span);
    }
  }

  private static Entity recordedAncestor(Recorded recorded, Span from) {
    for (Span s = from; s != null; s = s.parent()) {
      Entity e = recorded.entities.get(s.spanId());
      if (e != null) {
        return e;
      }
    }
    return recorded.segment;
  }

  /** A span of an early tree that ended after the tree was recorded: sent alone, under its nearest ancestor. */
  private static void recordLate(Sdk sdk, Span span, Object recordedAs) {
    if (!(recordedAs instanceof Recorded) || !recordsItself(span)) {
      return;
    }
    Recorded recorded = (Recorded) recordedAs;
    TreeSubsegment sub = subsegment(sdk, span, recordedAncestor(recorded, span.parent()));
    recorded.entities.put(span.spanId(), sub);
    finish(sub, span);
    sendEnded(sdk, sub);
  }

  /** Between two batches of early requests: lets the emitter's queue empty enough to take the next batch. */
  private static void awaitRoom(Sdk sdk) {
    sdk.emitter.awaitRoom(EarlyRequests.BATCH, EARLY_ROOM_WAIT);
  }

  /**
   * {@code Root=…} like the SDK's servlet filter; the decision is added only when the caller asked for it
   * ({@code Sampled=?}).
   */
  static String responseHeader(ServerRequest request, TraceID traceId, boolean sampled) {
    if (request.incoming().source() == IncomingTrace.Source.XRAY && request.incoming().sampled() == null
        && asksForDecision(request.view().header(RESPONSE_HEADER))) {
      return new TraceHeader(traceId, null, sampled ? SampleDecision.SAMPLED : SampleDecision.NOT_SAMPLED)
          .toString();
    }
    // Not the SDK's TraceHeader here: with no decision it ends in a stray ';'.
    return "Root=" + traceId;
  }

  /**
   * Whether the caller's header has {@code Sampled=?}. Read here, not with the SDK's {@code TraceHeader.fromString},
   * which logs a warning for every empty field of a header such as {@code Root=…;;;;Parent=…} (three per request).
   */
  static boolean asksForDecision(String header) {
    if (header == null) {
      return false;
    }
    for (String field : header.split(";")) {
      int eq = field.indexOf('=');
      if (eq > 0 && field.substring(0, eq).trim().equalsIgnoreCase("Sampled")
          && field.substring(eq + 1).trim().equals("?")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onRequestEnd(ServerRequest request, int index) {
    Object state = request.backendState(index);
    if (state instanceof Segment) {
      send(this.sdk.get(), (Segment) state, request);
    } else if (state instanceof Early) {
      early.recordWhenReady((Early) state, this.sdk, this::recordEarly);
    }
  }

  /**
   * What a child of {@code parent} hangs on here: the entity (segment or subsegment) of its nearest ancestor X-Ray
   * records, {@link #NOT_SAMPLED}, the early tree it belongs to, or null when X-Ray records nothing of it.
   */
  private static Object parentState(Span parent, int index) {
    Object state = parent.backendState(index);
    if (state instanceof Inherited) {
      return ((Inherited) state).from;
    }
    return state instanceof Early ? ((Early) state).tree : state;
  }

  private static boolean recordsItself(Span span) {
    return span instanceof MethodSpan ? ((MethodSpan) span).xraySubsegment() : span instanceof ClientRequest;
  }

  /** A subsegment for {@code span} under {@code parent}: a method's, or a call's {@code remote} one. */
  private static TreeSubsegment subsegment(Sdk sdk, Span span, Entity parent) {
    double start = span.startEpochNanos() / 1e9;
    if (span instanceof ClientRequest) {
      ClientRequest call = (ClientRequest) span;
      String name = call.host() == null ? null : SegmentNaming.valid(call.host());
      TreeSubsegment sub =
          new TreeSubsegment(sdk.recorder, name == null ? "remote" : name, call.spanId(), parent, start);
      sub.setNamespace("remote");
      Map<String, Object> request = new HashMap<>();
      request.put("method", call.method());
      request.put("url", call.url());
      sub.putHttp("request", request);
      return sub;
    }
    String name = SegmentNaming.valid(((MethodSpan) span).xraySubsegmentName());
    return new TreeSubsegment(sdk.recorder, name == null ? "method" : name, span.spanId(), parent, start);
  }

  private static void finish(TreeSubsegment sub, Span span) {
    if (span instanceof ClientRequest) {
      ClientRequest call = (ClientRequest) span;
      SegmentHttp.outcome(sub, call.statusCode(), call.responseContentLength(), call.error());
      sub.endAt(call.endEpochNanos());
    } else {
      sub.finish((MethodSpan) span);
    }
  }

  /**
   * An ended subsegment: sent alone when its segment was sent already (or it was never in the tree), else left in
   * the segment, whose finished subsegments the SDK's streaming strategy sends ahead when it grows large.
   */
  private static void sendEnded(Sdk sdk, TreeSubsegment sub) {
    Segment segment = sub.getParentSegment();
    if (sub.sendsAlone()) {
      Annotations.makeIndexable(sub);
      sdk.emitter.sendSubsegment(sub);
    } else if (sdk.recorder.getStreamingStrategy().requiresStreaming(segment)) {
      sdk.recorder.getStreamingStrategy().streamSome(segment, sdk.emitter);
    }
  }

  /** A method span that starts a trace: sampled by the rules as the SDK samples a segment it is given only a name. */
  private SamplingResponse decideRoot(Sdk sdk) {
    return sdk.sampling.shouldTrace(new SamplingRequest(naming.fixedName(), null, null, null, null));
  }

  /**
   * The segment of a trace a method span starts (a batch job, a consumer): named after the service, as its requests'
   * segments are, so the service map shows one node; the method is its subsegment, with the span's id (none when the
   * span is recorded only in OpenTelemetry). Returns the method's entity: the subsegment, or the segment.
   */
  private Entity rootEntity(Sdk sdk, MethodSpan method, SamplingResponse decision) {
    TraceID traceId = TraceID.fromString(TraceIds.toXrayTraceId(method.traceId()));
    SegmentImpl segment = new SegmentImpl(sdk.recorder, naming.fixedName(), traceId);
    segment.setId(TraceIds.newSpanId());
    segment.setStartTime(method.startEpochNanos() / 1e9);
    segment.putAllAws(sdk.awsBlock);
    segment.putAllService(sdk.recorder.getServiceRuntimeContext());
    decision.getRuleName().filter(rule -> !rule.isEmpty()).ifPresent(segment::setRuleName);
    return method.xraySubsegment() ? subsegment(sdk, method, segment) : segment;
  }

  /** The root method span ended: its subsegment, then its segment, which is sent with everything in it. */
  private static void endRoot(Sdk sdk, MethodSpan method, Entity entity) {
    Segment segment = TreeSubsegment.segmentOf(entity);
    if (entity instanceof TreeSubsegment) {
      ((TreeSubsegment) entity).finish(method);
    }
    segment.setFault(method.error() != null);
    Annotations.makeIndexable(segment);
    segment.setEndTime(method.endEpochNanos() / 1e9);
    segment.setInProgress(false);
    sdk.emitter.sendSegment(segment);
  }

  /**
   * A method span: a subsegment with its id, nested in its parent's entity; one recorded only in OpenTelemetry passes
   * its parent's on. One that starts a trace gets a segment of its own (see {@link #rootEntity}).
   */
  @Override
  public void onSpanStart(Span span, int index) {
    if (!(span instanceof MethodSpan)) {
      return;
    }
    MethodSpan method = (MethodSpan) span;
    Sdk sdk = this.sdk.get();
    if (method.parent() == null) {
      if (sdk == null) {
        method.backendState(index, new Early(early.spansOf(method), null, null, null));
        return;
      }
      SamplingResponse decision = decideRoot(sdk);
      if (otelFollows) {
        method.shareSamplingDecision(decision.isSampled());
      } else {
        method.sampled(decision.isSampled());
      }
      method.backendState(index, decision.isSampled() ? rootEntity(sdk, method, decision) : NOT_SAMPLED);
      return;
    }
    Object parent = parentState(method.parent(), index);
    if (parent instanceof EarlySpans || parent == NOT_SAMPLED) {
      method.backendState(index, parent);
    } else if (parent instanceof Entity && sdk != null) {
      method.backendState(
          index, method.xraySubsegment() ? subsegment(sdk, method, (Entity) parent) : new Inherited(parent));
    }
  }

  @Override
  public void onSpanEnd(Span span, int index) {
    Object state = span.backendState(index);
    Sdk sdk = this.sdk.get();
    if (state instanceof Early) {
      early.recordWhenReady((Early) state, this.sdk, this::recordEarly);
    } else if (state instanceof EarlySpans) {
      endEarly((EarlySpans) state, span);
    } else if (span.parent() == null && span instanceof MethodSpan && state instanceof Entity) {
      endRoot(sdk, (MethodSpan) span, (Entity) state);
    } else if (state instanceof TreeSubsegment) {
      TreeSubsegment sub = (TreeSubsegment) state;
      finish(sub, span);
      sendEnded(sdk, sub);
    }
  }

  /** A span of an early tree ended: kept with it, or sent now when the tree was recorded already. */
  private void endEarly(EarlySpans tree, Span span) {
    Object recordedAs = tree.keep(span);
    if (recordedAs != null) {
      recordLate(this.sdk.get(), span, recordedAs);
    }
  }

  private static void send(Sdk sdk, Segment segment, ServerRequest request) {
    SegmentHttp.outcome(segment, request.statusCode(), request.responseContentLength(), request.error());
    Annotations.makeIndexable(segment);
    segment.setEndTime(request.endEpochNanos() / 1e9);
    segment.setInProgress(false);
    sdk.emitter.sendSegment(segment);
  }

  /**
   * An outgoing call becomes a {@code remote} subsegment whose id is the call's span id, nested in the entity of the
   * span it was made in (the segment, or a method's subsegment); the call carries {@code X-Amzn-Trace-Id} with this
   * trace, that id as Parent and the request's decision, so the next service records all of the trace or none of it.
   */
  @Override
  public void onClientStart(ClientRequest call, int index) {
    Sdk sdk = this.sdk.get();
    Object state = parentState(call.parent(), index);
    String root = "Root=" + TraceIds.toXrayTraceId(call.traceId());
    if (state instanceof EarlySpans) {
      call.backendState(index, state);
      // No decision yet (the rules load with the SDK): without Sampled=, the callee decides for itself.
      call.setRequestHeader(RESPONSE_HEADER, root + ";Parent=" + call.spanId());
      return;
    }
    if (!(state instanceof Entity) || sdk == null) {
      if (state == NOT_SAMPLED) {
        call.setRequestHeader(RESPONSE_HEADER, root + ";Parent=" + call.parent().spanId() + ";Sampled=0");
      }
      return;
    }
    call.backendState(index, subsegment(sdk, call, (Entity) state));
    call.setRequestHeader(RESPONSE_HEADER, root + ";Parent=" + call.spanId() + ";Sampled=1");
  }

  @Override
  public void onClientEnd(ClientRequest call, int index) {
    Object state = call.backendState(index);
    if (state instanceof EarlySpans) {
      endEarly((EarlySpans) state, call);
    } else if (state instanceof TreeSubsegment) {
      TreeSubsegment sub = (TreeSubsegment) state;
      finish(sub, call);
      sendEnded(this.sdk.get(), sub);
    }
  }

  @Override
  public String pending() {
    Sdk ready = sdk.get();
    long waiting = early.waiting() + (ready == null ? 0 : ready.emitter.queued());
    return waiting + " segments";
  }

  @Override
  public void shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Sdk sdk = early.shutdown(this.sdk, timeout, this::recordEarly, XrayBackend::awaitRoom);
    if (sdk != null) {
      sdk.sampling.shutdown();
      sdk.emitter.shutdown(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
    }
  }
}
