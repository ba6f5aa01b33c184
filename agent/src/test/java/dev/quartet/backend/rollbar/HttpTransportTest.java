package dev.quartet.backend.rollbar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class HttpTransportTest {

    @Test
    void statusesBecomeOutcomes() {
        assertEquals(Transport.Outcome.Kind.SENT,
                HttpTransport.outcome(200, "4999", "40", "{\"err\":0,\"result\":{\"uuid\":\"u\"}}").kind);
        assertEquals(0, HttpTransport.outcome(200, "4999", "40", "").waitMillis);
        assertEquals(40_000, HttpTransport.outcome(200, "0", "40", "").waitMillis, "quota used up");
        // the fault matrix's garbage cell: a 200 that is not Rollbar's JSON lost every item sent into it
        assertEquals(Transport.Outcome.Kind.TRANSIENT,
                HttpTransport.outcome(200, null, null, "\u0007\u0091garbage<html>").kind);
        Transport.Outcome limited = HttpTransport.outcome(429, "0", "17", "{\"err\":1,\"message\":\"rate limited\"}");
        assertEquals(Transport.Outcome.Kind.RATE_LIMITED, limited.kind);
        assertEquals(17_000, limited.waitMillis);
        assertEquals("429 rate limited", limited.detail);
        assertEquals(Transport.Outcome.Kind.TRANSIENT, HttpTransport.outcome(503, null, null, "<html>").kind);
        Transport.Outcome rejected = HttpTransport.outcome(401, null, null,
                "{\"err\":1,\"message\":\"invalid access token\"}");
        assertEquals(Transport.Outcome.Kind.REJECTED, rejected.kind);
        assertEquals("401 invalid access token", rejected.detail);
        assertEquals("413 <html> too big </html>",
                HttpTransport.outcome(413, null, null, "<html>\n too big\n</html>").detail);
    }

    @Test
    void theDescriptionShowsNoCredentialsOfTheUrl() {
        URI withCredentials = URI.create("https://user:pa55word@proxy.example:8443/api/1/item/?key=k3y#f");
        assertEquals("https://proxy.example:8443/api/1/item/",
                new HttpTransport(withCredentials, "t", Duration.ofSeconds(1)).describe());
        assertEquals("https://api.rollbar.com/api/1/item/", new HttpTransport(
                URI.create("https://api.rollbar.com/api/1/item/"), "t", Duration.ofSeconds(1)).describe());
    }

    @Test
    void theRateLimitWaitIsReadLeniently() {
        assertEquals(HttpTransport.DEFAULT_RATE_LIMIT_WAIT_MILLIS, HttpTransport.waitMillis(null));
        assertEquals(HttpTransport.DEFAULT_RATE_LIMIT_WAIT_MILLIS, HttpTransport.waitMillis("soon"));
        assertEquals(HttpTransport.DEFAULT_RATE_LIMIT_WAIT_MILLIS, HttpTransport.waitMillis("-5"));
        assertEquals(1000, HttpTransport.waitMillis("0"), "at least a second");
        assertEquals(12_000, HttpTransport.waitMillis(" 12 "));
        assertEquals(HttpTransport.MAX_RATE_LIMIT_WAIT_MILLIS, HttpTransport.waitMillis("86400"));
    }

    @Test
    void gzipRoundTrips() throws IOException {
        byte[] json = "{\"data\":{\"body\":{\"message\":{\"body\":\"Hello World!\"}}}}"
                .getBytes(StandardCharsets.UTF_8);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(HttpTransport.gzip(json)))) {
            assertArrayEquals(json, in.readAllBytes());
        }
    }

    @Test
    void aPeerThatNeverAnswersCostsTheTimeoutNotTheSenderThread() throws IOException {
        List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket hole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(hole.accept()); // and never read nor answer
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HttpTransport transport = new HttpTransport(
                    URI.create("http://127.0.0.1:" + hole.getLocalPort() + "/api/1/item/"), "t", Duration.ofSeconds(1));
            byte[] big = new byte[4 * 1024 * 1024]; // more than the socket buffers hold: writing it blocks
            new java.util.Random(1).nextBytes(big);
            Transport.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> transport.deliver(big, Duration.ofMillis(500)));
            assertEquals(Transport.Outcome.Kind.TRANSIENT, outcome.kind, outcome.detail);
            // the acceptor thread may take its time on a loaded machine: the connection waits in the backlog
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (accepted.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.yield();
            }
            assertTrue(accepted.size() > 0, "it did connect, so the test shows the timeout");
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
