package dev.quartet.backend.xray;

import com.amazonaws.xray.strategy.sampling.GetSamplingRulesResponse.SamplingRule;
import com.amazonaws.xray.strategy.sampling.LocalizedSamplingStrategy;
import com.amazonaws.xray.strategy.sampling.SamplingRequest;
import com.amazonaws.xray.strategy.sampling.SamplingResponse;
import com.amazonaws.xray.strategy.sampling.SamplingStrategy;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quartet.core.AgentLog;
import dev.quartet.core.Throwables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a local sampling rule file in any of the formats X-Ray users have at hand: the input of
 * {@code aws xray create-sampling-rule --cli-input-json} ({@code {"SamplingRule": {…}}}, like the Cruddur seed's
 * aws/json/xray.json), the output of {@code aws xray get-sampling-rules} ({@code {"SamplingRuleRecords": […]}}), or
 * the X-Ray SDK's own local rule file ({@code {"version": 1|2, "rules": […], "default": {…}}}).
 */
final class SamplingRuleFiles {
  static final String SDK_DEFAULT_DESCRIPTION = "the X-Ray SDK's default rule (1 request/s, then 5%)";

  /** Made when a rule file is read, not when the SDK's default rules are all a start needs (centralized mode's). */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(JsonParser.Feature.ALLOW_COMMENTS, true);
  }

  private SamplingRuleFiles() {}

  /** The SDK's bundled default rules, the fallback when no file is given or the file is unusable. */
  static SamplingStrategy sdkDefault() {
    // the X-Ray service's Default rule, which the SDK's default rule copies: segments name it as X-Ray would
    return new DescribedStrategy(
        new LocalizedSamplingStrategy(), SDK_DEFAULT_DESCRIPTION, ServiceRuleSampling.DEFAULT_RULE);
  }

  /** The rules of {@code file}; a file that cannot be used is reported in one line and the SDK's default is used. */
  static SamplingStrategy loadOrDefault(Path file, Clock clock) {
    return loadOrDefault(file, clock, AgentLog::warn);
  }

  /** As above, each problem of the file told to {@code problems} (a setting problem: counted in strict mode). */
  static SamplingStrategy loadOrDefault(Path file, Clock clock, Consumer<String> problems) {
    try {
      return load(file, clock, problems);
    } catch (IOException | RuntimeException e) {
      problems.accept(
          "xray: sampling rule file "
              + file
              + " cannot be used: "
              + (e.getMessage() == null ? e.toString() : e.getMessage())
              + "; using "
              + SDK_DEFAULT_DESCRIPTION);
      return sdkDefault();
    }
  }

  static SamplingStrategy load(Path file, Clock clock) throws IOException {
    return load(file, clock, AgentLog::warn);
  }

  static SamplingStrategy load(Path file, Clock clock, Consumer<String> problems) throws IOException {
    JsonNode root = Json.MAPPER.readTree(file.toFile());
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    List<JsonNode> ruleNodes = new ArrayList<>();
    if (root.has("SamplingRule")) {
      ruleNodes.add(root.get("SamplingRule"));
    } else if (root.has("SamplingRuleRecords")) {
      for (JsonNode record : root.get("SamplingRuleRecords")) {
        ruleNodes.add(record.get("SamplingRule"));
      }
    } else if (root.has("version")) {
      int version = root.get("version").asInt();
      if (version != 1 && version != 2) {
        throw new IllegalArgumentException("X-Ray SDK rule file version " + root.get("version") + " (1 or 2 expected)");
      }
      if (!Files.isReadable(file)) {
        throw new IOException("not readable");
      }
      return new DescribedStrategy(
          new LocalizedSamplingStrategy(file.toUri().toURL()), "the X-Ray SDK rules of " + file);
    } else {
      throw new IllegalArgumentException(
          "expected {\"SamplingRule\": {...}} (create-sampling-rule --cli-input-json), {\"SamplingRuleRecords\": [...]}"
              + " (get-sampling-rules) or the X-Ray SDK's {\"version\": 2, \"rules\": [...], \"default\": {...}}");
    }
    List<SamplingRule> rules = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (JsonNode node : ruleNodes) {
      SamplingRule rule = null;
      String problem;
      try {
        rule = node == null || !node.isObject() ? null : Json.MAPPER.treeToValue(node, SamplingRule.class);
        problem = rule == null ? "not a rule object" : ServiceRuleSampling.problem(rule);
      } catch (IOException | RuntimeException e) {
        problem = "not a complete rule (" + Throwables.rootCause(e).getMessage() + ")";
      }
      if (problem != null) {
        problems.accept(
            "xray: sampling rule file " + file + ": rule " + (rule == null ? "" : "\"" + rule.getRuleName() + "\" ")
                + "ignored: " + problem);
        continue;
      }
      rules.add(rule);
      names.add(rule.getRuleName());
    }
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("no valid rule");
    }
    return new ServiceRuleSampling(rules, clock, "rules " + String.join(", ", names) + " of " + file);
  }

  /** A strategy that says what it is in the startup line. */
  static final class DescribedStrategy implements SamplingStrategy {
    private final SamplingStrategy delegate;
    private final String description;
    /** The rule name of the decisions that carry none (the SDK's local strategy names no rule), or null. */
    private final String ruleName;

    DescribedStrategy(SamplingStrategy delegate, String description) {
      this(delegate, description, null);
    }

    DescribedStrategy(SamplingStrategy delegate, String description, String ruleName) {
      this.delegate = delegate;
      this.description = description;
      this.ruleName = ruleName;
    }

    @Override
    public SamplingResponse shouldTrace(
        SamplingRequest request) {
      SamplingResponse decision = delegate.shouldTrace(request);
      if (ruleName != null && !decision.getRuleName().isPresent()) {
        return new SamplingResponse(decision.isSampled(), ruleName);
      }
      return decision;
    }

    @Override
    public boolean isForcedSamplingSupported() {
      return false;
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public String toString() {
      return description;
    }
  }
}
