package dev.quartet.rules;

import dev.quartet.core.Span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML schema of docs/RULES.md: what loads, and each problem with its file and line. */
class RulesFileTest {
  @TempDir Path dir;

  private RulesFile.Loaded load(String yaml) throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    return RulesFile.load(file);
  }

  /** "line: message" of each problem, the file name checked once. */
  private List<String> problems(RulesFile.Loaded loaded) {
    List<String> out = new ArrayList<>();
    for (Problem p : loaded.problems()) {
      assertEquals(dir.resolve("rules.yaml").toString(), p.file());
      assertTrue(p.toString().startsWith(p.file() + ":" + p.line() + ": "), p.toString());
      out.add(p.line() + ": " + p.message());
    }
    return out;
  }

  private static void assertProblem(List<String> problems, int line, String part) {
    for (String p : problems) {
      if (p.startsWith(line + ": ") && p.contains(part)) {
        return;
      }
    }
    throw new AssertionError("no problem at line " + line + " containing \"" + part + "\" in " + problems);
  }

  @Test
  void everyKeyOfTheSchema() throws Exception {
    RulesFile.Loaded loaded =
        load(
            "rules:\n"
                + "  - class: cruddur.services.HomeActivities\n"
                + "    methods: [run]\n"
                + "    span:\n"
                + "      name: home-activities-mock-data\n"
                + "      kind: internal\n"
                + "    subsegment: mock-data\n"
                + "    attributes:\n"
                + "      app.now: now()\n"
                + "      app.result_length: size(return)\n"
                + "      app.constant: 3\n"
                + "    annotations:\n"
                + "      results: size(return)\n"
                + "    metadata:\n"
                + "      namespace:\n"
                + "        key:\n"
                + "          now: now()\n"
                + "          results-size: size(return)\n"
                + "    log:\n"
                + "      level: warn\n"
                + "      message: \"home: {size(return)} activities\"\n"
                + "    error-on-throw: false\n"
                + "    start-trace: true\n"
                + "  - implements: java.lang.Runnable\n"
                + "    methods:\n"
                + "      - run\n"
                + "      - \"find(java.lang.String, int)\"\n"
                + "      - name: get*\n"
                + "        parameters: []\n"
                + "    span: false\n"
                + "  - extends: com.example.BaseJob\n"
                + "    methods: execute\n"
                + "    subsegment: false\n"
                + "    span: \"job-{args[0]}\"\n"
                + "  - class: cruddur.web.*Servlet\n"
                + "    methods: [\"do*\"]\n");
    assertEquals(List.of(), problems(loaded));
    assertEquals(4, loaded.rules().size());

    MethodRule home = loaded.rules().get(0);
    assertEquals(dir.resolve("rules.yaml") + ":2", home.origin());
    assertEquals(TypeSelector.Kind.EXACT, home.type().kind());
    assertEquals("cruddur.services.HomeActivities", home.type().pattern());
    assertEquals("run", home.methods().get(0).name());
    assertNull(home.methods().get(0).parameterTypes());
    SpanRecipe r = home.recipe();
    Calls call = Calls.of().returning(List.of(1, 2, 3)).at(0L);
    assertEquals("home-activities-mock-data", r.name().render(call));
    assertEquals("mock-data", r.subsegmentName().render(call));
    assertEquals(Span.Kind.INTERNAL, r.kind());
    assertTrue(r.span());
    assertTrue(r.subsegment());
    assertEquals("1970-01-01T00:00:00Z", r.attributes().get("app.now").evaluate(call));
    assertEquals(3L, r.attributes().get("app.result_length").evaluate(call));
    assertEquals(3L, r.attributes().get("app.constant").evaluate(call));
    assertEquals(3L, r.annotations().get("results").evaluate(call));
    assertEquals(
        Map.of("now", "1970-01-01T00:00:00Z", "results-size", 3L),
        r.metadata().get("namespace").get("key").evaluate(call));
    assertEquals("WARN", r.log().level());
    assertEquals("home: 3 activities", r.log().message().render(call));
    assertFalse(r.errorOnThrow());
    assertTrue(r.startsTrace());

    MethodRule runnable = loaded.rules().get(1);
    assertEquals(TypeSelector.Kind.SUBTYPES_OF, runnable.type().kind());
    assertEquals("java.lang.Runnable", runnable.type().pattern());
    assertEquals(3, runnable.methods().size());
    assertEquals(List.of("java.lang.String", "int"), runnable.methods().get(1).parameterTypes());
    assertEquals(List.of(), runnable.methods().get(2).parameterTypes());
    assertTrue(runnable.methods().get(2).matchesName("getName"));
    assertFalse(runnable.methods().get(2).matchesName("setName"));
    assertFalse(runnable.recipe().span());
    assertTrue(runnable.recipe().subsegment());
    assertNull(runnable.recipe().name(), "no name: SimpleClassName.method");
    assertTrue(runnable.recipe().errorOnThrow(), "default");
    assertFalse(runnable.recipe().startsTrace(), "default");

    MethodRule job = loaded.rules().get(2);
    assertEquals(TypeSelector.Kind.SUBTYPES_OF, job.type().kind());
    assertEquals("execute", job.methods().get(0).name());
    assertEquals("job-42", job.recipe().name().render(Calls.of(42)));
    assertFalse(job.recipe().subsegment());

    MethodRule servlets = loaded.rules().get(3);
    assertEquals(TypeSelector.Kind.WILDCARD, servlets.type().kind());
    assertTrue(servlets.type().matchesName("cruddur.web.HomeActivitiesServlet"));
    assertFalse(servlets.type().matchesName("cruddur.services.HomeActivities"));
  }

  @Test
  void aBareListOfRulesIsAcceptedToo() throws Exception {
    RulesFile.Loaded loaded = load("- class: a.B\n  methods: [c]\n");
    assertEquals(List.of(), problems(loaded));
    assertEquals(1, loaded.rules().size());
  }

  @Test
  void schemaProblemsNameTheLineAndSkipOnlyTheirRule() throws Exception {
    RulesFile.Loaded loaded =
        load(
            "rules:\n"
                + "  - class: a.Good\n" // 2
                + "    methods: [run]\n"
                + "  - class: a.Typo\n" // 4
                + "    methods: [run]\n"
                + "    atributes:\n" // 6
                + "      x: args[0]\n"
                + "  - class: a.Empty\n" // 8
                + "    methods: []\n" // 9
                + "  - class: \"*Service\"\n" // 10
                + "    methods: [run]\n"
                + "  - class: java.lang.String\n" // 12
                + "    methods: [length]\n"
                + "  - class: a.Kinds\n" // 14
                + "    methods: [run]\n"
                + "    span: {name: x, kind: sideways}\n" // 16
                + "    error-on-throw: sometimes\n" // 17
                + "    log: {level: loud, message: hi}\n" // 18
                + "  - methods: [run]\n" // 19
                + "  - class: a.Both\n" // 20
                + "    implements: java.lang.Runnable\n" // 21
                + "    methods: [run]\n"
                + "  - class: a.Methods\n" // 23
                + "    methods: [\"run(String)\", \"bad-name\"]\n" // 24
                + "  - class: a.Values\n" // 25
                + "    methods: [run]\n"
                + "    attributes:\n"
                + "      x: [1, 2]\n" // 28
                + "    annotations:\n"
                + "      bad.key: args[0]\n" // 30
                + "    metadata:\n"
                + "      AWS.reserved: {k: \"args[0]\"}\n" // 32
                + "  - class: a.Nothing\n" // 33
                + "    methods: [run]\n"
                + "    span: false\n"
                + "    subsegment: false\n"
                + "  - class: a.AlsoGood\n" // 37
                + "    methods: [run]\n"
                + "    span: \"{args[0]\"\n"); // 39
    List<String> p = problems(loaded);
    assertProblem(p, 6, "unknown key \"atributes\" (accepted: class, implements, extends, methods, span,");
    assertProblem(p, 6, "the rule at line 4 is skipped");
    assertProblem(p, 9, "the list is empty");
    assertProblem(p, 10, "needs a fixed package");
    assertProblem(p, 12, "java.* (the JDK's and Quartet's own) cannot be instrumented");
    assertProblem(p, 16, "span kind \"sideways\": accepted values are internal, server, client, producer, consumer");
    assertProblem(p, 17, "error-on-throw: expected true or false, found \"sometimes\"");
    assertProblem(p, 18, "log level \"loud\": accepted values are trace, debug, info, warn, error");
    assertProblem(p, 19, "a rule needs class:");
    assertProblem(p, 21, "a rule names one of class, implements or extends");
    assertProblem(p, 24, "parameter type \"String\": write the fully qualified name (java.lang.String?)");
    assertProblem(p, 28, "must be one expression");
    assertProblem(p, 30, "X-Ray accepts letters, digits and _ only");
    assertProblem(p, 32, "X-Ray reserves names starting with AWS.");
    assertProblem(p, 33, "record nothing");
    assertProblem(p, 39, "a '{' without its '}'");
    assertEquals(1, loaded.rules().size(), loaded.rules().toString());
    assertEquals("a.Good", loaded.rules().get(0).type().pattern());
  }

  @Test
  void invalidYamlIsOneProblemWithItsLine() throws Exception {
    RulesFile.Loaded loaded = load("rules:\n  - class: a.B\n    methods: [run\n  - class: c.D\n");
    assertEquals(0, loaded.rules().size());
    assertEquals(1, loaded.problems().size());
    assertTrue(loaded.problems().get(0).message().startsWith("not valid YAML"), loaded.problems().toString());
    assertTrue(loaded.problems().get(0).line() >= 3, loaded.problems().toString());
  }

  @Test
  void duplicateKeysAndYamlTagsAreProblemsNotObjects() throws Exception {
    RulesFile.Loaded dup = load("rules:\n  - class: a.B\n    methods: [run]\n    methods: [stop]\n");
    assertEquals(0, dup.rules().size());
    assertProblem(problems(dup), 4, "duplicate key");
    // a global tag would construct any class with an object-building loader: SnakeYAML 2 refuses it outright
    RulesFile.Loaded tagged =
        load("rules:\n  - class: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n    methods: [run]\n");
    assertEquals(0, tagged.rules().size());
    assertProblem(problems(tagged), 2, "Global tag is not allowed");
  }

  @Test
  void aMissingFileIsOneProblem() {
    RulesFile.Loaded loaded = RulesFile.load(dir.resolve("nope.yaml"));
    assertEquals(0, loaded.rules().size());
    assertTrue(loaded.problems().get(0).toString().contains("nope.yaml: cannot be read"), loaded.problems().toString());
  }

  @Test
  void anEmptyFileHasNoRulesAndNoProblems() throws Exception {
    RulesFile.Loaded loaded = load("# nothing yet\n");
    assertEquals(0, loaded.rules().size());
    assertEquals(List.of(), loaded.problems());
  }
}
