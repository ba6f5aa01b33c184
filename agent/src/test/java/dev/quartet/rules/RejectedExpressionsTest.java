package dev.quartet.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rules file must never become a code-execution path: each attempt is rejected when the file loads, with its line,
 * and only its rule is skipped.
 */
class RejectedExpressionsTest {
  @TempDir Path dir;

  @Test
  void everyAttemptIsRejectedWithItsLine() throws Exception {
    String[] attempts = {
      "Runtime.getRuntime().exec('touch /tmp/pwned')",
      "Class.forName('java.lang.Runtime')",
      "System.exit(0)",
      "System.out",
      "Integer.MAX_VALUE",
      "this.setName('x')",
      "this.getSecret()",
      "this.#secret",
      "this->secret",
      "this::secret",
      "this.class.classLoader",
      "this['class']",
      "new java.lang.ProcessBuilder('ls')",
      "java.lang.System.getenv()",
      "'{' + T(java.lang.Runtime).getRuntime() + '}'",
      "${jndi:ldap://example.com/a}",
      "#{7*7}",
    };
    StringBuilder yaml = new StringBuilder("rules:\n");
    int line = 2;
    int[] lines = new int[attempts.length];
    for (int i = 0; i < attempts.length; i++) {
      yaml.append("  - class: a.C").append(i).append('\n'); // line
      yaml.append("    methods: [run]\n"); // line + 1
      yaml.append("    attributes:\n"); // line + 2
      yaml.append("      x: \"").append(attempts[i].replace("\"", "\\\"")).append("\"\n"); // line + 3
      lines[i] = line + 3;
      line += 4;
    }
    yaml.append("  - class: a.Fine\n    methods: [run]\n    attributes:\n      x: args[0].name\n");
    Path file = dir.resolve("evil.yaml");
    Files.write(file, yaml.toString().getBytes(StandardCharsets.UTF_8));

    RulesFile.Loaded loaded = RulesFile.load(file);

    List<Problem> problems = loaded.problems();
    assertEquals(attempts.length, problems.size(), problems.toString());
    for (int i = 0; i < attempts.length; i++) {
      Problem p = problems.get(i);
      assertEquals(lines[i], p.line(), attempts[i] + " → " + p);
      assertTrue(p.message().contains("`" + attempts[i] + "`"), p.toString());
      assertTrue(p.message().endsWith("the rule at line " + (lines[i] - 3) + " is skipped"), p.toString());
    }
    assertEquals(1, loaded.rules().size());
    assertEquals("a.Fine", loaded.rules().get(0).type().pattern());
  }

  @Test
  void inTemplatesToo() throws Exception {
    Path file = dir.resolve("evil.yaml");
    Files.write(
        file,
        ("rules:\n  - class: a.B\n    methods: [run]\n    span: \"x-{System.getenv('AWS_SECRET_ACCESS_KEY')}\"\n"
                + "    log: {message: \"{Runtime.getRuntime().exec('id')}\"}\n")
            .getBytes(StandardCharsets.UTF_8));
    RulesFile.Loaded loaded = RulesFile.load(file);
    assertEquals(0, loaded.rules().size());
    assertEquals(2, loaded.problems().size(), loaded.problems().toString());
    assertEquals(4, loaded.problems().get(0).line());
    assertEquals(5, loaded.problems().get(1).line());
    assertTrue(loaded.problems().get(0).message().contains("classes and static members cannot be reached"));
  }
}
