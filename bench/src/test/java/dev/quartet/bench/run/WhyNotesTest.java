package dev.quartet.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WhyNotesTest {
  @Test
  void eachHeadingsParagraphBecomesOneLine() {
    String md = "# Why\n\n<!-- how to write these -->\n\n## short-lived-wall\nThe SDKs load at premain:\n"
        + "  a | b.\n\n## jvm-warnings\n\n## startup-cpu/tomcat\nJIT.\n";
    assertEquals(Map.of("short-lived-wall", "The SDKs load at premain: a \\| b.", "startup-cpu/tomcat", "JIT."),
        WhyNotes.parse(md));
  }

  @Test
  void noNotesNoEntries() {
    assertEquals(Map.of(), WhyNotes.parse(""));
  }
}
