package dev.quartet.backend.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void lengthIsTheEncodedLength() {
    for (String s : new String[] {"", "abc", "é", "€", "😀", "aé€😀", "x".repeat(1000) + "😀"}) {
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.length(s), s);
    }
  }

  @Test
  void prefixNeverSplitsACharacter() {
    String s = "aé€😀";
    assertEquals("", Utf8.prefix(s, 0));
    assertEquals("a", Utf8.prefix(s, 1));
    assertEquals("a", Utf8.prefix(s, 2));
    assertEquals("aé", Utf8.prefix(s, 3));
    assertEquals("aé", Utf8.prefix(s, 5));
    assertEquals("aé€", Utf8.prefix(s, 6));
    assertEquals("aé€", Utf8.prefix(s, 9));
    assertEquals(s, Utf8.prefix(s, 10));
    assertEquals(s, Utf8.prefix(s, 100));
  }

  @Test
  void loneSurrogatesBecomeReplacementCharacters() {
    assertEquals("a\uFFFDb", Utf8.wellFormed("a\uD83Db"));
    assertEquals("a\uFFFD", Utf8.wellFormed("a\uDE00"));
    assertEquals("😀", Utf8.wellFormed("😀"));
    String plain = "no surrogates";
    assertEquals(plain, Utf8.wellFormed(plain));
  }
}
