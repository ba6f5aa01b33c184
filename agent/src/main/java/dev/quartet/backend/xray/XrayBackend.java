package dev.quartet.backend.xray;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.entities.AWSLogReference;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.SegmentImpl;
import com.amazonaws.xray.entities.SubsegmentImpl;
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
import dev.quartet.core.ClientRequest;
import dev.quartet.core.IncomingTrace;
import dev.quartet.core.ServerRequest;
import dev.quartet.core.TraceIds;
import java.net.InetSocketAddress;
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

/**
 * The X-Ray backend: one segment per request, recorded with the X-Ray SDK's entities and serialisation and shaped like
 * the SDK's servlet filter records it, with the request's one trace identity (the segment's {@code trace_id} is the
 * X-Ray form of the OpenTelemetry trace id, its {@code id} the server span's id), sampled by the user's X-Ray rules
 * and sent to the daemon by a bounded emitter thread. The SDK's thread-local context is never used: the request is
 * {@link ServerRequest}.
 */
public final class XrayBackend implements Backend {
  static final String RESPONSE_HEADER = TraceHeader.HEADER_KEY;
  static final String DEFAULT_DAEMON = "127.0.0.1:2000";
  /** Per-request state of a request X-Ray does not record. */
  static final Object NOT_SAMPLED = new Object();

  private final AWSXRayRecorder recorder;
  private final SegmentEmitter emitter;
  private final SamplingStrategy sampling;
  private final SegmentNaming naming;
  private final boolean otelFollows;
  private final Map<String, Object> awsBlock;
  private final String description;

  XrayBackend(
      AWSXRayRecorder recorder,
      SegmentEmitter emitter,
      SamplingStrategy sampling,
      SegmentNaming naming,
      boolean otelFollows,
      Set<AWSLogReference> logGroups,
      String description) {
    this.recorder = recorder;
    this.emitter = emitter;
    this.sampling = sampling;
    this.naming = naming;
    this.otelFollows = otelFollows;
    this.description = description;
    Map<String, Object> aws = new HashMap<>();
    Object sdk = recorder.getAwsRuntimeContext().get("xray");
    Map<String, Object> xray = new HashMap<>();
    if (sdk instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> sdkInfo = (Map<String, Object>) sdk;
      xray.putAll(sdkInfo);
    }
    xray.put("auto_instrumentation", true);
    aws.put("xray", Collections.unmodifiableMap(xray));
    if (!logGroups.isEmpty()) {
      aws.put("cloudwatch_logs", Collections.unmodifiableSet(logGroups));
    }
    this.awsBlock = Collections.unmodifiableMap(aws);
  }

  /** Everything the backend needs from the settings, the SDK's variables and the clock. */
  static XrayBackend create(
      Config config, Path telemetryDir, AwsXrayVariables aws, Clock clock, boolean cloudWatchOn) throws Exception {
    SdkLogging.routeToAgentLog();
    ContextMissing contextMissing = ContextMissing.parse(aws.contextMissing());
    String serviceName = config.raw("otel.service.name");
    String detected = dev.quartet.core.ServiceNames.detected();
    String pattern = config.getString(XraySettings.DYNAMIC_NAMING);
    SegmentNaming naming =
        new SegmentNaming(
            SegmentNaming.fixedName(aws.tracingName(), serviceName, detected),
            pattern.isEmpty() ? aws.urlPattern() : pattern);

    String address = aws.daemonAddress();
    DaemonConfiguration daemon = new DaemonConfiguration();
    if (address == null || !daemon.setUDPAndTCPAddress(address)) {
      if (address != null) {
        AgentLog.warn(
            "xray: " + aws.daemonAddressOrigin() + ": \"" + address
                + "\" is not host:port or tcp:host:port udp:host:port; using the default " + DEFAULT_DAEMON);
      }
      daemon.setUDPAndTCPAddress(DEFAULT_DAEMON);
    }
    boolean localMode = address == null;
    List<DocumentSink> sinks = new ArrayList<>();
    if (localMode) {
      sinks.add(new JsonLinesSink(telemetryDir.resolve(JsonLinesSink.FILE_NAME)));
    }
    InetSocketAddress udp = daemon.getAddressForEmitter();
    sinks.add(new DaemonSink(udp.getHostString(), udp.getPort()));

    SamplingStrategy sampling = sampling(config, clock, localMode ? null : daemon.getTCPAddress());
    AWSXRayRecorder recorder = new AWSXRayRecorder();
    SegmentEmitter emitter = new SegmentEmitter(sinks, new SegmentDocuments(), () -> warmUp(recorder));
    recorder.setEmitter(emitter);
    recorder.setSamplingStrategy(sampling);
    recorder.setContextMissingStrategy(contextMissing);
    recorder.useFastIdGenerator();

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
            + emitter.describe()
            + (localMode ? " (no " + AwsXrayVariables.DAEMON_ADDRESS + ": default daemon address)" : "")
            + "; sampling: "
            + sampling;
    return new XrayBackend(
        recorder,
        emitter,
        sampling,
        naming,
        config.getBoolean(XraySettings.SAMPLING_OTEL_FOLLOWS),
        logGroups,
        description);
  }

  /** Initialises the SDK's entities and their serialisation, off the app's threads. */
  private static void warmUp(AWSXRayRecorder recorder) {
    new SegmentImpl(recorder, "warm-up", TraceID.fromString("1-00000001-000000000000000000000001")).serialize();
  }

  /**
   * The sampling mode's strategy. Centralized sampling needs a daemon: with none configured (local mode) the local
   * rules decide, without a poller thread trying a daemon that is not there.
   */
  static SamplingStrategy sampling(Config config, Clock clock, String daemonTcpAddress) {
    String mode = config.getChoice(XraySettings.SAMPLING, "centralized", "local", "all", "none");
    switch (mode) {
      case "all":
        return new SamplingRuleFiles.DescribedStrategy(new AllSamplingStrategy(), "all");
      case "none":
        return new SamplingRuleFiles.DescribedStrategy(new NoSamplingStrategy(), "none");
      default:
        break;
    }
    String file = config.getString(XraySettings.SAMPLING_RULES);
    SamplingStrategy local =
        file.isEmpty() ? SamplingRuleFiles.sdkDefault() : SamplingRuleFiles.loadOrDefault(Paths.get(file), clock);
    if (mode.equals("local") || daemonTcpAddress == null) {
      return local;
    }
    Duration refresh = config.getDuration(XraySettings.SAMPLING_RULES_REFRESH);
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
    IncomingTrace incoming = request.incoming();
    String host = request.view().header("Host");
    if (host == null) {
      host = request.serverAddress();
    }
    String name = naming.nameFor(host);
    boolean sampled;
    String rule = null;
    if (incoming.sampled() != null) {
      sampled = incoming.sampled();
    } else {
      SamplingResponse decision =
          sampling.shouldTrace(new SamplingRequest(name, host, request.path(), request.method(), null));
      sampled = decision.isSampled();
      rule = decision.getRuleName().filter(n -> !n.isEmpty()).orElse(null);
    }
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
    SegmentImpl segment = new SegmentImpl(recorder, name, traceId);
    segment.setId(request.spanId());
    segment.setParentId(incoming.parentSpanId());
    segment.setStartTime(request.startEpochNanos() / 1e9);
    segment.putAllAws(awsBlock);
    segment.putAllService(recorder.getServiceRuntimeContext());
    if (rule != null) {
      segment.setRuleName(rule);
    }
    segment.putHttp("request", SegmentHttp.request(request));
    request.backendState(index, segment);
  }

  /**
   * {@code Root=…} like the SDK's servlet filter; the decision is added only when the caller asked for it
   * ({@code Sampled=?}).
   */
  static String responseHeader(ServerRequest request, TraceID traceId, boolean sampled) {
    if (request.incoming().source() == IncomingTrace.Source.XRAY && request.incoming().sampled() == null) {
      TraceHeader incoming = TraceHeader.fromString(request.view().header(RESPONSE_HEADER));
      if (incoming.getSampled() == SampleDecision.REQUESTED) {
        return new TraceHeader(traceId, null, sampled ? SampleDecision.SAMPLED : SampleDecision.NOT_SAMPLED)
            .toString();
      }
    }
    // Not the SDK's TraceHeader here: with no decision it ends in a stray ';'.
    return "Root=" + traceId;
  }

  @Override
  public void onRequestEnd(ServerRequest request, int index) {
    Object state = request.backendState(index);
    if (!(state instanceof Segment)) {
      return;
    }
    Segment segment = (Segment) state;
    SegmentHttp.outcome(segment, request.statusCode(), request.responseContentLength(), request.error());
    Annotations.makeIndexable(segment);
    segment.setEndTime(request.endEpochNanos() / 1e9);
    segment.setInProgress(false);
    emitter.sendSegment(segment);
  }

  /**
   * An outgoing call of a recorded request becomes a {@code remote} subsegment whose id is the call's span id; the
   * call carries {@code X-Amzn-Trace-Id} with this trace, that id as Parent and the request's decision, so the next
   * service records all of the trace or none of it.
   */
  @Override
  public void onClientStart(ClientRequest call, int index) {
    Object state = call.parent().backendState(index);
    String root = "Root=" + TraceIds.toXrayTraceId(call.traceId());
    if (!(state instanceof Segment)) {
      if (state == NOT_SAMPLED) {
        call.setRequestHeader(RESPONSE_HEADER, root + ";Parent=" + call.parent().spanId() + ";Sampled=0");
      }
      return;
    }
    Segment segment = (Segment) state;
    SubsegmentImpl sub =
        new SubsegmentImpl(recorder, call.host() == null ? "remote" : SegmentNaming.valid(call.host()), segment);
    sub.setId(call.spanId());
    sub.setParent(segment);
    sub.setNamespace("remote");
    sub.setStartTime(call.startEpochNanos() / 1e9);
    Map<String, Object> request = new HashMap<>();
    request.put("method", call.method());
    request.put("url", call.url());
    sub.putHttp("request", request);
    segment.addSubsegment(sub);
    call.backendState(index, sub);
    call.setRequestHeader(RESPONSE_HEADER, root + ";Parent=" + call.spanId() + ";Sampled=1");
  }

  @Override
  public void onClientEnd(ClientRequest call, int index) {
    Object state = call.backendState(index);
    if (!(state instanceof SubsegmentImpl)) {
      return;
    }
    SubsegmentImpl sub = (SubsegmentImpl) state;
    SegmentHttp.outcome(sub, call.statusCode(), call.responseContentLength(), call.error());
    sub.setEndTime(call.endEpochNanos() / 1e9);
    sub.setInProgress(false);
    Segment segment = sub.getParentSegment();
    if (!segment.isInProgress()) {
      emitter.sendSubsegment(sub); // the request ended first and its segment is sent: this one follows alone
    } else if (recorder.getStreamingStrategy().requiresStreaming(segment)) {
      recorder.getStreamingStrategy().streamSome(segment, emitter); // the SDK's: finished subsegments go ahead
    }
  }

  @Override
  public void shutdown(Duration timeout) {
    sampling.shutdown();
    emitter.shutdown(timeout);
  }

  SegmentEmitter emitter() {
    return emitter;
  }

  AWSXRayRecorder recorder() {
    return recorder;
  }
}
