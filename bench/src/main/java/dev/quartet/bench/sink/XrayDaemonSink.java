package dev.quartet.bench.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * The X-Ray daemon on 127.0.0.1, one port for both protocols as {@code AWS_XRAY_DAEMON_ADDRESS=host:port} implies:
 * UDP segment documents are read and counted; TCP is the daemon's sampling proxy, whose {@code GetSamplingRules}
 * answers one rule sampling 100% of requests (FixedRate 1.0) and {@code SamplingTargets} keeps it at 100%, so an
 * X-Ray backend using centralized sampling traces every request of the benchmark.
 */
final class XrayDaemonSink implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DATAGRAM = 65_535;

  private final Counters counters;
  private final DatagramSocket udp;
  private final SamplingProxy tcp;
  private final Thread reader;
  private final double startedAt = System.currentTimeMillis() / 1000.0;

  XrayDaemonSink(Counters counters) throws IOException {
    this.counters = counters;
    UdpAndTcp<SamplingProxy> sockets = UdpAndTcp.bind(port -> new SamplingProxy(counters, UdpAndTcp.loopback(port)));
    udp = sockets.udp;
    tcp = sockets.tcp;
    reader = new Thread(this::read, "xray-sink-udp");
    reader.setDaemon(true);
    reader.start();
  }

  /** {@code 127.0.0.1:port}, the value of {@code AWS_XRAY_DAEMON_ADDRESS}. */
  String daemonAddress() {
    return "127.0.0.1:" + udp.getLocalPort();
  }

  private void read() {
    byte[] buffer = new byte[MAX_DATAGRAM];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (!udp.isClosed()) {
      try {
        packet.setLength(buffer.length);
        udp.receive(packet);
        counters.increment("xray.documents");
        counters.add("xray.bytes", packet.getLength());
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Override
  public void close() {
    udp.close();
    tcp.close();
  }

  /** The daemon's TCP side: the X-Ray SDK's centralized sampling polls it. */
  private final class SamplingProxy extends HttpSink {
    SamplingProxy(Counters counters, InetSocketAddress address) throws IOException {
      super("xray.sampling", counters, address);
    }

    @Override
    Reply answer(HttpExchange ex, byte[] body) throws Exception {
      String path = ex.getRequestURI().getPath();
      ObjectNode reply = JSON.createObjectNode();
      double now = System.currentTimeMillis() / 1000.0;
      if (path.equals("/GetSamplingRules")) {
        ObjectNode record = reply.putArray("SamplingRuleRecords").addObject();
        record.put("CreatedAt", startedAt).put("ModifiedAt", startedAt);
        record.putObject("SamplingRule")
            .put("RuleName", "Default")
            .put("RuleARN", "arn:aws:xray:us-east-1:000000000000:sampling-rule/Default")
            .put("ResourceARN", "*")
            .put("Priority", 10000)
            .put("FixedRate", 1.0)
            .put("ReservoirSize", 1_000_000)
            .put("ServiceName", "*")
            .put("ServiceType", "*")
            .put("Host", "*")
            .put("HTTPMethod", "*")
            .put("URLPath", "*")
            .put("Version", 1)
            .putObject("Attributes");
      } else if (path.equals("/SamplingTargets")) {
        JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        ArrayNode targets = reply.putArray("SamplingTargetDocuments");
        for (JsonNode statistics : request.path("SamplingStatisticsDocuments")) {
          targets.addObject()
              .put("RuleName", statistics.path("RuleName").asText("Default"))
              .put("FixedRate", 1.0)
              .put("ReservoirQuota", 1_000_000)
              .put("ReservoirQuotaTTL", now + 3600)
              .put("Interval", 10);
        }
        reply.put("LastRuleModification", startedAt);
        reply.putArray("UnprocessedStatistics");
      } else {
        return new Reply(404, null, null);
      }
      return Reply.json(JSON.writeValueAsString(reply));
    }
  }
}
