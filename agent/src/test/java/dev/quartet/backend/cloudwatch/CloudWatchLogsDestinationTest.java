package dev.quartet.backend.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;

/**
 * The destination's decisions (create what is missing, retry, split, count) against an in-memory CloudWatch Logs
 * client that answers with the SDK's own model objects and exceptions. The wire protocol itself is covered by the
 * smoke tests' loopback endpoint.
 */
class CloudWatchLogsDestinationTest {
  static final String GROUP = "cruddur";
  static final long T0 = System.currentTimeMillis();

  static CloudWatchLogsException error(int status, String code, String message) {
    return (CloudWatchLogsException) CloudWatchLogsException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
  }

  /** In memory: groups with streams; scripted failures per operation; every call recorded. */
  static final class FakeLogs implements CloudWatchLogsClient {
    final Map<String, Set<String>> groups = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    final Map<String, Deque<RuntimeException>> failures = new HashMap<>();
    final List<String> stored = new ArrayList<>();
    RejectedLogEventsInfo rejectedInfo;

    void fail(String op, RuntimeException e, int times) {
      for (int i = 0; i < times; i++) {
        failures.computeIfAbsent(op, k -> new ArrayDeque<>()).add(e);
      }
    }

    private void call(String op) {
      calls.add(op);
      Deque<RuntimeException> f = failures.get(op);
      if (f != null && !f.isEmpty()) {
        throw f.poll();
      }
    }

    @Override
    public DescribeLogStreamsResponse describeLogStreams(DescribeLogStreamsRequest r) {
      call("DescribeLogStreams");
      Set<String> streams = groups.get(r.logGroupName());
      if (streams == null) {
        throw error(400, "ResourceNotFoundException", "The specified log group does not exist.");
      }
      List<LogStream> out = new ArrayList<>();
      streams.stream().filter(s -> s.startsWith(r.logStreamNamePrefix())).sorted().limit(r.limit())
          .forEach(s -> out.add(LogStream.builder().logStreamName(s).build()));
      return DescribeLogStreamsResponse.builder().logStreams(out).build();
    }

    @Override
    public CreateLogGroupResponse createLogGroup(CreateLogGroupRequest r) {
      call("CreateLogGroup");
      if (groups.putIfAbsent(r.logGroupName(), new HashSet<>()) != null) {
        throw error(400, "ResourceAlreadyExistsException", "The specified log group already exists");
      }
      return CreateLogGroupResponse.builder().build();
    }

    @Override
    public CreateLogStreamResponse createLogStream(CreateLogStreamRequest r) {
      call("CreateLogStream");
      Set<String> streams = groups.get(r.logGroupName());
      if (streams == null) {
        throw error(400, "ResourceNotFoundException", "The specified log group does not exist.");
      }
      if (!streams.add(r.logStreamName())) {
        throw error(400, "ResourceAlreadyExistsException", "The specified log stream already exists");
      }
      return CreateLogStreamResponse.builder().build();
    }

    @Override
    public PutRetentionPolicyResponse putRetentionPolicy(PutRetentionPolicyRequest r) {
      call("PutRetentionPolicy");
      return PutRetentionPolicyResponse.builder().build();
    }

    @Override
    public PutLogEventsResponse putLogEvents(PutLogEventsRequest r) {
      call("PutLogEvents");
      Set<String> streams = groups.get(r.logGroupName());
      if (streams == null || !streams.contains(r.logStreamName())) {
        throw error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
      }
      for (InputLogEvent e : r.logEvents()) {
        if (e.message().equals("refused")) {
          throw error(400, "InvalidParameterException", "Log event too large");
        }
      }
      r.logEvents().forEach(e -> stored.add(e.message()));
      return PutLogEventsResponse.builder().rejectedLogEventsInfo(rejectedInfo).build();
    }

    @Override
    public String serviceName() {
      return "logs";
    }

    @Override
    public void close() {}
  }

  /** Records the waits instead of waiting; gives up after {@code patience} of them (the shutdown deadline). */
  static final class FakePacer implements LogDestination.Pacer {
    final List<Duration> pauses = new ArrayList<>();
    int patience = Integer.MAX_VALUE;

    @Override
    public boolean giveUp() {
      return pauses.size() >= patience;
    }

    @Override
    public void pause(Duration delay) {
      pauses.add(delay);
    }
  }

  final FakeLogs logs = new FakeLogs();
  final FakePacer pacer = new FakePacer();

  CloudWatchLogsDestination destination(boolean create, Integer retention) {
    return new CloudWatchLogsDestination(() -> logs, GROUP, create, retention, "test",
        BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(10)),
        BackoffStrategy.exponentialDelay(Duration.ofSeconds(5), Duration.ofSeconds(60)));
  }

  static List<PutLogEventsBatches.Event> events(String... messages) {
    List<PutLogEventsBatches.Event> out = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      out.add(new PutLogEventsBatches.Event("s", T0 + i, messages[i]));
    }
    return out;
  }

  @Test
  void missingGroupAndStreamAreCreatedWithTheRetention() {
    LogDestination.Outcome o = destination(true, 30).write(events("a", "b"), pacer);
    assertEquals(2, o.sent);
    assertEquals(List.of("DescribeLogStreams", "CreateLogGroup", "PutRetentionPolicy", "CreateLogStream", "PutLogEvents"),
        logs.calls);
    assertEquals(List.of("a", "b"), logs.stored);
    destination(true, 30).write(events("c"), pacer);
  }

  @Test
  void anExistingStreamIsUsedAsItIs() {
    logs.groups.put(GROUP, new HashSet<>(Set.of("s", "s-2")));
    CloudWatchLogsDestination d = destination(true, null);
    d.write(events("a"), pacer);
    d.write(events("b"), pacer);
    assertEquals(List.of("DescribeLogStreams", "PutLogEvents", "PutLogEvents"), logs.calls, "looked up once");
  }

  @Test
  void withCreateOffAMissingStreamWaitsAndIsNeverCreated() {
    logs.groups.put(GROUP, new HashSet<>());
    pacer.patience = 3;
    LogDestination.Outcome o = destination(false, null).write(events("a"), pacer);
    assertEquals(1, o.unsent, "still waiting when the shutdown deadline came");
    assertFalse(logs.calls.contains("CreateLogStream"));
    assertTrue(pacer.pauses.stream().allMatch(p -> p.compareTo(Duration.ofSeconds(60)) <= 0));
  }

  @Test
  void throttlingAndServerErrorsAreRetriedWithJitteredBackOff() {
    logs.groups.put(GROUP, new HashSet<>(Set.of("s")));
    logs.fail("PutLogEvents", error(400, "ThrottlingException", "Rate exceeded"), 3);
    logs.fail("PutLogEvents", error(503, "ServiceUnavailableException", "down"), 1);
    logs.fail("PutLogEvents", SdkClientException.create("Unable to execute HTTP request: Connection refused"), 1);
    LogDestination.Outcome o = destination(true, null).write(events("a"), pacer);
    assertEquals(1, o.sent);
    assertEquals(List.of("a"), logs.stored, "delivered once");
    assertEquals(5, pacer.pauses.size());
    assertTrue(pacer.pauses.stream().allMatch(p -> p.compareTo(Duration.ofSeconds(10)) <= 0), "" + pacer.pauses);
  }

  @Test
  void aDeletedStreamIsCreatedAgainAtOnce() {
    logs.groups.put(GROUP, new HashSet<>(Set.of("s")));
    CloudWatchLogsDestination d = destination(true, null);
    d.write(events("a"), pacer);
    logs.groups.get(GROUP).remove("s");
    logs.calls.clear();
    LogDestination.Outcome o = d.write(events("b"), pacer);
    assertEquals(1, o.sent);
    assertEquals(List.of("PutLogEvents", "DescribeLogStreams", "CreateLogStream", "PutLogEvents"), logs.calls);
    assertEquals(List.of(), pacer.pauses);
  }

  @Test
  void aRefusedEventIsIsolatedAndCountedTheOthersDelivered() {
    logs.groups.put(GROUP, new HashSet<>(Set.of("s")));
    LogDestination.Outcome o = destination(true, null).write(events("a", "b", "refused", "c"), pacer);
    assertEquals(3, o.sent);
    assertEquals(1, o.rejected);
    assertEquals(List.of("a", "b", "c"), logs.stored);
  }

  @Test
  void rejectedLogEventsInfoIsCounted() {
    logs.groups.put(GROUP, new HashSet<>(Set.of("s")));
    logs.rejectedInfo = RejectedLogEventsInfo.builder().tooOldLogEventEndIndex(2).tooNewLogEventStartIndex(4).build();
    LogDestination.Outcome o = destination(true, null).write(events("a", "b", "c", "d", "e"), pacer);
    assertEquals(2, o.sent);
    assertEquals(3, o.rejected);
    assertEquals(0, CloudWatchLogsDestination.rejected(null, 5));
    assertEquals(1, CloudWatchLogsDestination.rejected(
        RejectedLogEventsInfo.builder().expiredLogEventEndIndex(1).build(), 5));
  }

  @Test
  void refusedCredentialsAreRetriedSlowlyUntilTheDeadline() {
    logs.groups.put(GROUP, new HashSet<>(Set.of("s")));
    logs.fail("DescribeLogStreams", error(400, "UnrecognizedClientException",
        "The security token included in the request is invalid."), 100);
    pacer.patience = 4;
    LogDestination.Outcome o = destination(true, null).write(events("a", "b"), pacer);
    assertEquals(2, o.unsent);
    assertEquals(CloudWatchLogsDestination.Failure.Kind.AUTH, CloudWatchLogsDestination.Failure.of(
        error(400, "AccessDeniedException", "User is not authorized to perform: logs:PutLogEvents")).kind);
  }

  @Test
  void aClientThatCannotBeBuiltIsRetried() {
    int[] attempts = {0};
    CloudWatchLogsDestination d = new CloudWatchLogsDestination(() -> {
      if (attempts[0]++ < 2) {
        throw SdkClientException.create("Unable to load region from any of the providers in the chain");
      }
      return logs;
    }, GROUP, true, null, "test", BackoffStrategy.retryImmediately(), BackoffStrategy.retryImmediately());
    assertEquals(1, d.write(events("a"), pacer).sent);
    assertEquals(3, attempts[0]);
  }

  @Test
  void failureDescriptionsNeverCarryKeys() {
    String text = CloudWatchLogsDestination.Failure.describe(SdkClientException.create(
        "bad key AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY here"));
    assertFalse(text.contains("AKIAIOSFODNN7EXAMPLE"), text);
    assertFalse(text.contains("wJalrXUtnFEMI"), text);
  }
}
