package dev.quartet.backend.cloudwatch;

import dev.quartet.core.AgentLog;
import dev.quartet.core.Throwables;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;

/**
 * Ships batches with the AWS SDK's CloudWatch Logs client, covering what the SDK leaves to its caller: the log group
 * and stream are looked up (DescribeLogStreams) and created when missing, also again after someone deleted them;
 * throttling, 5xx answers and network failures are retried with the SDK's full-jitter exponential back-off until
 * they succeed (the queue bounds what waits meanwhile); events CloudWatch refuses ({@code rejectedLogEventsInfo})
 * are counted; a credentials or permission problem is reported in one line, not once per event.
 */
final class CloudWatchLogsDestination implements LogDestination {
  private static final Set<String> AUTH_ERRORS =
      new HashSet<>(
          Arrays.asList(
              "AccessDeniedException",
              "AccessDenied",
              "UnrecognizedClientException",
              "InvalidSignatureException",
              "IncompleteSignatureException",
              "SignatureDoesNotMatch",
              "MissingAuthenticationTokenException",
              "InvalidClientTokenId",
              "ExpiredTokenException",
              "ExpiredToken",
              "NotAuthorized",
              "UnauthorizedOperation"));
  /** An AWS access key id or anything shaped like a secret key never reaches a log line. */
  private static final Pattern SECRET_LIKE =
      Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b|(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])");
  /** After this many failures of a kind we do not know, a batch is given up rather than retried forever. */
  static final int MAX_UNKNOWN_FAILURES = 5;

  private final Supplier<CloudWatchLogsClient> clientFactory;
  private final String group;
  private final boolean create;
  private final Integer retentionDays;
  private final String where;
  private final BackoffStrategy backoff;
  private final BackoffStrategy slowBackoff;
  private final Set<String> readyStreams = new HashSet<>();

  private CloudWatchLogsClient client;
  private boolean retentionDone;
  private long failingSinceNanos;
  private String failing;

  /**
   * @param backoff delays between attempts after throttling, 5xx and network failures
   * @param slowBackoff delays after failures a person has to fix (credentials, permissions, missing group)
   */
  CloudWatchLogsDestination(
      Supplier<CloudWatchLogsClient> clientFactory,
      String group,
      boolean create,
      Integer retentionDays,
      String where,
      BackoffStrategy backoff,
      BackoffStrategy slowBackoff) {
    this.clientFactory = clientFactory;
    this.group = group;
    this.create = create;
    this.retentionDays = retentionDays;
    this.where = where;
    this.backoff = backoff;
    this.slowBackoff = slowBackoff;
  }

  static BackoffStrategy defaultBackoff() {
    return BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(10));
  }

  static BackoffStrategy defaultSlowBackoff() {
    return BackoffStrategy.exponentialDelay(Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  @Override
  public String describe() {
    return describe(group, where);
  }

  static String describe(String group, String where) {
    return "CloudWatch Logs group " + group + " (" + where + ")";
  }

  @Override
  public void prepare(String stream) {
    try {
      ensure(client(), stream);
    } catch (Throwable t) {
      if (AgentLog.isDebug()) {
        AgentLog.debug("cloudwatch: not ready yet (" + Failure.describe(t) + "); retried when sending");
      }
    }
  }

  @Override
  public Outcome write(List<PutLogEventsBatches.Event> events, Pacer pacer) {
    Outcome outcome = new Outcome();
    Deque<PutLogEventsBatches.Batch> work = new ArrayDeque<>(PutLogEventsBatches.split(events));
    while (!work.isEmpty()) {
      PutLogEventsBatches.Batch batch = work.pollFirst();
      if (!deliver(batch, pacer, outcome, work)) {
        outcome.unsent += batch.events.size();
        for (PutLogEventsBatches.Batch left : work) {
          outcome.unsent += left.events.size();
        }
        work.clear();
      }
    }
    return outcome;
  }

  /** False when the shutdown deadline came first; the batch is then not delivered. */
  private boolean deliver(
      PutLogEventsBatches.Batch batch, Pacer pacer, Outcome outcome, Deque<PutLogEventsBatches.Batch> work) {
    int attempt = 0;
    int unknownFailures = 0;
    int notFound = 0;
    while (!pacer.giveUp()) {
      Failure failure;
      boolean justEnsured = false;
      try {
        CloudWatchLogsClient c = client();
        if (!readyStreams.contains(batch.stream)) {
          ensure(c, batch.stream);
          justEnsured = true;
        }
        PutLogEventsResponse response = c.putLogEvents(r -> r.logGroupName(group).logStreamName(batch.stream).logEvents(inputs(batch)));
        int refused = rejected(response.rejectedLogEventsInfo(), batch.events.size());
        outcome.sent += batch.events.size() - refused;
        outcome.rejected += refused;
        recovered();
        return true;
      } catch (Throwable t) {
        failure = Failure.of(t);
      }
      switch (failure.kind) {
        case NOT_FOUND:
          readyStreams.remove(batch.stream);
          if (!justEnsured && ++notFound == 1) {
            continue; // someone deleted the group or stream: look again and recreate at once
          }
          failed("missing", "log group " + group + " or stream " + batch.stream + " is missing: " + failure, null);
          pacer.pause(slowBackoff.computeDelay(++attempt));
          break;
        case MISSING_NOT_CREATED:
          failed("missing", failure.message + " and quartet.cloudwatch.create=false; log events wait in the queue", null);
          pacer.pause(slowBackoff.computeDelay(++attempt));
          break;
        case ALREADY_ACCEPTED:
          outcome.sent += batch.events.size();
          return true;
        case INVALID:
          if (batch.events.size() > 1) {
            // Should never happen (every limit is checked before sending); find the one event it refuses.
            List<PutLogEventsBatches.Batch> halves = PutLogEventsBatches.halves(batch);
            work.addFirst(halves.get(1));
            work.addFirst(halves.get(0));
            return true;
          }
          outcome.rejected++;
          AgentLog.warnOnce("cloudwatch.invalid", "cloudwatch: CloudWatch Logs refused a log event: " + failure, null);
          return true;
        case AUTH:
          failed(
              "auth",
              "CloudWatch Logs refused the credentials or the permission ("
                  + failure
                  + "). Log events wait in the queue and are retried; see the IAM permissions in the README",
              null);
          pacer.pause(slowBackoff.computeDelay(++attempt));
          break;
        case NO_CREDENTIALS:
          failed("auth", "no usable AWS credentials (" + failure + "); log events wait in the queue", null);
          pacer.pause(slowBackoff.computeDelay(++attempt));
          break;
        case CLIENT_SETUP:
          failed("setup", "cannot create the CloudWatch Logs client: " + failure, null);
          client = null;
          pacer.pause(slowBackoff.computeDelay(++attempt));
          break;
        case THROTTLED:
          if (attempt >= 2) {
            // a throttle now and then is the service pacing us; three in a row (each after the SDK's own retries)
            // is an outage to report, once, and its end too
            failed("throttled", "CloudWatch Logs keeps throttling (" + failure + "); log events wait in the queue and"
                + " are retried with back-off", null);
          } else if (AgentLog.isDebug()) {
            AgentLog.debug("cloudwatch: throttled (" + failure + "); retrying");
          }
          pacer.pause(backoff.computeDelay(++attempt));
          break;
        case UNAVAILABLE:
          failed("unavailable", "cannot deliver to CloudWatch Logs (" + where + "): " + failure + "; retrying", null);
          pacer.pause(backoff.computeDelay(++attempt));
          break;
        default:
          if (++unknownFailures >= MAX_UNKNOWN_FAILURES) {
            outcome.rejected += batch.events.size();
            AgentLog.warnOnce(
                "cloudwatch.unknown",
                "cloudwatch: gave up a batch of " + batch.events.size() + " log events after " + unknownFailures
                    + " failures: " + failure,
                failure.cause);
            return true;
          }
          pacer.pause(backoff.computeDelay(++attempt));
      }
    }
    return false;
  }

  private CloudWatchLogsClient client() {
    if (client == null) {
      try {
        client = clientFactory.get();
      } catch (RuntimeException e) {
        throw new ClientSetupException(e);
      }
    }
    return client;
  }

  /** The client could not be built (no region, a bad endpoint): a setup problem, not a failed call. */
  static final class ClientSetupException extends RuntimeException {
    ClientSetupException(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Thrown by {@link #ensure} when the group or stream is missing and creating it is switched off. */
  static final class MissingException extends RuntimeException {
    MissingException(String message) {
      super(message);
    }
  }

  /**
   * Makes sure the stream exists: one DescribeLogStreams tells whether the group and the stream are there, and only
   * what is missing is created, so an app whose stream was made beforehand needs no create permission.
   */
  private void ensure(CloudWatchLogsClient c, String stream) {
    boolean groupExists = true;
    boolean streamExists = false;
    try {
      DescribeLogStreamsResponse r =
          c.describeLogStreams(b -> b.logGroupName(group).logStreamNamePrefix(stream).limit(1));
      streamExists = !r.logStreams().isEmpty() && stream.equals(r.logStreams().get(0).logStreamName());
    } catch (AwsServiceException e) {
      if (!"ResourceNotFoundException".equals(code(e))) {
        throw e;
      }
      groupExists = false;
    }
    if (!groupExists) {
      if (!create) {
        throw new MissingException("log group " + group + " does not exist");
      }
      try {
        c.createLogGroup(b -> b.logGroupName(group));
        AgentLog.info("cloudwatch: created log group " + group);
      } catch (AwsServiceException e) {
        if (!"ResourceAlreadyExistsException".equals(code(e))) {
          throw e;
        }
      }
      retentionDone = false;
    }
    if (retentionDays != null && !retentionDone) {
      try {
        c.putRetentionPolicy(b -> b.logGroupName(group).retentionInDays(retentionDays));
      } catch (AwsServiceException e) {
        // Not worth holding the logs back for: say it once and ship anyway.
        AgentLog.warnOnce(
            "cloudwatch.retention",
            "cloudwatch: could not set the retention of " + group + " to " + retentionDays + " days: "
                + Failure.describe(e),
            null);
      }
      retentionDone = true;
    }
    if (!streamExists) {
      if (!create) {
        throw new MissingException("log stream " + stream + " does not exist in log group " + group);
      }
      try {
        c.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
      } catch (AwsServiceException e) {
        if (!"ResourceAlreadyExistsException".equals(code(e))) {
          throw e;
        }
      }
    }
    readyStreams.add(stream);
  }

  private static List<InputLogEvent> inputs(PutLogEventsBatches.Batch batch) {
    List<InputLogEvent> out = new ArrayList<>(batch.events.size());
    for (PutLogEventsBatches.Event e : batch.events) {
      out.add(InputLogEvent.builder().timestamp(e.timestamp).message(e.message).build());
    }
    return out;
  }

  /**
   * Events CloudWatch stored none of: those before {@code tooOldLogEventEndIndex} / {@code expiredLogEventEndIndex}
   * (exclusive ends) and from {@code tooNewLogEventStartIndex} on.
   */
  static int rejected(RejectedLogEventsInfo info, int size) {
    if (info == null) {
      return 0;
    }
    int old = Math.max(orZero(info.tooOldLogEventEndIndex()), orZero(info.expiredLogEventEndIndex()));
    int tooNewFrom = info.tooNewLogEventStartIndex() == null ? size : info.tooNewLogEventStartIndex();
    int refused = Math.min(size, old) + Math.max(0, size - Math.max(tooNewFrom, old));
    if (refused > 0) {
      AgentLog.warnOnce(
          "cloudwatch.rejected",
          "cloudwatch: CloudWatch Logs refused " + refused + " log event(s) of a batch as too old (older than 14"
              + " days or the retention) or too new (more than 2 hours ahead); is the clock right? (counted, not"
              + " repeated)",
          null);
    }
    return refused;
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }

  private void failed(String kind, String message, Throwable t) {
    if (failing == null) {
      failingSinceNanos = System.nanoTime();
    }
    failing = kind;
    AgentLog.warnOnce("cloudwatch." + kind, "cloudwatch: " + message, t);
  }

  private void recovered() {
    if (failing != null) {
      long seconds = (System.nanoTime() - failingSinceNanos) / 1_000_000_000L;
      AgentLog.info("cloudwatch: delivering to CloudWatch Logs again (after " + seconds + " s of failures)");
      for (String kind : new String[] {"missing", "auth", "setup", "unavailable", "throttled"}) {
        AgentLog.resetOnce("cloudwatch." + kind);
      }
      failing = null;
    }
  }

  static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }

  /** A failed attempt, sorted into what to do about it. */
  static final class Failure {
    enum Kind {
      NOT_FOUND,
      MISSING_NOT_CREATED,
      ALREADY_ACCEPTED,
      INVALID,
      AUTH,
      NO_CREDENTIALS,
      CLIENT_SETUP,
      THROTTLED,
      UNAVAILABLE,
      UNKNOWN
    }

    final Kind kind;
    final String message;
    final Throwable cause;

    private Failure(Kind kind, String message, Throwable cause) {
      this.kind = kind;
      this.message = message;
      this.cause = cause;
    }

    static Failure of(Throwable t) {
      String text = describe(t);
      if (t instanceof ClientSetupException) {
        return new Failure(Kind.CLIENT_SETUP, text, t);
      }
      if (t instanceof MissingException) {
        return new Failure(Kind.MISSING_NOT_CREATED, t.getMessage(), t);
      }
      if (t instanceof AwsServiceException) {
        AwsServiceException e = (AwsServiceException) t;
        String code = code(e);
        if ("ResourceNotFoundException".equals(code)) {
          return new Failure(Kind.NOT_FOUND, text, t);
        }
        if ("DataAlreadyAcceptedException".equals(code)) {
          return new Failure(Kind.ALREADY_ACCEPTED, text, t);
        }
        if ("InvalidParameterException".equals(code)) {
          return new Failure(Kind.INVALID, text, t);
        }
        if (AUTH_ERRORS.contains(code) || e.statusCode() == 401 || e.statusCode() == 403) {
          return new Failure(Kind.AUTH, text, t);
        }
        if (e.isThrottlingException() || "ThrottlingException".equals(code)) {
          return new Failure(Kind.THROTTLED, text, t);
        }
        if (e.statusCode() >= 500 || "ServiceUnavailableException".equals(code)) {
          return new Failure(Kind.UNAVAILABLE, text, t);
        }
        return new Failure(Kind.UNKNOWN, text, t);
      }
      if (t instanceof SdkServiceException) {
        SdkServiceException e = (SdkServiceException) t;
        if (e.isThrottlingException()) {
          return new Failure(Kind.THROTTLED, text, t);
        }
        return new Failure(e.statusCode() >= 500 ? Kind.UNAVAILABLE : Kind.UNKNOWN, text, t);
      }
      if (t instanceof SdkClientException) {
        String m = String.valueOf(t.getMessage());
        if (m.contains("credentials") || m.contains("Credentials")) {
          return new Failure(Kind.NO_CREDENTIALS, text, t);
        }
        return new Failure(Kind.UNAVAILABLE, text, t); // connection refused, timeouts, DNS: the network
      }
      return new Failure(Kind.UNKNOWN, text, t);
    }

    /** Code and message of the error, never more: no request, no header, nothing secret. */
    static String describe(Throwable t) {
      String text;
      if (t instanceof AwsServiceException && ((AwsServiceException) t).awsErrorDetails() != null) {
        AwsServiceException e = (AwsServiceException) t;
        String code = code(e);
        String message = e.awsErrorDetails().errorMessage();
        text = (code == null ? "HTTP " + e.statusCode() : code) + (message == null ? "" : ": " + message);
      } else {
        Throwable root = t;
        if (t instanceof ClientSetupException && t.getCause() != null) {
          root = t.getCause();
        }
        String message = root.getMessage();
        if (root instanceof SdkClientException && root.getCause() != null && root.getCause().getMessage() != null) {
          message = message + " (" + root.getCause().getClass().getSimpleName() + ": " + root.getCause().getMessage() + ")";
        }
        text = message == null ? root.getClass().getSimpleName() : message;
      }
      // one line, no relocated class name (a garbage answer's JsonParseException spans two)
      text = Throwables.withoutShadedPrefix(SECRET_LIKE.matcher(text).replaceAll("***")).replaceAll("\\s*\\R\\s*", " ");
      return text.length() <= 400 ? text : text.substring(0, 397) + "...";
    }

    @Override
    public String toString() {
      return message;
    }
  }
}
