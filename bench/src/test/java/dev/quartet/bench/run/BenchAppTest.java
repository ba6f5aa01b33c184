package dev.quartet.bench.run;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchAppTest {
  static final String SERVER_XML = "<Server port=\"8005\" shutdown=\"SHUTDOWN\">\n"
      + "  <Service name=\"Catalina\">\n"
      + "    <Connector port=\"8080\" protocol=\"HTTP/1.1\" connectionTimeout=\"20000\" redirectPort=\"8443\" />\n"
      + "  </Service>\n</Server>\n";

  @Test
  void tomcatsConnectorMovesToTheLoopbackPortAndTheShutdownPortCloses() {
    String moved = BenchApp.onPort(SERVER_XML, 43210);
    assertTrue(moved.contains("<Connector address=\"127.0.0.1\" port=\"43210\" protocol=\"HTTP/1.1\""), moved);
    assertTrue(moved.contains("<Server port=\"-1\""), moved);
  }

  @Test
  void aServerXmlOfAnotherShapeIsAnErrorNotASilentPort8080() {
    assertThrows(IllegalStateException.class, () -> BenchApp.onPort(SERVER_XML.replace("8080", "9090"), 1));
  }
}
