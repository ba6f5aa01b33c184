package dev.quartet.backend.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A daemon host name that does not resolve at first (its container is not up yet) is looked up again. */
class DaemonSinkTest {

    @Test
    void anUnresolvedDaemonHostIsLookedUpAgainEveryFiveSecondsUntilItResolves() throws Exception {
        try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            daemon.setSoTimeout(2000);
            AtomicBoolean up = new AtomicBoolean(false);
            AtomicInteger lookups = new AtomicInteger();
            AtomicLong now = new AtomicLong(1_000_000_000L);
            DaemonSink sink = new DaemonSink("xray-daemon", daemon.getLocalPort(), (host, port) -> {
                lookups.incrementAndGet();
                return up.get() ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port) : null;
            }, now::get);

            assertThrows(IOException.class, () -> sink.send("{\"a\":1}"));
            assertEquals(1, lookups.get());
            up.set(true);
            now.addAndGet(4_000_000_000L);
            assertThrows(IOException.class, () -> sink.send("{\"a\":2}"), "no lookup within 5 s of the last");
            assertEquals(1, lookups.get());
            now.addAndGet(1_000_000_001L);
            sink.send("{\"a\":3}");
            assertEquals(2, lookups.get());
            sink.send("{\"a\":4}");
            assertEquals(2, lookups.get(), "resolved: no more lookups");

            byte[] buffer = new byte[1024];
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            daemon.receive(p);
            assertEquals(SegmentDocuments.HEADER + "{\"a\":3}",
                    new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            sink.close();
        }
    }

    @Test
    void aDaemonThatIsNotListeningYetCostsDroppedDocumentsButNoLookupsAndItsDocumentsArriveOnceItListens()
            throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free again when closed: nothing listens there now
        }
        AtomicInteger lookups = new AtomicInteger();
        DaemonSink sink = new DaemonSink("xray-daemon", port, (host, p) -> {
            lookups.incrementAndGet();
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
        }, System::nanoTime);
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            try {
                sink.send("{\"lost\":" + i + "}");
            } catch (IOException e) {
                refused++; // the kernel's "port unreachable" for an earlier datagram, reported on this send
            }
        }
        assertTrue(refused < 20, "most sends go out; " + refused + " reported an earlier refusal");
        assertEquals(1, lookups.get(), "a refusal is not a reason to look the name up again");
        try (DatagramSocket daemon = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            daemon.setSoTimeout(5000);
            String doc = "{\"name\":\"é\"}";
            boolean sent = false;
            for (int i = 0; i < 3 && !sent; i++) {
                try {
                    sink.send(doc);
                    sent = true;
                } catch (IOException e) {
                    // one refusal of the datagrams before may still be pending
                }
            }
            assertTrue(sent);
            byte[] buffer = new byte[1024];
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            daemon.receive(p);
            assertEquals(SegmentDocuments.HEADER + doc, new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
        } finally {
            sink.close();
        }
    }

    @Test
    void theLargestDocumentThatFitsADatagramArrivesWholeInUtf8AndOneByteMoreIsRefused() throws Exception {
        try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            daemon.setSoTimeout(5000);
            daemon.setReceiveBufferSize(256 * 1024);
            DaemonSink sink = new DaemonSink("127.0.0.1", daemon.getLocalPort());
            try {
                // "é" is two bytes in UTF-8: the limit is in bytes, not chars
                String head = "{\"name\":\"é\",\"pad\":\"";
                int padding = SegmentDocuments.MAX_DOCUMENT - head.getBytes(StandardCharsets.UTF_8).length - 2;
                String fits = head + "x".repeat(padding) + "\"}";
                assertEquals(SegmentDocuments.MAX_DOCUMENT, fits.getBytes(StandardCharsets.UTF_8).length);
                String tooLarge = head + "x".repeat(padding + 1) + "\"}";
                assertThrows(IOException.class, () -> sink.send(tooLarge));
                sink.send(fits);
                byte[] buffer = new byte[SegmentDocuments.MAX_DATAGRAM + 1024];
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                daemon.receive(p);
                assertEquals(SegmentDocuments.MAX_DATAGRAM, p.getLength());
                assertEquals(SegmentDocuments.HEADER + fits,
                        new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            } finally {
                sink.close();
            }
        }
    }
}
