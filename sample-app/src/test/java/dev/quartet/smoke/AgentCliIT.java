package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code java -jar quartet-agent.jar …}: help, version, and a command it does not know. */
class AgentCliIT {

  private static AppProcess run(String name, String... args) {
    AppProcess p = AppProcess.builder(name).jar(SmokeEnv.agentJar()).args(args).awaitHealth(false).start();
    assertTrue(p.waitFor(Duration.ofSeconds(60)), name + " did not finish");
    return p;
  }

  @Test
  void helpListsTheCommandsAndSucceeds() {
    try (AppProcess p = run("AgentCliIT-help", "--help")) {
      assertEquals(0, p.exitValue(), p::stderr);
      String out = p.stdout();
      for (String expected : new String[] {"java -javaagent:quartet-agent.jar -jar your-app.jar",
          "report [DIR] [--top N]", "--version", "--help"}) {
        assertTrue(out.contains(expected), () -> "no '" + expected + "' in\n" + out);
      }
    }
  }

  @Test
  void versionPrintsTheVersion() {
    try (AppProcess p = run("AgentCliIT-version", "--version")) {
      assertEquals(0, p.exitValue(), p::stderr);
      assertTrue(p.stdout().trim().matches("Quartet \\d+\\.\\d+\\.\\d+\\S*"), p::stdout);
    }
  }

  @Test
  void anUnknownCommandIsNamedAndFails() {
    try (AppProcess p = run("AgentCliIT-unknown", "frobnicate")) {
      assertEquals(2, p.exitValue(), p::stderr);
      assertTrue(p.stderr().contains("unknown command 'frobnicate'"), p::stderr);
      assertTrue(p.stderr().contains("report [DIR]"), "followed by the usage: " + p.stderr());
    }
  }
}
