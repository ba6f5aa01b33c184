package dev.quartet.backend.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.xray.strategy.sampling.SamplingRequest;
import com.amazonaws.xray.strategy.sampling.SamplingResponse;
import com.amazonaws.xray.strategy.sampling.SamplingStrategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's rule file and the X-Ray service's rule semantics, on a clock the test sets. */
class ServiceRuleSamplingTest {

    /** The Cruddur seed, aws/json/xray.json: ReservoirSize 5, FixedRate 0.1, ServiceName backend-flask. */
    static final Path SEED = Paths.get(System.getProperty("user.dir")).resolve("../aws/json/xray.json").normalize();

    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    static final class SettableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(T0);

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static SamplingRequest request(String service, String host, String path, String method) {
        return new SamplingRequest(service, host, path, method, null);
    }

    static SamplingRequest backendFlask() {
        return request("backend-flask", "localhost:4567", "/api/activities/home", "GET");
    }

    private Path file(String json) throws IOException {
        Path f = dir.resolve("rules.json");
        Files.write(f, json.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    @Test
    void thousandRequestsInOneSecondSampleTheReservoirThenTenPercent() throws IOException {
        SettableClock clock = new SettableClock();
        SamplingStrategy seed = SamplingRuleFiles.load(SEED, clock);
        assertInstanceOf(ServiceRuleSampling.class, seed);

        int sampled = 0;
        for (int i = 0; i < 1000; i++) {
            clock.now.set(T0.plusMillis(i)); // all within one second
            SamplingResponse r = seed.shouldTrace(backendFlask());
            assertEquals("Cruddur", r.getRuleName().orElse(null), "request " + i + " must match the seed's rule");
            if (i < 5) {
                assertTrue(r.isSampled(), "the reservoir samples the first 5 requests of the second; request " + i);
            }
            if (r.isSampled()) {
                sampled++;
            }
        }
        // The 995 requests after the reservoir are sampled at FixedRate 0.1: Binomial(n = 995, p = 0.1), mean 99.5,
        // standard deviation sqrt(995 * 0.1 * 0.9) = 9.46. Five standard deviations either side, [52, 147], fail a
        // correct evaluator about once in 1.7 million runs; no rate (0), rate 1 (995) or a reservoir used as a
        // rate all fall outside.
        int byRate = sampled - 5;
        assertTrue(byRate >= 52 && byRate <= 147, "sampled by FixedRate 0.1 of 995: " + byRate);

        // The next second has a fresh reservoir of 5.
        for (int i = 0; i < 5; i++) {
            clock.now.set(T0.plusSeconds(1).plusMillis(i));
            assertTrue(seed.shouldTrace(backendFlask()).isSampled(), "reservoir of the next second, request " + i);
        }
    }

    @Test
    void aRuleForAnotherServiceNameDoesNotMatch() throws IOException {
        SettableClock clock = new SettableClock();
        SamplingStrategy seed = SamplingRuleFiles.load(SEED, clock);
        SamplingResponse other = seed.shouldTrace(request("frontend-react-js", "localhost:3000", "/", "GET"));
        assertEquals("Default", other.getRuleName().orElse(null));
        // The service's Default rule: 1 a second, then 5%.
        assertTrue(other.isSampled(), "the Default rule's reservoir of 1");
        int sampled = 0;
        for (int i = 1; i < 1000; i++) {
            clock.now.set(T0.plusMillis(i));
            if (seed.shouldTrace(request("frontend-react-js", "h", "/", "GET")).isSampled()) {
                sampled++;
            }
        }
        // Binomial(999, 0.05): mean 49.95, sd 6.89; five sd either side.
        assertTrue(sampled >= 15 && sampled <= 85, "Default rule FixedRate 0.05 of 999: " + sampled);
    }

    @Test
    void priorityOrderThenNameThenDefaultLastWithCaseInsensitiveWildcards() throws IOException {
        Path f = file("{\"SamplingRuleRecords\": ["
                + record("b-health", 10, 1.0, 0, "backend-*", "*", "GET", "/api/health-check", "*")
                + "," + record("a-health", 10, 0.0, 0, "backend-*", "*", "GET", "/api/health-check", "*")
                + "," + record("posts", 5, 1.0, 0, "*", "*.EXAMPLE.com", "P?ST", "/api/*", "*")
                + "," + record("typed", 1, 1.0, 0, "*", "*", "*", "*", "AWS::EC2::Instance")
                + "," + record("Default", 10000, 0.0, 0, "*", "*", "*", "*", "*")
                + "]}");
        SettableClock clock = new SettableClock();
        SamplingStrategy rules = SamplingRuleFiles.load(f, clock);
        assertEquals(List.of("typed", "posts", "a-health", "b-health", "Default"),
                ((ServiceRuleSampling) rules).ruleNames());
        // Same priority: a-health wins by name, and samples nothing.
        SamplingResponse health = rules.shouldTrace(request("backend-flask", "x", "/api/health-check", "GET"));
        assertEquals("a-health", health.getRuleName().orElse(null));
        assertFalse(health.isSampled());
        // Host and method patterns, case-insensitive, ? for one character.
        assertEquals("posts", rules.shouldTrace(request("svc", "api.example.COM", "/api/activities", "POST"))
                .getRuleName().orElse(null));
        assertEquals("Default", rules.shouldTrace(request("svc", "api.example.org", "/api/activities", "POST"))
                .getRuleName().orElse(null));
        // Service type: a request of this app has none, so a typed rule never matches it.
        assertEquals("Default", rules.shouldTrace(request("svc", "h", "/x", "GET")).getRuleName().orElse(null));
        assertFalse(rules.shouldTrace(request("svc", "h", "/x", "GET")).isSampled(), "the file's own Default rule");
    }

    @Test
    void invalidRulesAreLeftOutAndAFileWithoutValidRulesFallsBackToTheSdkDefault() throws IOException {
        Path f = file("{\"SamplingRuleRecords\": ["
                + record("too-likely", 1, 1.5, 0, "*", "*", "*", "*", "*")
                + "," + record("fine", 2, 1.0, 0, "*", "*", "*", "*", "*") + "]}");
        SamplingStrategy rules = SamplingRuleFiles.load(f, new SettableClock());
        assertEquals(List.of("fine", "Default"), ((ServiceRuleSampling) rules).ruleNames());

        Path none = file("{\"SamplingRule\": {\"RuleName\": \"x\", \"FixedRate\": 0.5}}");
        SamplingStrategy fallback = SamplingRuleFiles.loadOrDefault(none, new SettableClock());
        assertEquals(SamplingRuleFiles.SDK_DEFAULT_DESCRIPTION, fallback.toString());

        SamplingStrategy notRules = SamplingRuleFiles.loadOrDefault(file("[1, 2]"), new SettableClock());
        assertEquals(SamplingRuleFiles.SDK_DEFAULT_DESCRIPTION, notRules.toString());
    }

    @Test
    void theSdkLocalRuleFormatVersionTwoIsAccepted() throws IOException {
        Path f = file("{\"version\": 2, \"rules\": [{\"description\": \"health\", \"host\": \"*\","
                + " \"http_method\": \"GET\", \"url_path\": \"/api/health-check\", \"fixed_target\": 0, \"rate\": 0.0}],"
                + " \"default\": {\"fixed_target\": 0, \"rate\": 1.0}}");
        SamplingStrategy rules = SamplingRuleFiles.load(f, new SettableClock());
        assertFalse(rules.shouldTrace(request("svc", "h", "/api/health-check", "GET")).isSampled());
        assertTrue(rules.shouldTrace(request("svc", "h", "/api/activities/home", "GET")).isSampled());
    }

    static String record(String name, int priority, double rate, int reservoir, String service, String host,
            String method, String path, String serviceType) {
        return "{\"SamplingRule\": {\"RuleName\": \"" + name + "\", \"ResourceARN\": \"*\", \"Priority\": " + priority
                + ", \"FixedRate\": " + rate + ", \"ReservoirSize\": " + reservoir + ", \"ServiceName\": \"" + service
                + "\", \"ServiceType\": \"" + serviceType + "\", \"Host\": \"" + host + "\", \"HTTPMethod\": \""
                + method + "\", \"URLPath\": \"" + path + "\", \"Version\": 1}}";
    }
}
