package dev.quartet.backend.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.xray.strategy.sampling.AllSamplingStrategy;
import com.amazonaws.xray.strategy.sampling.SamplingRequest;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CentralizedSamplingTest {
    /** One rule that samples nothing: once it is in use, requests stop being sampled (the fallback samples all). */
    private static final String RULES = "{\"SamplingRuleRecords\": [{\"CreatedAt\": 1.7E9, \"ModifiedAt\": 1.7E9,"
        + " \"SamplingRule\": {\"RuleName\": \"nothing\", \"RuleARN\": \"arn:aws:xray:us-east-1:1:sampling-rule/nothing\","
        + " \"ResourceARN\": \"*\", \"Priority\": 1, \"FixedRate\": 0.0, \"ReservoirSize\": 0, \"ServiceName\": \"*\","
        + " \"ServiceType\": \"*\", \"Host\": \"*\", \"HTTPMethod\": \"*\", \"URLPath\": \"*\", \"Version\": 1,"
        + " \"Attributes\": {}}}]}";

    @Test
    void retriesSoonWithBackOffCappedByAMinuteAndTheInterval() {
        assertEquals(1000, CentralizedSampling.retryDelayMillis(1, 300_000));
        assertEquals(2000, CentralizedSampling.retryDelayMillis(2, 300_000));
        assertEquals(4000, CentralizedSampling.retryDelayMillis(3, 300_000));
        assertEquals(60_000, CentralizedSampling.retryDelayMillis(7, 300_000));
        assertEquals(60_000, CentralizedSampling.retryDelayMillis(1000, 300_000));
        assertEquals(5000, CentralizedSampling.retryDelayMillis(10, 5000));
    }

    @Test
    void rulesOfADaemonThatComesBackAreUsedWithinSecondsNotAtTheNextScheduledFetch() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // nothing listens there now: the first fetch is refused
        }
        CentralizedSampling sampling =
            new CentralizedSampling("127.0.0.1:" + port, new AllSamplingStrategy(), Clock.systemUTC())
                .start(Duration.ofMinutes(5));
        HttpServer daemon = null;
        try {
            Thread.sleep(1500); // a failed fetch or two
            assertTrue(sampled(sampling), "the fallback samples while the daemon is down");
            AtomicInteger fetches = new AtomicInteger();
            daemon = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            daemon.createContext("/GetSamplingRules", exchange -> {
                fetches.incrementAndGet();
                byte[] body = RULES.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            daemon.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            boolean ruleInUse = false;
            while (!ruleInUse && System.nanoTime() < deadline) {
                // the rule may lend one request a second before its first quota: ask twice
                ruleInUse = !sampled(sampling) || !sampled(sampling);
                Thread.sleep(100);
            }
            assertTrue(ruleInUse, "the daemon's rules were not fetched again after it came back (" + fetches + " fetches)");
        } finally {
            sampling.shutdown();
            if (daemon != null) {
                daemon.stop(0);
            }
        }
    }

    private static boolean sampled(CentralizedSampling sampling) {
        return sampling.shouldTrace(new SamplingRequest("svc", "localhost", "/x", "GET", null))
            .isSampled();
    }
}
