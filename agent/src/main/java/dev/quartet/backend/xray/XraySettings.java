package dev.quartet.backend.xray;

import dev.quartet.config.Setting;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every {@code quartet.xray.*} setting of the X-Ray backend (documented in docs/CONFIGURATION.md). The X-Ray SDK's
 * own variables ({@code AWS_XRAY_DAEMON_ADDRESS}, {@code AWS_XRAY_TRACING_NAME}, {@code AWS_XRAY_CONTEXT_MISSING},
 * {@code AWS_LOG_GROUP}) keep their SDK names and meaning: see {@link AwsXrayVariables}.
 */
public final class XraySettings {
  private XraySettings() {}

  public static final Setting ENABLED = new Setting("quartet.xray.enabled", "true", "The X-Ray backend.");

  public static final Setting SAMPLING =
      new Setting(
          "quartet.xray.sampling",
          "centralized",
          "centralized (the X-Ray service's rules through the daemon, local rules as the fallback), local (the rules"
              + " of quartet.xray.sampling.rules), all or none.");

  public static final Setting SAMPLING_RULES =
      new Setting(
          "quartet.xray.sampling.rules",
          "",
          "A sampling rule file: the create-sampling-rule --cli-input-json format (aws/json/xray.json) or the X-Ray"
              + " SDK's local rule file (version 1 or 2). The local rules, and the fallback of centralized sampling.");

  public static final Setting SAMPLING_RULES_REFRESH =
      new Setting(
          "quartet.xray.sampling.rules-refresh",
          "5m",
          "Centralized sampling: how often the rules are fetched from the daemon (the SDK's fixed 300 s).");

  public static final Setting SAMPLING_OTEL_FOLLOWS =
      new Setting(
          "quartet.xray.sampling.otel-follows",
          "false",
          "true: the OpenTelemetry backend records exactly the requests X-Ray samples, instead of sampling by"
              + " OTEL_TRACES_SAMPLER.");

  public static final Setting DYNAMIC_NAMING =
      new Setting(
          "quartet.xray.dynamic-naming",
          "",
          "A Host header pattern (* and ?): requests whose Host matches get a segment named after the Host; others"
              + " the fixed name. AWS_XRAY_URL is read when this is unset.");

  public static final List<Setting> ALL =
      Collections.unmodifiableList(
          Arrays.asList(
              ENABLED, SAMPLING, SAMPLING_RULES, SAMPLING_RULES_REFRESH, SAMPLING_OTEL_FOLLOWS, DYNAMIC_NAMING));
}
