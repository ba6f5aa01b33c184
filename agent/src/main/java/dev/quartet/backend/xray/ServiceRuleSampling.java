package dev.quartet.backend.xray;

import com.amazonaws.xray.strategy.sampling.GetSamplingRulesResponse.SamplingRule;
import com.amazonaws.xray.strategy.sampling.GetSamplingTargetsResponse.SamplingTargetDocument;
import com.amazonaws.xray.strategy.sampling.SamplingRequest;
import com.amazonaws.xray.strategy.sampling.SamplingResponse;
import com.amazonaws.xray.strategy.sampling.SamplingStrategy;
import com.amazonaws.xray.strategy.sampling.manifest.CentralizedManifest;
import com.amazonaws.xray.strategy.sampling.rule.CentralizedRule;
import com.amazonaws.xray.strategy.sampling.rule.Rule;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * Sampling rules in the X-Ray service's own format (create-sampling-rule, get-sampling-rules), evaluated here as the
 * service evaluates them for a fleet of one: rules in priority order (ties by name), the first whose service name,
 * host, method, path and service type all match wins, {@code ReservoirSize} requests a second, then
 * {@code FixedRate} of the rest; the Default rule comes last. The matching, ordering and reservoir are the SDK's own
 * (its centralized manifest and rules); the service's part, handing each rule its reservoir quota, is played by a
 * target that never expires.
 */
final class ServiceRuleSampling implements SamplingStrategy {
  static final String DEFAULT_RULE = CentralizedRule.DEFAULT_RULE_NAME;
  /** The Default rule every X-Ray account has until its owner changes it: 1 request a second, then 5%. */
  static final SamplingRule SERVICE_DEFAULT =
      SamplingRule.create(
          null, 0.05, "*", "*", 10000, 1, "*", null, DEFAULT_RULE, "*", "*", "*", 1);

  private static final Date NEVER = new Date(Long.MAX_VALUE);

  private final CentralizedManifest manifest = new CentralizedManifest();
  private final Clock clock;
  private final String description;

  /** {@code rules} must be valid ({@link #problem}); the service's Default rule is added when they have none. */
  ServiceRuleSampling(List<SamplingRule> rules, Clock clock, String description) {
    this.clock = clock;
    this.description = description;
    List<SamplingRule> all = new ArrayList<>(rules);
    if (all.stream().noneMatch(r -> DEFAULT_RULE.equals(r.getRuleName()))) {
      all.add(SERVICE_DEFAULT);
    }
    Instant now = clock.instant();
    manifest.putRules(all, now);
    List<SamplingTargetDocument> quotas = new ArrayList<>();
    for (SamplingRule r : all) {
      quotas.add(SamplingTargetDocument.create(r.getFixedRate(), null, r.getReservoirSize(), NEVER, r.getRuleName()));
    }
    manifest.putTargets(quotas, now);
  }

  /** Why the service would refuse {@code rule}, or null when it is valid. */
  static String problem(SamplingRule rule) {
    if (rule.getRuleName() == null || rule.getRuleName().trim().isEmpty()) {
      return "RuleName is missing";
    }
    if (rule.getFixedRate() == null || rule.getFixedRate() < 0 || rule.getFixedRate() > 1) {
      return "FixedRate must be a number from 0 to 1";
    }
    if (rule.getReservoirSize() == null || rule.getReservoirSize() < 0) {
      return "ReservoirSize must be 0 or more";
    }
    if (DEFAULT_RULE.equals(rule.getRuleName())) {
      return null;
    }
    if (rule.getPriority() == null || rule.getPriority() < 1 || rule.getPriority() > 9999) {
      return "Priority must be from 1 to 9999";
    }
    if (rule.getServiceName() == null
        || rule.getServiceType() == null
        || rule.getHost() == null
        || rule.getHttpMethod() == null
        || rule.getUrlPath() == null) {
      return "ServiceName, ServiceType, Host, HTTPMethod and URLPath are required";
    }
    if (!"*".equals(rule.getResourceArn())) {
      return "ResourceARN must be \"*\" (a request of this app has no AWS resource to match)";
    }
    if (rule.getVersion() == null || rule.getVersion() != 1) {
      return "Version must be 1";
    }
    return null;
  }

  @Override
  public SamplingResponse shouldTrace(SamplingRequest request) {
    Instant now = clock.instant();
    Rule rule = manifest.match(request, now);
    return rule == null ? new SamplingResponse(false) : rule.sample(now);
  }

  /** The rules' names in the order they are tried, the Default rule last. */
  List<String> ruleNames() {
    List<String> names = new ArrayList<>(manifest.getRules().keySet());
    names.add(DEFAULT_RULE);
    return Collections.unmodifiableList(names);
  }

  @Override
  public boolean isForcedSamplingSupported() {
    return false;
  }

  @Override
  public String toString() {
    return description;
  }
}
