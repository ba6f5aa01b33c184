package dev.quartet.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
