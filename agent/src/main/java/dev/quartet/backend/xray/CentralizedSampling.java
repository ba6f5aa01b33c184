package dev.quartet.backend.xray;

import com.amazonaws.xray.internal.UnsignedXrayClient;
import com.amazonaws.xray.strategy.sampling.GetSamplingRulesRequest;
import com.amazonaws.xray.strategy.sampling.GetSamplingRulesResponse;
import com.amazonaws.xray.strategy.sampling.GetSamplingRulesResponse.SamplingRule;
import com.amazonaws.xray.strategy.sampling.GetSamplingTargetsRequest;
import com.amazonaws.xray.strategy.sampling.GetSamplingTargetsResponse;
import com.amazonaws.xray.strategy.sampling.SamplingRequest;
import com.amazonaws.xray.strategy.sampling.SamplingResponse;
import com.amazonaws.xray.strategy.sampling.SamplingStrategy;
import com.amazonaws.xray.strategy.sampling.manifest.CentralizedManifest;
import com.amazonaws.xray.strategy.sampling.rule.Rule;
import dev.quartet.core.AgentLog;
import dev.quartet.core.Throwables;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Centralized sampling as the X-Ray SDK does it — the rules and reservoir quotas of the X-Ray service, fetched through
 * the daemon's sampling proxy ({@code POST /GetSamplingRules}, {@code POST /SamplingTargets}), local rules until the
 * first answer and whenever the rules are older than an hour — with the SDK's pains removed: one daemon poller thread
 * instead of two non-daemon ones, a configurable rules interval, the rules re-fetched as soon as the service says
 * they changed ({@code LastRuleModification}) and within seconds after a failed fetch, and one line when the daemon cannot be reached, then silence until it
 * answers again (one more line).
 */
final class CentralizedSampling implements SamplingStrategy {
  static final Duration TARGETS_INTERVAL = Duration.ofSeconds(10);
  /** After a failed rules fetch: the first retry, doubled after each further failure up to the rules interval. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofSeconds(60);
  private static final String UNREACHABLE_KEY = "xray.sampling.unreachable";

  private enum ProxyState {
    UNKNOWN,
    ANSWERING,
    UNREACHABLE
  }

  private final CentralizedManifest manifest = new CentralizedManifest();
  private final SamplingStrategy fallback;
  private final UnsignedXrayClient client;
  private final String endpoint;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor poller;
  private volatile ProxyState state = ProxyState.UNKNOWN;
  private volatile Instant rulesFetchedAt = Instant.EPOCH;
  private long rulesIntervalMillis;
  /** Failed rules fetches in a row (poller thread only). */
  private int rulesFailures;

  CentralizedSampling(String tcpAddress, SamplingStrategy fallback, Clock clock) {
    this.endpoint = "http://" + tcpAddress;
    this.client = newClient(endpoint);
    this.fallback = fallback;
    this.clock = clock;
    this.poller =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "quartet-xray-sampling");
              t.setDaemon(true);
              return t;
            });
    poller.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** The SDK's client for the daemon's sampling proxy; its constructor taking the address is not public. */
  private static UnsignedXrayClient newClient(String endpoint) {
    try {
      Constructor<UnsignedXrayClient> c = UnsignedXrayClient.class.getDeclaredConstructor(String.class);
      c.setAccessible(true);
      return c.newInstance(endpoint);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("the X-Ray SDK's sampling client cannot be made for " + endpoint, e);
    }
  }

  /** Starts polling: the rules now and every {@code rulesInterval}, the reservoir quotas every 10 s. */
  CentralizedSampling start(Duration rulesInterval) {
    rulesIntervalMillis = Math.max(1000, rulesInterval.toMillis());
    poller.schedule(this::pollRulesAndReschedule, 0, TimeUnit.MILLISECONDS);
    long targetsMillis = TARGETS_INTERVAL.toMillis();
    poller.scheduleWithFixedDelay(this::pollTargets, targetsMillis, targetsMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  String endpoint() {
    return endpoint;
  }

  /**
   * Fetches the rules, then schedules the next fetch: after the rules interval when it worked; after a failure soon
   * (1 s, doubling, at most a minute or the interval), so that a daemon that comes back is used within seconds rather
   * than at the next scheduled fetch, up to 5 minutes later (what the SDK's poller does too).
   */
  private void pollRulesAndReschedule() {
    long next;
    try {
      next = pollRules() ? rulesIntervalMillis : retryDelayMillis(++rulesFailures, rulesIntervalMillis);
      if (next == rulesIntervalMillis) {
        rulesFailures = 0;
      }
    } catch (Throwable t) {
      next = rulesIntervalMillis;
    }
    try {
      poller.schedule(this::pollRulesAndReschedule, next, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      // shut down
    }
  }

  /** The wait before retry number {@code failures} (1, 2, …): 1 s, 2 s, 4 s … at most a minute or the interval. */
  static long retryDelayMillis(int failures, long intervalMillis) {
    long cap = Math.min(MAX_RETRY.toMillis(), intervalMillis);
    long delay = FIRST_RETRY.toMillis() << Math.min(failures - 1, 20);
    return Math.min(delay, cap);
  }

  /** True when the rules were fetched. */
  boolean pollRules() {
    try {
      GetSamplingRulesResponse response = client.getSamplingRules(GetSamplingRulesRequest.create(null));
      List<SamplingRule> rules = new ArrayList<>();
      for (GetSamplingRulesResponse.SamplingRuleRecord record : response.getSamplingRuleRecords()) {
        SamplingRule rule = record.getSamplingRule();
        if (rule != null && ServiceRuleSampling.problem(rule) == null) {
          rules.add(rule);
        }
      }
      Instant now = clock.instant();
      manifest.putRules(rules, now);
      rulesFetchedAt = now;
      answered(rules.size() + " rules");
      return true;
    } catch (Throwable t) {
      unreachable(t);
      return false;
    }
  }

  void pollTargets() {
    try {
      List<GetSamplingTargetsRequest.SamplingStatisticsDocument> statistics = manifest.snapshots(clock.instant());
      if (statistics.isEmpty()) {
        return;
      }
      GetSamplingTargetsResponse response = client.getSamplingTargets(GetSamplingTargetsRequest.create(statistics));
      manifest.putTargets(response.getDocuments(), clock.instant());
      answered("quotas");
      Date modified = response.getLastRuleModification();
      if (modified != null && modified.toInstant().isAfter(rulesFetchedAt)) {
        pollRules();
      }
    } catch (Throwable t) {
      unreachable(t);
    }
  }

  private void answered(String what) {
    ProxyState before = state;
    state = ProxyState.ANSWERING;
    if (before == ProxyState.UNREACHABLE) {
      AgentLog.resetOnce(UNREACHABLE_KEY);
      AgentLog.info("xray: the X-Ray daemon's sampling proxy at " + endpoint + " answers again: centralized rules");
    } else if (AgentLog.isDebug()) {
      AgentLog.debug("xray: sampling proxy " + endpoint + ": " + what);
    }
  }

  private void unreachable(Throwable t) {
    state = ProxyState.UNREACHABLE;
    Throwable root = Throwables.rootCause(t);
    AgentLog.warnOnce(
        UNREACHABLE_KEY,
        "xray: the X-Ray daemon's sampling proxy at "
            + endpoint
            + " cannot be reached ("
            + Throwables.withoutShadedPrefix(String.valueOf(root))
            + "); sampling by "
            + fallback
            + " until it answers (no more messages until then)",
        null);
  }

  @Override
  public SamplingResponse shouldTrace(SamplingRequest request) {
    Instant now = clock.instant();
    if (manifest.isExpired(now)) {
      return fallback.shouldTrace(request);
    }
    Rule rule = manifest.match(request, now);
    return rule == null ? fallback.shouldTrace(request) : rule.sample(now);
  }

  @Override
  public boolean isForcedSamplingSupported() {
    return false;
  }

  @Override
  public void shutdown() {
    poller.shutdownNow();
  }

  @Override
  public String toString() {
    return "centralized rules from " + endpoint + ", fallback " + fallback;
  }
}
