package dev.quartet.backend.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamNamesTest {
  static final Instant START = Instant.parse("2026-01-21T09:30:00Z");
  static final long DAY = 86_400_000L;

  @Test
  void placeholdersAreFilled() {
    StreamNames n = new StreamNames("{hostname}/{service}/{pid}/{start}", "backend-flask", "web-1", 4242, START);
    assertEquals("web-1/backend-flask/4242/20260121T093000Z", n.forEvent(START.toEpochMilli()));
  }

  @Test
  void dateIsTheUtcDayOfEachEvent() {
    StreamNames n = new StreamNames("{service}-{date}", "svc", "h", 1, START);
    long t = START.toEpochMilli();
    assertEquals("svc-2026-01-21", n.forEvent(t));
    assertEquals("svc-2026-01-22", n.forEvent(t + DAY));
    assertEquals("svc-2026-01-21", n.forEvent(t));
  }

  @Test
  void namesAreMadeValid() {
    StreamNames n = new StreamNames("{hostname}*x", "s", "host:8080", 1, START);
    assertEquals("host-8080-x", n.forEvent(0));
    assertEquals(512, StreamNames.valid("a".repeat(600)).length());
    assertEquals("quartet", StreamNames.valid(""));
  }

  @Test
  void unknownPlaceholdersAreNamed() {
    assertEquals(List.of("{machine_name}"), StreamNames.unknown("{machine_name}/{pid}"));
    assertEquals(List.of(), StreamNames.unknown("{hostname}/{service}/{pid}/{date}/{start}"));
  }
}
