package dev.quartet.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.config.Config;
import dev.quartet.core.Dispatcher;
import dev.quartet.core.ServerRequest;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedDecisionSamplerTest {

    @TempDir
    Path dir;

    private static SamplingDecision decide(Sampler sampler, Context parent) {
        return sampler.shouldSample(parent, "6b00fe70b31595e647c220b340c042f2", "GET /", SpanKind.SERVER,
                Attributes.empty(), Collections.emptyList()).getDecision();
    }

    @Test
    void aSharedDecisionOverridesTheConfiguredSamplerAndNothingElseDoes() {
        Sampler sampler = new SharedDecisionSampler(Sampler.alwaysOn());
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, Context.root()));
        assertEquals(SamplingDecision.DROP, decide(sampler, SharedDecisionSampler.withDecision(Context.root(), false)));
        Sampler never = new SharedDecisionSampler(Sampler.alwaysOff());
        assertEquals(SamplingDecision.DROP, decide(never, Context.root()));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE,
                decide(never, SharedDecisionSampler.withDecision(Context.root(), true)));
        assertEquals("QuartetSharedDecision{AlwaysOffSampler}", never.getDescription());
    }

    /** Through the real SDK as the backend configures it: the default parent-based always-on sampler. */
    @Test
    void theOtelBackendFollowsADecisionSharedByAnEarlierBackend() {
        Config config = Config.load(new HashMap<>(), new Properties(), p -> { });
        OtelBackend otel = OtelBackend.create(config, dir, "test");
        try {
            assertTrue(otel.awaitReady(Duration.ofSeconds(20)), "the OpenTelemetry SDK was not made");
            Dispatcher dispatcher = new Dispatcher(List.of(otel));
            Map<String, String> none = Map.of();

            ServerRequest own = new ServerRequest().method("GET").path("/");
            dispatcher.start(own, none::get);
            assertTrue(own.sampled(), "no shared decision: parent-based always-on samples");

            ServerRequest shared = new ServerRequest().method("GET").path("/");
            shared.shareSamplingDecision(false);
            dispatcher.start(shared, none::get);
            assertFalse(shared.sampled());
            assertFalse(((Span) shared.backendState(0)).getSpanContext().isSampled());
            assertFalse(OtelBackend.parentContext(own).equals(OtelBackend.parentContext(shared)));
        } finally {
            otel.shutdown(Duration.ofSeconds(2));
        }
    }
}
