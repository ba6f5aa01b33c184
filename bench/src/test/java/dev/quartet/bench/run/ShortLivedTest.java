package dev.quartet.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShortLivedTest {
  @Test
  void bashTimesSecondLineIsTheChildrensUserPlusSystem() throws Exception {
    assertEquals(412 + 87, ShortLived.childrenCpuMillis("0m0.004s 0m0.001s\n0m0.412s 0m0.087s\n"), 1e-6);
    assertEquals(61_500 + 2_250, ShortLived.childrenCpuMillis("0m0.004s 0m0.001s\n1m1.500s 0m2.250s\n"), 1e-6);
  }

  @Test
  void anythingElseIsAnError() {
    assertThrows(IOException.class, () -> ShortLived.childrenCpuMillis("0m0.004s 0m0.001s\n"));
    assertThrows(IOException.class, () -> ShortLived.childrenCpuMillis("0m0.004s 0m0.001s\nsoon\n"));
  }

  @Test
  void helloCompilesAndRunsWithoutAnAgent() throws Exception {
    Path dir = Files.createTempDirectory("short-lived-test");
    Path javaBin = Paths.get(System.getProperty("java.home"), "bin", "java");
    ShortLived.Result r = ShortLived.run(javaBin, null, ShortLived.compileHello(dir.resolve("classes")), Map.of(),
        dir.resolve("run"));
    assertEquals(0, r.exitCode);
    assertEquals(List.of("hello"), r.output);
    assertTrue(r.cpuMs > 0 && r.wallMs > 0, r.cpuMs + " / " + r.wallMs);
  }
}
