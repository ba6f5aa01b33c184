package dev.quartet.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcFsTest {
  @Test
  void threadsAreGroupedByTheirNames() {
    assertEquals("app", ProcFs.threadGroup("qtp1921242091-1"));
    assertEquals("jit", ProcFs.threadGroup("C2 CompilerThre"));
    assertEquals("gc", ProcFs.threadGroup("GC Thread#1"));
    assertEquals("gc", ProcFs.threadGroup("G1 Conc#0"));
    assertEquals("agent", ProcFs.threadGroup("quartet-xray-em"));
    assertEquals("agent", ProcFs.threadGroup("BatchSpanProces"));
  }

  @Test
  void cpuIsUtimePlusStimeCountedAfterTheCommandName() throws Exception {
    // a thread name with a space and a ')' of its own: fields are counted from the last ')'
    String stat = "4242 (C2 Compiler) x)) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 37 0 0 20 0 63 0 4567 "
        + "4096000000 90000 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 0 0 0\n";
    assertEquals(287, ProcFs.cpuTicks(stat));
  }

  @Test
  void aTruncatedStatLineIsAnError() {
    assertThrows(java.io.IOException.class, () -> ProcFs.cpuTicks("4242 (java) S 1 4242"));
    assertThrows(java.io.IOException.class, () -> ProcFs.cpuTicks(""));
  }

  @Test
  void theProcessOwnStatParses() throws Exception {
    long ticks = ProcFs.cpuTicks(java.nio.file.Files.readString(java.nio.file.Paths.get("/proc/self/stat")));
    assertTrue(ticks >= 0);
  }

  @Test
  void theGroupsAddUpToTheProcess() throws Exception {
    long pid = ProcessHandle.current().pid();
    long spin = System.nanoTime() + 300_000_000L;
    double sink = 0;
    while (System.nanoTime() < spin) {
      sink += Math.sqrt(sink + 1);
    }
    Map<String, Long> groups = ProcFs.cpuNanosByThreadGroup(pid);
    long total = ProcFs.cpuNanos(pid);
    long sum = groups.values().stream().mapToLong(Long::longValue).sum();
    // ended threads count in the process but no longer in any task: the groups may add up to a little less
    assertTrue(sum <= total + 50_000_000L && sum >= total / 2, sum + " of " + total + " (" + sink + ")");
    assertTrue(groups.get("agent") > 0, "this test's own thread is not a qtp/JIT/GC thread");
  }
}
