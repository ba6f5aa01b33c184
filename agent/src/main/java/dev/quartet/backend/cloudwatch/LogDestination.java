package dev.quartet.backend.cloudwatch;

import java.time.Duration;
import java.util.List;

/** Where the sender thread delivers formatted events: CloudWatch Logs, or the local-mode file. */
interface LogDestination {
  /** For the startup line; never a secret. */
  String describe();

  /**
   * Delivers {@code events} (any order), retrying as the destination sees fit until done or {@link
   * Pacer#giveUp()}. Runs on the sender thread only.
   */
  Outcome write(List<PutLogEventsBatches.Event> events, Pacer pacer);

  /**
   * Gets ready to send to {@code stream} (for CloudWatch: load the SDK, build the client, find or create the
   * stream), so that the shutdown flush only has events left to send. Failures are left for {@link #write}.
   */
  default void prepare(String stream) {}

  /** Releases the destination (the sender thread's last act). */
  void close();

  /** The sender's clock, as a destination waits between attempts: it stops waiting when shutdown ends. */
  interface Pacer {
    /** True once the shutdown deadline has passed: stop retrying, what is left is lost. */
    boolean giveUp();

    /** Waits {@code delay}, or less when the shutdown deadline comes first. */
    void pause(Duration delay);
  }

  /** What became of the events of one {@link #write}. */
  final class Outcome {
    int sent;
    /** Refused by the destination for good (too old for CloudWatch, say). */
    int rejected;
    /** Not delivered before the shutdown deadline. */
    int unsent;
  }
}
