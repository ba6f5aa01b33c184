package dev.quartet.backend.rollbar;

import com.rollbar.api.payload.data.Data;
import com.rollbar.api.payload.data.Server;
import com.rollbar.api.payload.data.body.Body;
import com.rollbar.api.payload.data.body.Trace;
import com.rollbar.api.payload.data.body.TraceChain;
import com.rollbar.notifier.Rollbar;
import com.rollbar.notifier.config.Config;
import com.rollbar.notifier.config.ConfigBuilder;
import com.rollbar.notifier.sender.Sender;
import com.rollbar.notifier.wrapper.RollbarThrowableWrapper;
import com.rollbar.notifier.wrapper.ThrowableWrapper;
import dev.quartet.core.ThrowableCopy;
import dev.quartet.core.TraceIds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns {@link Occurrence}s into Rollbar items with rollbar-java: Quartet's own {@link Rollbar} instance (never the
 * {@code Rollbar.init} singleton, so an app that uses rollbar-java itself keeps its own), configured with providers
 * that read the occurrence being reported. Used by the sender thread only.
 */
final class RollbarItems {
  /** Causes beyond this are left out (and a cycle of causes ends the chain). */
  static final int MAX_CAUSES = 16;

  private final Rollbar rollbar;
  private final String traceUrl;
  private Occurrence current;

  RollbarItems(String environment, String codeVersion, String host, String traceUrl, Sender sender) {
    this.traceUrl = traceUrl;
    Server server = new Server.Builder().host(host).codeVersion(codeVersion).build();
    Config config =
        ConfigBuilder.withAccessToken(null) // sent in the X-Rollbar-Access-Token header only, never in the body
            .environment(environment)
            .codeVersion(codeVersion)
            .handleUncaughtErrors(false) // Quartet captures uncaught exceptions itself, without replacing handlers
            .truncateLargePayloads(false) // done by the sender, off the app's threads
            .sender(sender)
            .context(() -> current.context)
            .request(() -> current.request)
            .person(() -> current.person)
            .server(() -> server)
            .timestamp(() -> current.epochMillis)
            .uuidGenerator(data -> UUID.randomUUID().toString())
            .transformer(RollbarItems::alwaysTraceChain)
            .build();
    this.rollbar = new Rollbar(config);
  }

  /** Builds the item of {@code o} and hands it to the sender (on this thread). */
  void report(Occurrence o) {
    current = o;
    try {
      ThrowableWrapper error = o.error == null ? null : wrap(o.error, o.secrets);
      String description = Scrubber.scrubText(o.message, o.secrets);
      rollbar.log(error, custom(o), description, o.level, o.uncaught);
    } finally {
      current = null;
    }
  }

  private Map<String, Object> custom(Occurrence o) {
    Map<String, Object> custom = new LinkedHashMap<>();
    if (o.traceId != null) {
      String xray = TraceIds.toXrayTraceId(o.traceId);
      custom.put("trace_id", o.traceId);
      custom.put("xray_trace_id", xray);
      custom.put("span_id", o.spanId);
      if (traceUrl != null) {
        custom.put(
            "trace_url",
            traceUrl.replace("{trace_id}", o.traceId).replace("{xray_trace_id}", xray).replace("{span_id}", o.spanId));
      }
    }
    custom.put("thread", o.thread);
    if (o.logger != null) {
      custom.put("logger", o.logger);
      custom.put("log_level", o.logLevel);
    }
    if (o.suppressed > 0) {
      custom.put("suppressed_occurrences", o.suppressed);
    }
    return custom;
  }

  /**
   * rollbar-java's view of a throwable and its causes, built here rather than by rollbar-java because its own
   * recursion has no bound (a cycle of causes would overflow the stack) and because messages are scrubbed.
   */
  static ThrowableWrapper wrap(Throwable error, List<String> secrets) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && chain.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
      chain.add(t);
    }
    ThrowableWrapper wrapped = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      Throwable t = chain.get(i);
      wrapped =
          new RollbarThrowableWrapper(
              ThrowableCopy.typeName(t), Scrubber.scrubText(messageOf(t), secrets), t.getStackTrace(), wrapped);
    }
    return wrapped;
  }

  private static String messageOf(Throwable t) {
    try {
      return t.getMessage();
    } catch (RuntimeException e) {
      return "(getMessage() threw " + e.getClass().getName() + ")";
    }
  }

  /** {@code trace_chain} for every exception, one element when there is no cause, so items have one shape. */
  static Data alwaysTraceChain(Data data) {
    Body body = data.getBody();
    if (body == null || !(body.getContents() instanceof Trace)) {
      return data;
    }
    TraceChain chain =
        new TraceChain.Builder().traces(Collections.singletonList((Trace) body.getContents())).build();
    return new Data.Builder(data).body(new Body.Builder(body).bodyContent(chain).build()).build();
  }
}
