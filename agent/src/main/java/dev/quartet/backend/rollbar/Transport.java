package dev.quartet.backend.rollbar;

import java.time.Duration;

/** Where item bodies go: Rollbar's item endpoint, or the local-mode file. Used by the sender thread only. */
interface Transport {
  /** Delivers one item body (UTF-8 JSON); never throws. {@code timeout} bounds the whole exchange. */
  Outcome deliver(byte[] json, Duration timeout);

  /** Where, for the startup line; never includes a secret. */
  String describe();

  /** After the last delivery. */
  default void close() {}

  /** What became of one delivery. */
  final class Outcome {
    enum Kind {
      SENT,
      /** 429: try again after {@link #waitMillis}. */
      RATE_LIMITED,
      /** A network failure, timeout or 5xx: worth one more try. */
      TRANSIENT,
      /** Rejected (400, 401, 403, 413, 422 …): sending it again would fail again. */
      REJECTED,
      /** The local-mode file could not take it: already reported and counted by the transport. */
      NOT_WRITTEN_LOCALLY
    }

    static final Outcome NOT_WRITTEN_LOCALLY = new Outcome(Kind.NOT_WRITTEN_LOCALLY, 0, null);

    final Kind kind;
    /** Before the next request: the rate-limit wait (also after a SENT that used up the quota), else 0. */
    final long waitMillis;
    /** For the one diagnostic line: a status and Rollbar's message, or the exception. */
    final String detail;

    Outcome(Kind kind, long waitMillis, String detail) {
      this.kind = kind;
      this.waitMillis = waitMillis;
      this.detail = detail;
    }

    static Outcome sent(long waitMillis) {
      return new Outcome(Kind.SENT, waitMillis, null);
    }
  }
}
