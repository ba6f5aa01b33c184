package dev.quartet.bench.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bench/targets-why.md}: why a target is not met, one {@code ## target-id} heading a paragraph, written by
 * hand after a full run (the numbers come from the run, the reasons from whoever read it). The report puts each
 * paragraph, as one line, in the Targets table next to its unmet target.
 */
final class WhyNotes {
  private WhyNotes() {}

  static Map<String, String> parse(String markdown) {
    Map<String, String> notes = new LinkedHashMap<>();
    String id = null;
    StringBuilder text = new StringBuilder();
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("## ")) {
        put(notes, id, text);
        id = line.substring(3).trim();
        text.setLength(0);
      } else if (id != null && !line.isBlank() && !line.startsWith("<!--")) {
        text.append(text.length() == 0 ? "" : " ").append(line.trim());
      }
    }
    put(notes, id, text);
    return notes;
  }

  private static void put(Map<String, String> notes, String id, StringBuilder text) {
    if (id != null && text.length() > 0) {
      notes.put(id, text.toString().replace("|", "\\|"));
    }
  }
}
