package dev.quartet.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmWarningsTest {
  static final String CDS = "OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes"
      + " because bootstrap classpath has been appended";

  @Test
  void theJvmsOwnWarningsAreFoundAndAppLogsAreNot() {
    List<String> lines = List.of(
        "[quartet] Quartet 0.1.0 on Java 17: …",
        CDS,
        "[0.012s][warning][cds] Archived non-system classes are disabled because the java.system.class.loader"
            + " property is specified",
        "WARNING: A Java agent has been loaded dynamically (/tmp/x.jar)",
        "12:00:01.123 [main] WARN  com.example.App - a warning of the app's, not of the JVM",
        "2026-12-05 WARNING [main] org.apache.catalina.startup.Catalina - the container's",
        "hello");
    assertEquals(List.of(
        CDS,
        "[warning][cds] Archived non-system classes are disabled because the java.system.class.loader property is"
            + " specified",
        "WARNING: A Java agent has been loaded dynamically (/tmp/x.jar)"), JvmWarnings.extract(lines));
  }

  @Test
  void eachWarningOnceAndUptimesDoNotMatter() {
    assertEquals(List.of("[warning][gc] x"),
        JvmWarnings.extract(List.of("[0.010s][warning][gc] x", "[1.5ms][warning][gc] x", "[warning][gc] x")));
  }

  @Test
  void addedAreTheAgentRunsWarningsTheOtherDidNotPrint() {
    List<String> none = List.of("WARNING: something the app's JVM options cause");
    List<String> agent = List.of("WARNING: something the app's JVM options cause", CDS);
    assertEquals(List.of(CDS), JvmWarnings.added(agent, none));
    assertEquals(List.of(), JvmWarnings.added(none, none));
  }
}
