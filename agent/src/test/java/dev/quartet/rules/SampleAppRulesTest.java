package dev.quartet.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample app's shipped rules load without a problem and compute what the students recorded. */
class SampleAppRulesTest {
  static final Path FILE = Paths.get("..", "sample-app", "quartet-rules.yaml");

  @Test
  void loadWithoutProblems() {
    RulesFile.Loaded loaded = RulesFile.load(FILE);
    assertEquals(List.of(), loaded.problems());
    assertEquals(2, loaded.rules().size());

    SpanRecipe home = loaded.rules().get(0).recipe();
    Calls call = Calls.of().returning(List.of(Map.of(), Map.of(), Map.of())).at(1_765_000_000_000L);
    assertEquals("home-activities-mock-data", home.name().render(call));
    assertEquals("mock-data", home.subsegmentName().render(call));
    assertEquals("2025-12-06T05:46:40Z", home.attributes().get("app.now").evaluateOrNull(call));
    assertEquals(3L, home.attributes().get("app.result_length").evaluateOrNull(call));
    assertEquals(
        Map.of("now", "2025-12-06T05:46:40Z", "results-size", 3L),
        home.metadata().get("namespace").get("key").evaluateOrNull(call));

    SpanRecipe user = loaded.rules().get(1).recipe();
    assertEquals("andrewbrown", user.attributes().get("app.user").evaluateOrNull(Calls.of("andrewbrown")));
  }
}
