package dev.quartet.backend.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Wraps the sampler configured by {@code OTEL_TRACES_SAMPLER}: a span whose parent context carries a decision another
 * backend made for every backend ({@link dev.quartet.core.ServerRequest#sharedSamplingDecision()}) follows it; every
 * other span is left to the configured sampler.
 */
final class SharedDecisionSampler implements Sampler {
  private static final ContextKey<Boolean> DECISION = ContextKey.named("quartet-shared-sampling-decision");

  private final Sampler configured;

  SharedDecisionSampler(Sampler configured) {
    this.configured = configured;
  }

  /** {@code parent} carrying {@code decision} for the span started under it. */
  static Context withDecision(Context parent, boolean decision) {
    return parent.with(DECISION, decision);
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    Boolean decision = parentContext.get(DECISION);
    if (decision == null) {
      return configured.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }
    return decision ? SamplingResult.recordAndSample() : SamplingResult.drop();
  }

  @Override
  public String getDescription() {
    return "QuartetSharedDecision{" + configured.getDescription() + "}";
  }

  @Override
  public String toString() {
    return getDescription();
  }
}
