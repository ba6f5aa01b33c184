package dev.quartet.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.config.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules.fromSettings: the rules file and OTEL_INSTRUMENTATION_METHODS_INCLUDE, each problem one reported line. */
class RulesTest {
  @TempDir Path dir;

  @Test
  void loadsBothSourcesAndReportsEachProblemOnce() throws Exception {
    Path file = dir.resolve("quartet-rules.yaml");
    Files.write(
        file,
        "rules:\n  - class: a.B\n    methods: [run]\n  - class: c.D\n    methods: []\n".getBytes(StandardCharsets.UTF_8));
    List<String> reported = new ArrayList<>();
    Config config =
        Config.load(
            Map.of(
                "QUARTET_RULES_FILE", file.toString(),
                "OTEL_INSTRUMENTATION_METHODS_INCLUDE", "e.F[run];bad"),
            new Properties(),
            reported::add);

    List<MethodRule> rules = Rules.fromSettings(config);

    assertEquals(2, rules.size());
    assertEquals(file + ":2", rules.get(0).origin());
    assertEquals("OTEL_INSTRUMENTATION_METHODS_INCLUDE", rules.get(1).origin());
    assertEquals(2, reported.size(), reported.toString());
    assertTrue(reported.get(0).startsWith("rules: " + file + ":5: methods: the list is empty"), reported.get(0));
    assertTrue(reported.get(1).startsWith("rules: OTEL_INSTRUMENTATION_METHODS_INCLUDE: \"bad\""), reported.get(1));
  }

  @Test
  void theSystemPropertiesToo() {
    Properties p = new Properties();
    p.setProperty("otel.instrumentation.methods.include", "e.F[run]");
    p.setProperty("quartet.rules.file", dir.resolve("missing.yaml").toString());
    List<String> reported = new ArrayList<>();
    List<MethodRule> rules = Rules.fromSettings(Config.load(Map.of(), p, reported::add));
    assertEquals(1, rules.size());
    assertEquals(1, reported.size());
    assertTrue(reported.get(0).contains("missing.yaml: cannot be read"), reported.toString());
  }

  @Test
  void nothingSetNothingLoaded() {
    List<String> reported = new ArrayList<>();
    assertEquals(List.of(), Rules.fromSettings(Config.load(Map.of(), new Properties(), reported::add)));
    assertEquals(List.of(), reported);
  }
}
