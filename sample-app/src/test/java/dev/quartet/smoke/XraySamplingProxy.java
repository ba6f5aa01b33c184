package dev.quartet.smoke;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TCP side of a loopback X-Ray daemon: its sampling proxy, {@code POST /GetSamplingRules} and
 * {@code POST /SamplingTargets}, answering with the rules the test sets (in the service's JSON) and with no new
 * reservoir quotas. {@code LastRuleModification} is the time the rules were last set.
 */
public final class XraySamplingProxy extends LoopbackHttpReceiver {

  private volatile List<String> rules = List.of();
  private volatile double modifiedAt = System.currentTimeMillis() / 1000.0;
  private final AtomicInteger rulesRequests = new AtomicInteger();

  public XraySamplingProxy() {
    this(0);
  }

  public XraySamplingProxy(int port) {
    super("xray-sampling", port);
    route("POST", "/GetSamplingRules", r -> {
      rulesRequests.incrementAndGet();
      StringBuilder records = new StringBuilder();
      for (String rule : rules) {
        if (records.length() > 0) {
          records.append(',');
        }
        records.append("{\"CreatedAt\": 1.7E9, \"ModifiedAt\": ").append(modifiedAt)
            .append(", \"SamplingRule\": ").append(rule).append('}');
      }
      return json("{\"SamplingRuleRecords\": [" + records + "]}");
    });
    route("POST", "/SamplingTargets", r -> json("{\"SamplingTargetDocuments\": [], \"LastRuleModification\": "
        + modifiedAt + ", \"UnprocessedStatistics\": []}"));
  }

  private static Reply json(String body) {
    return Reply.of(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  /** Replaces the rules (each a SamplingRule object in the service's JSON). */
  public void rules(String... samplingRules) {
    rules = List.of(samplingRules);
    modifiedAt = System.currentTimeMillis() / 1000.0;
  }

  /** GetSamplingRules requests answered so far. */
  public int rulesRequests() {
    return rulesRequests.get();
  }

  /** A SamplingRule as {@code aws xray get-sampling-rules} shows it. */
  public static String rule(String name, int priority, double fixedRate, int reservoirSize, String serviceName,
      String urlPath) {
    return "{\"RuleName\": \"" + name + "\", \"RuleARN\": \"arn:aws:xray:us-east-1:123456789012:sampling-rule/" + name
        + "\", \"ResourceARN\": \"*\", \"Priority\": " + priority + ", \"FixedRate\": " + fixedRate
        + ", \"ReservoirSize\": " + reservoirSize + ", \"ServiceName\": \"" + serviceName
        + "\", \"ServiceType\": \"*\", \"Host\": \"*\", \"HTTPMethod\": \"*\", \"URLPath\": \"" + urlPath
        + "\", \"Version\": 1, \"Attributes\": {}}";
  }

  /** The account's Default rule with the given rate and reservoir. */
  public static String defaultRule(double fixedRate, int reservoirSize) {
    return "{\"RuleName\": \"Default\", \"ResourceARN\": \"*\", \"Priority\": 10000, \"FixedRate\": " + fixedRate
        + ", \"ReservoirSize\": " + reservoirSize + ", \"ServiceName\": \"*\", \"ServiceType\": \"*\", \"Host\": \"*\","
        + " \"HTTPMethod\": \"*\", \"URLPath\": \"*\", \"Version\": 1, \"Attributes\": {}}";
  }
}
