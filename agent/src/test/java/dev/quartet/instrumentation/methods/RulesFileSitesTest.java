package dev.quartet.instrumentation.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.bootstrap.Bridge;
import dev.quartet.bootstrap.Capture;
import dev.quartet.rules.MethodRule;
import dev.quartet.rules.RulesFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules from a real rules file, judged against the classes they match when those load. */
class RulesFileSitesTest {
  @TempDir Path dir;

  @AfterEach
  void uninstall() {
    Bridge.install(Capture.NOOP);
  }

  private List<MethodRule> load(String yaml) throws Exception {
    Path file = dir.resolve("quartet-rules.yaml");
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    RulesFile.Loaded loaded = RulesFile.load(file);
    assertEquals(List.of(), loaded.problems());
    return loaded.rules();
  }

  @Test
  void aPropertyTheClassDoesNotHaveIsReportedWithItsLineAndLeftOutOfThatSiteOnly() throws Exception {
    List<MethodRule> rules =
        load(
            "rules:\n"
                + "  - class: example.methods.Accounts\n"
                + "    methods: [find]\n"
                + "    attributes:\n"
                + "      app.handle: return.handle\n"
                + "      app.secret: return.secret\n"
                + "      app.asked: handle\n");
    List<String> problems = new ArrayList<>();
    MethodTracing tracing = new MethodTracing(rules, false, (key, message) -> problems.add(message));
    Bridge.install(new RecordingCapture(tracing.sites()));
    InstrumentingLoader loader = new InstrumentingLoader(tracing.instrumentation());
    loader.loadClass("example.methods.Accounts");
    Site find = tracing.sites().all().get(0);
    assertEquals(List.of("app.handle", "app.asked"), new ArrayList<>(find.attributes.keySet()));
    assertTrue(find.readsArgs, "app.asked reads the parameter handle");
    assertEquals(1, problems.size(), problems.toString());
    String problem = problems.get(0);
    assertEquals(
        "rules: " + dir.resolve("quartet-rules.yaml") + ":2: `return.secret`: example.methods.Account has no public"
            + " getter getSecret()/isSecret() and no record component secret (fields and other methods cannot be read);"
            + " left out of the attribute app.secret of example.methods.Accounts.find (the rest of the rule applies)",
        problem);
  }

  @Test
  void aSiteThatReadsNoArgumentGetsNoArgumentArray() throws Exception {
    List<MethodRule> rules =
        load(
            "rules:\n"
                + "  - class: example.methods.Accounts\n"
                + "    methods: [list]\n"
                + "    span: {name: \"list-{size(return)}\"}\n"
                + "    attributes:\n"
                + "      app.count: size(return)\n");
    MethodTracing tracing = new MethodTracing(rules, false);
    RecordingCapture capture = new RecordingCapture(tracing.sites());
    Bridge.install(capture);
    InstrumentingLoader loader = new InstrumentingLoader(tracing.instrumentation());
    Object accounts = loader.loadClass("example.methods.Accounts").getConstructor().newInstance();
    accounts.getClass().getMethod("list", int.class).invoke(accounts, 2);
    assertEquals("enter Accounts.list this=set args=null", capture.events.get(0));
  }
}
