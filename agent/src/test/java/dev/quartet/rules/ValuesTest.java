package dev.quartet.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.app.Fixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Expression results → the backends' types, truncated, never throwing. */
class ValuesTest {
  @Test
  void scalarsForAttributes() {
    assertEquals("x", Values.attribute("x"));
    assertEquals(3L, Values.attribute(3));
    assertEquals(3L, Values.attribute((short) 3));
    assertEquals(3L, Values.attribute(3L));
    assertEquals(1.5, Values.attribute(1.5f));
    assertEquals(true, Values.attribute(true));
    assertEquals("c", Values.attribute('c'));
    assertEquals("12.50", Values.attribute(new BigDecimal("12.50")), "no precision lost");
    assertEquals("SECONDS", Values.attribute(TimeUnit.SECONDS));
    assertNull(Values.attribute(null));
  }

  @Test
  void timesAsIso8601() {
    assertEquals("2026-12-05T11:48:20Z", Values.attribute(Instant.parse("2026-12-05T11:48:20Z")));
    assertEquals(
        "2026-12-05T11:48:20+02:00",
        Values.attribute(OffsetDateTime.of(2026, 12, 5, 11, 48, 20, 0, ZoneOffset.ofHours(2))));
    assertEquals("2026-12-05", Values.attribute(LocalDate.of(2026, 12, 5)));
    assertEquals("1970-01-01T00:00:01Z", Values.attribute(new Date(1000)));
  }

  @Test
  void listsAreHomogeneous() {
    assertEquals(List.of(1L, 2L), Values.attribute(List.of(1, 2)));
    assertEquals(List.of(1L, 2L), Values.attribute(new int[] {1, 2}));
    assertEquals(List.of("1", "a"), Values.attribute(Arrays.asList(1, null, "a")), "mixed: all text, nulls dropped");
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(i);
    }
    assertEquals(Values.MAX_ITEMS, ((List<?>) Values.attribute(many)).size());
  }

  @Test
  void anythingElseAsItsTextTruncated() {
    Fixtures.User user = new Fixtures.User("x", false);
    assertEquals(String.valueOf(user), Values.attribute(user));
    String big = "é".repeat(10_000);
    String cut = (String) Values.attribute(big);
    assertEquals(Values.MAX_TEXT, cut.length());
    assertTrue(cut.endsWith("..."));
    String emoji = "a" + "😀".repeat(5000);
    String cutEmoji = (String) Values.attribute(emoji);
    assertTrue(cutEmoji.length() <= Values.MAX_TEXT);
    assertTrue(!Character.isHighSurrogate(cutEmoji.charAt(cutEmoji.length() - 4)), "never half a surrogate pair");
  }

  @Test
  void aToStringThatThrowsLeavesTheValueOut() {
    assertNull(Values.attribute(new Fixtures.BadToString()));
    assertNull(Values.annotation(new Fixtures.BadToString()));
    assertNull(Values.metadata(new Fixtures.BadToString()));
    assertEquals("", Values.text(new Fixtures.BadToString()));
    assertEquals(List.of("a"), Values.attribute(Arrays.asList(new Fixtures.BadToString(), "a")));
  }

  @Test
  void annotationsAreScalars() {
    assertEquals(3L, Values.annotation(3));
    assertEquals("[1, 2]", Values.annotation(List.of(1, 2)));
  }

  @Test
  void metadataKeepsStructure() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("now", Instant.EPOCH);
    m.put("results-size", 3);
    m.put("tags", List.of("a", 1));
    assertEquals(
        Map.of("now", "1970-01-01T00:00:00Z", "results-size", 3L, "tags", List.of("a", 1L)), Values.metadata(m));
    Object deep = List.of(List.of(List.of(List.of(List.of("x")))));
    assertEquals(List.of(List.of(List.of(List.of("[x]")))), Values.metadata(deep), "deeper than 4 levels as text");
  }

  @Test
  void text() {
    assertEquals("", Values.text(null));
    assertEquals("3", Values.text(3));
    assertEquals("[1, 2]", Values.text(new int[] {1, 2}));
  }
}
