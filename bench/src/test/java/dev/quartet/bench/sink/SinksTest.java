package dev.quartet.bench.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.emitters.UDPEmitter;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.SegmentImpl;
import com.amazonaws.xray.internal.UnsignedXrayClient;
import com.amazonaws.xray.strategy.sampling.GetSamplingRulesRequest;
import com.amazonaws.xray.strategy.sampling.GetSamplingRulesResponse;
import com.amazonaws.xray.strategy.sampling.GetSamplingTargetsRequest;
import com.amazonaws.xray.strategy.sampling.GetSamplingTargetsResponse;
import com.rollbar.api.payload.Payload;
import com.rollbar.notifier.Rollbar;
import com.rollbar.notifier.config.ConfigBuilder;
import com.rollbar.notifier.sender.SyncSender;
import com.rollbar.notifier.sender.listener.SenderListener;
import com.rollbar.notifier.sender.result.Response;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;

/**
 * The benchmark's sinks answer the vendors' own client libraries (the ones Quartet's backends use) as the real
 * services do, so a backend pointed at them runs its normal success path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinksTest {
  private Sinks sinks;

  @BeforeAll
  void start() throws Exception {
    sinks = Sinks.healthy();
  }

  @AfterAll
  void stop() {
    sinks.close();
  }

  private String address(String placeholder) {
    return sinks.placeholders().get(placeholder);
  }

  private long count(String name) {
    return sinks.counts().getOrDefault(name, 0L);
  }

  @Test
  void otlpSinkAcceptsTheOtelSdkExporterAndCountsSpans() {
    long before = count("otlp.spans");
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(address(Sinks.OTLP_ENDPOINT) + "/v1/traces").build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    provider.get("bench").spanBuilder("GET /api/activities/home").startSpan().end();
    provider.get("bench").spanBuilder("GET /api/health-check").startSpan().end();
    assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), "export reported success");
    provider.shutdown().join(10, TimeUnit.SECONDS);
    assertEquals(before + 2, count("otlp.spans"));
  }

  @Test
  void cloudWatchSinkServesTheAwsSdkClient() {
    long before = count("cloudwatch.events");
    try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder()
        .endpointOverride(URI.create(address(Sinks.CLOUDWATCH_ENDPOINT)))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIADUMMY", "dummy")))
        .httpClient(UrlConnectionHttpClient.create())
        .build()) {
      logs.createLogGroup(b -> b.logGroupName("/bench/group"));
      logs.createLogStream(b -> b.logGroupName("/bench/group").logStreamName("host/app/1"));
      assertEquals(List.of("host/app/1"),
          logs.describeLogStreams(b -> b.logGroupName("/bench/group").logStreamNamePrefix("host/"))
              .logStreams().stream().map(s -> s.logStreamName()).toList());
      long now = System.currentTimeMillis();
      PutLogEventsResponse put = logs.putLogEvents(b -> b.logGroupName("/bench/group").logStreamName("host/app/1")
          .logEvents(InputLogEvent.builder().timestamp(now).message("INFO: HomeActivities").build(),
              InputLogEvent.builder().timestamp(now + 1).message("INFO: HomeActivities").build()));
      assertEquals("1", put.nextSequenceToken());
      assertNull(put.rejectedLogEventsInfo());
      logs.putRetentionPolicy(b -> b.logGroupName("/bench/group").retentionInDays(7));
    }
    assertEquals(before + 2, count("cloudwatch.events"));
  }

  @Test
  void rollbarSinkAnswersRollbarJava() throws Exception {
    long before = count("rollbar.items");
    List<Response> responses = new CopyOnWriteArrayList<>();
    List<Exception> errors = new CopyOnWriteArrayList<>();
    SyncSender sender = new SyncSender.Builder()
        .url(address(Sinks.ROLLBAR_ENDPOINT)).accessToken("0123456789abcdef0123456789abcdef").build();
    sender.addListener(new SenderListener() {
      @Override
      public void onResponse(Payload payload, Response response) {
        responses.add(response);
      }

      @Override
      public void onError(Payload payload, Exception error) {
        errors.add(error);
      }
    });
    Rollbar rollbar = new Rollbar(ConfigBuilder.withAccessToken("0123456789abcdef0123456789abcdef")
        .sender(sender).handleUncaughtErrors(false).build());
    rollbar.error(new IllegalStateException("boom"));
    rollbar.close(true);
    assertEquals(List.of(), errors);
    assertEquals(1, responses.size());
    assertEquals(200, responses.get(0).getStatus());
    assertFalse(responses.get(0).getResult().isError(), responses.get(0).toString());
    assertEquals(before + 1, count("rollbar.items"));
  }

  @Test
  void xraySinkReadsSegmentsAndServesSamplingAt100Percent() throws Exception {
    DaemonConfiguration daemon = new DaemonConfiguration();
    daemon.setDaemonAddress(address(Sinks.XRAY_DAEMON_ADDRESS));
    long before = count("xray.documents");
    AWSXRayRecorder recorder = AWSXRayRecorderBuilder.standard().build();
    Segment segment = new SegmentImpl(recorder, "backend-flask");
    segment.end();
    assertTrue(new UDPEmitter(daemon).sendSegment(segment));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (count("xray.documents") == before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(before + 1, count("xray.documents"));

    // the SDK's centralized sampling client talks to the daemon's TCP side, named like the SDK names it
    String previous = System.getProperty("com.amazonaws.xray.emitters.daemonAddress");
    System.setProperty("com.amazonaws.xray.emitters.daemonAddress", address(Sinks.XRAY_DAEMON_ADDRESS));
    try {
      UnsignedXrayClient client = new UnsignedXrayClient();
      GetSamplingRulesResponse rules = client.getSamplingRules(GetSamplingRulesRequest.create(null));
      GetSamplingRulesResponse.SamplingRule rule = rules.getSamplingRuleRecords().get(0).getSamplingRule();
      assertEquals(1.0, rule.getFixedRate());
      assertEquals("Default", rule.getRuleName());
      GetSamplingTargetsResponse targets = client.getSamplingTargets(GetSamplingTargetsRequest.create(List.of(
          GetSamplingTargetsRequest.SamplingStatisticsDocument.newBuilder()
              .setClientId("0123456789abcdef01234567").setRuleName("Default").setRequestCount(10)
              .setSampledCount(10).setBorrowCount(0).setTimestamp(new Date()).build())));
      assertEquals(1.0, targets.getDocuments().get(0).getFixedRate());
      assertTrue(targets.getDocuments().get(0).getReservoirQuotaTtl().toInstant().isAfter(Instant.now()));
    } finally {
      if (previous == null) {
        System.clearProperty("com.amazonaws.xray.emitters.daemonAddress");
      } else {
        System.setProperty("com.amazonaws.xray.emitters.daemonAddress", previous);
      }
    }
  }

  @Test
  void refusedAndHangingEndpointsBehaveAsNamed() throws Exception {
    try (Sinks refused = Sinks.refused(); Sinks hanging = Sinks.hanging()) {
      URI down = URI.create(refused.placeholders().get(Sinks.OTLP_ENDPOINT));
      assertThrows(ConnectException.class, () -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), down.getPort()), 1000);
        }
      });
      URI hang = URI.create(hanging.placeholders().get(Sinks.OTLP_ENDPOINT));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), hang.getPort()), 1000);
        s.setSoTimeout((int) Duration.ofMillis(300).toMillis());
        s.getOutputStream().write("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".getBytes());
        assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "no answer, ever");
      }
      assertNotNull(hanging.counts().get("blackhole.connections"));
    }
  }
}
