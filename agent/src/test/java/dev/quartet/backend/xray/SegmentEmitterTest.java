package dev.quartet.backend.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.entities.SegmentImpl;
import com.amazonaws.xray.entities.SubsegmentImpl;
import com.amazonaws.xray.entities.TraceID;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments too large for one datagram arrive, over real UDP on loopback, as valid documents that each fit. */
class SegmentEmitterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");
    static final String TRACE = "1-6b00fe70-b31595e647c220b340c042f2";

    DatagramSocket daemon;
    SegmentEmitter emitter;
    AWSXRayRecorder recorder;

    @BeforeEach
    void start() throws Exception {
        daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        daemon.setReceiveBufferSize(4 * 1024 * 1024);
        daemon.setSoTimeout(1500);
        emitter = new SegmentEmitter(List.of(new DaemonSink("127.0.0.1", daemon.getLocalPort())),
                new SegmentDocuments());
        recorder = new AWSXRayRecorder();
        recorder.setEmitter(emitter);
    }

    @AfterEach
    void stop() {
        emitter.shutdown(Duration.ofSeconds(2));
        daemon.close();
    }

    /**
     * Every datagram until none arrives for the socket timeout; each checked as the daemon would. The first may take
     * long on a busy machine (splitting and truncating a huge segment, with a cold JIT), so it is waited for longer.
     */
    private List<JsonNode> receive() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        byte[] buffer = new byte[256 * 1024];
        int gap = daemon.getSoTimeout();
        daemon.setSoTimeout(30_000);
        while (true) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                daemon.receive(p);
            } catch (SocketTimeoutException e) {
                daemon.setSoTimeout(gap);
                return docs;
            }
            daemon.setSoTimeout(gap);
            assertTrue(p.getLength() <= 63 * 1024, "datagram of " + p.getLength() + " bytes");
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            String header = "{\"format\": \"json\", \"version\": 1}\n";
            assertTrue(text.startsWith(header), () -> "no daemon header: " + text.substring(0, 60));
            JsonNode doc = JSON.readTree(text.substring(header.length()));
            assertTrue(ID.matcher(doc.path("id").asText()).matches(), () -> "id of " + doc);
            assertTrue(TRACE_ID.matcher(doc.path("trace_id").asText()).matches(), () -> "trace_id of " + doc);
            assertEquals(TRACE, doc.get("trace_id").asText());
            assertTrue(doc.path("name").asText().length() > 0 && doc.path("name").asText().length() <= 200);
            assertTrue(doc.path("start_time").isNumber(), () -> "start_time of " + doc);
            assertTrue(doc.path("end_time").isNumber() || doc.path("in_progress").asBoolean(), () -> "end of " + doc);
            if (doc.has("type")) {
                assertEquals("subsegment", doc.get("type").asText());
                assertTrue(ID.matcher(doc.path("parent_id").asText()).matches(), () -> "parent_id of " + doc);
            }
            docs.add(doc);
        }
    }

    private SegmentImpl segment() {
        SegmentImpl s = new SegmentImpl(recorder, "backend-flask", TraceID.fromString(TRACE));
        s.setId("f0894e6f696c5277");
        s.setStartTime(1.7952272484e9);
        s.setEndTime(1.7952272494e9);
        s.setInProgress(false);
        return s;
    }

    private SubsegmentImpl subsegment(SegmentImpl parent, com.amazonaws.xray.entities.Entity under, int i) {
        SubsegmentImpl sub = new SubsegmentImpl(recorder, "call-" + i, parent);
        sub.setId(String.format("%016x", 0x1000L + i));
        sub.setParent(under);
        sub.setNamespace("remote");
        sub.setStartTime(1.7952272485e9 + i / 1e4);
        sub.setEndTime(1.7952272486e9 + i / 1e4);
        sub.setInProgress(false);
        sub.putHttp("request", java.util.Map.of("method", "GET", "url", "http://api.example.com/items/" + i));
        under.addSubsegment(sub);
        return sub;
    }

    /** Batches are taken when a quarter of the queue waits or after a short wait: a few or many, all arrive. */
    @Test
    void segmentsBelowAndAboveTheWakeThresholdAllArrive() throws Exception {
        emitter.sendSegment(segment());
        assertEquals(1, receive().size(), "a lone segment is sent after the batch wait");
        int many = SegmentEmitter.WAKE_AT * 3;
        for (int i = 0; i < many; i++) {
            emitter.sendSegment(segment());
        }
        assertEquals(many, receive().size(), "documents at the daemon");
        assertEquals(1 + many, emitter.sent());
        assertEquals(0, emitter.dropped());
        assertEquals(0, emitter.queued());
    }

    @Test
    void aLocalFileThatCannotBeWrittenLeavesTheDaemonEveryDocument(@TempDir Path dir) throws Exception {
        emitter.shutdown(Duration.ofSeconds(2));
        Path notADirectory = Files.createFile(dir.resolve("a-file"));
        JsonLinesSink file = new JsonLinesSink(notADirectory.resolve("telemetry").resolve("segments.jsonl"));
        emitter = new SegmentEmitter(List.of(file, new DaemonSink("127.0.0.1", daemon.getLocalPort())),
                new SegmentDocuments());
        recorder.setEmitter(emitter);
        for (int i = 0; i < 3; i++) {
            emitter.sendSegment(segment());
        }
        assertEquals(3, receive().size(), "documents at the daemon");
        assertTrue(Files.isRegularFile(notADirectory));
    }

    @Test
    void fiveHundredSubsegmentsAndA200KbMetadataValueArriveAsValidDatagrams() throws Exception {
        SegmentImpl segment = segment();
        String big = "x".repeat(200 * 1024);
        segment.putMetadata("namespace", "key", big);
        Set<String> subIds = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            SubsegmentImpl sub = subsegment(segment, segment, i);
            subIds.add(sub.getId());
        }
        SubsegmentImpl heavy = subsegment(segment, segment, 500);
        subIds.add(heavy.getId());
        heavy.putMetadata("namespace", "rows", List.of(big, big));
        SubsegmentImpl nested = subsegment(segment, heavy, 501);
        subIds.add(nested.getId());
        assertTrue(SegmentDocuments.bytes(segment.serialize()) > 600 * 1024, "the test segment must be far too large");

        emitter.sendSegment(segment);
        List<JsonNode> docs = receive();

        List<JsonNode> segments = new ArrayList<>();
        Set<String> received = new HashSet<>();
        for (JsonNode d : docs) {
            if (d.has("type")) {
                received.add(d.get("id").asText());
                collectInline(d, received);
            } else {
                segments.add(d);
                collectInline(d, received);
            }
        }
        assertEquals(1, segments.size(), "the segment itself, once");
        assertEquals(subIds, received, "every subsegment arrives, streamed or inline");
        JsonNode value = segments.get(0).at("/metadata/namespace/key");
        assertTrue(value.asText().startsWith("xxxx") && value.asText().endsWith("KB]"), "truncated with a marker");
        assertTrue(value.asText().contains("truncated by Quartet: 204800 bytes"), value.asText().substring(0, 10));
        JsonNode nestedDoc = docs.stream().filter(d -> d.path("id").asText().equals(nested.getId())).findFirst()
                .orElse(null);
        if (nestedDoc != null) {
            assertEquals(heavy.getId(), nestedDoc.get("parent_id").asText(), "a nested subsegment names its parent");
        }
        for (JsonNode d : docs) {
            if (d.has("type") && !d.get("parent_id").asText().equals(heavy.getId())) {
                assertEquals(segment.getId(), d.get("parent_id").asText());
            }
        }
    }

    private static void collectInline(JsonNode doc, Set<String> ids) {
        for (JsonNode sub : doc.path("subsegments")) {
            ids.add(sub.get("id").asText());
            collectInline(sub, ids);
        }
    }

    @Test
    void aSmallSegmentIsOneDatagramAsTheSdkWritesIt() throws Exception {
        SegmentImpl segment = segment();
        subsegment(segment, segment, 1);
        emitter.sendSegment(segment);
        List<JsonNode> docs = receive();
        assertEquals(1, docs.size());
        assertEquals(JSON.readTree(segment.serialize()), docs.get(0));
    }

    @Test
    void aDocumentWithNothingToCutIsReducedToItsIdentityAndOutcome() throws Exception {
        SegmentImpl segment = segment();
        for (int i = 0; i < 5000; i++) {
            segment.putAnnotation("a" + i, "value " + i);
        }
        segment.setFault(true);
        emitter.sendSegment(segment);
        List<JsonNode> docs = receive();
        assertEquals(1, docs.size());
        assertTrue(docs.get(0).path("fault").asBoolean());
        assertTrue(docs.get(0).at("/metadata/quartet/truncated").asText().contains("truncated by Quartet"));
    }
}
