package dev.quartet.backend.rollbar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Back-off, retries and the shutdown deadline, on a fake clock and a scripted transport. */
class RollbarSenderTest {

    /** A clock whose sleep only moves time forward. */
    static final class FakeClock implements RollbarSender.Clock {
        long now = 1_000_000_000L;
        long slept;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long millis) {
            now += millis * 1_000_000;
            slept += millis;
        }
    }

    /** Answers with the scripted outcomes in order and records when (fake time) and with what timeout. */
    static final class Scripted implements Transport {
        final Deque<Outcome> script = new ArrayDeque<>();
        final List<Long> at = new ArrayList<>();
        final List<Duration> timeouts = new ArrayList<>();
        final FakeClock clock;

        Scripted(FakeClock clock, Outcome... outcomes) {
            this.clock = clock;
            script.addAll(Arrays.asList(outcomes));
        }

        @Override
        public Outcome deliver(byte[] json, Duration timeout) {
            at.add(clock.now);
            timeouts.add(timeout);
            return script.isEmpty() ? Outcome.sent(0) : script.poll();
        }

        @Override
        public String describe() {
            return "scripted";
        }
    }

    private static final byte[] BODY = "{\"data\":{}}".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static Transport.Outcome rateLimited(long millis) {
        return new Transport.Outcome(Transport.Outcome.Kind.RATE_LIMITED, millis, "429 rate limited");
    }

    private static Transport.Outcome failed() {
        return new Transport.Outcome(Transport.Outcome.Kind.TRANSIENT, 0, "connection refused");
    }

    @Test
    void a429PausesForTheAnnouncedTimeThenTheItemIsSentAgain() {
        FakeClock clock = new FakeClock();
        Scripted transport = new Scripted(clock, rateLimited(30_000));
        RollbarSender sender = new RollbarSender(transport, TIMEOUT, clock);
        sender.deliver(BODY);
        assertEquals(2, transport.at.size(), "sent again after the pause");
        assertTrue(transport.at.get(1) - transport.at.get(0) >= 30_000_000_000L, "waited the 30 s");
        assertEquals(1, sender.sent.get());
    }

    @Test
    void thePauseAlsoHoldsBackTheNextItems() {
        FakeClock clock = new FakeClock();
        Scripted transport = new Scripted(clock, Transport.Outcome.sent(20_000));
        RollbarSender sender = new RollbarSender(transport, TIMEOUT, clock);
        sender.deliver(BODY); // X-Rate-Limit-Remaining: 0 on a 200
        long first = transport.at.get(0);
        sender.deliver(BODY);
        assertTrue(transport.at.get(1) - first >= 20_000_000_000L, "the quota was used up: wait for its reset");
        assertEquals(2, sender.sent.get());
    }

    @Test
    void aLongRateLimitIsWaitedOutAndTheItemKept() {
        FakeClock clock = new FakeClock();
        Scripted transport = new Scripted(clock, rateLimited(60_000), rateLimited(60_000), rateLimited(60_000),
                rateLimited(60_000), rateLimited(60_000));
        RollbarSender sender = new RollbarSender(transport, TIMEOUT, clock);
        sender.deliver(BODY);
        assertEquals(6, transport.at.size());
        assertEquals(1, sender.sent.get());
        assertTrue(clock.slept >= 5 * 60_000, "each 429's wait honoured: " + clock.slept);
    }

    @Test
    void anOutageOfMinutesIsRetriedWithBackOffUntilRollbarAnswers() {
        FakeClock clock = new FakeClock();
        Transport.Outcome[] outage = new Transport.Outcome[14];
        Arrays.fill(outage, failed());
        Scripted transport = new Scripted(clock, outage);
        RollbarSender sender = new RollbarSender(transport, TIMEOUT, clock);
        sender.deliver(BODY);
        assertEquals(15, transport.at.size(), "tried until it answered");
        assertEquals(1, sender.sent.get());
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < transport.at.size(); i++) {
            gaps.add((transport.at.get(i) - transport.at.get(i - 1)) / 1_000_000_000L);
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L, 30L, 30L, 30L, 30L, 30L, 30L), gaps);
        assertTrue(clock.slept > 5 * 60_000, "an outage of more than five minutes survived");
    }

    @Test
    void aRejectedItemIsNotSentAgain() {
        FakeClock clock = new FakeClock();
        Scripted transport = new Scripted(clock,
                new Transport.Outcome(Transport.Outcome.Kind.REJECTED, 0, "401 invalid access token"));
        RollbarSender sender = new RollbarSender(transport, TIMEOUT, clock);
        sender.deliver(BODY);
        assertEquals(1, transport.at.size());
        assertEquals(1, sender.rejected.get());
    }

    @Test
    void nothingWaitsPastTheShutdownDeadline() {
        FakeClock clock = new FakeClock();
        Scripted transport = new Scripted(clock, rateLimited(60_000));
        RollbarSender sender = new RollbarSender(transport, TIMEOUT, clock);
        sender.deliver(BODY); // pauses 60 s, then sent; now paused no more
        Scripted limited = new Scripted(clock, rateLimited(60_000));
        RollbarSender s = new RollbarSender(limited, TIMEOUT, clock);
        s.deliver(BODY);
        s.deadline(clock.now + 2_000_000_000L);
        limited.script.add(rateLimited(60_000));
        long before = clock.now;
        s.deliver(BODY);
        s.deliver(BODY);
        assertEquals(2, s.droppedAtDeadline.get(), "a 60 s pause does not fit in 2 s: dropped at once");
        assertEquals(before, clock.now, "without sleeping");
    }

    @Test
    void theLastRequestBeforeTheDeadlineGetsOnlyWhatIsLeft() {
        FakeClock clock = new FakeClock();
        Scripted transport = new Scripted(clock);
        RollbarSender sender = new RollbarSender(transport, TIMEOUT, clock);
        sender.deadline(clock.now + 3_000_000_000L);
        sender.deliver(BODY);
        assertEquals(Duration.ofSeconds(3), transport.timeouts.get(0));
        clock.now += 4_000_000_000L;
        sender.deliver(BODY);
        assertEquals(1, transport.at.size(), "past the deadline nothing is sent");
        assertEquals(1, sender.droppedAtDeadline.get());
    }
}
