package dev.quartet.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.smoke.AppProcess;
import dev.quartet.smoke.Http;
import dev.quartet.smoke.SmokeEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reloading a webapp must not leak its class loader through the agent: standalone Tomcat 11 serves the Log4j 2 WAR
 * (requests that log and fail, so every backend holds something of it), the manager reloads it 3 times, and
 * neither Tomcat's own {@code findleaks} (which runs a GC first) nor the heap (live webapp class loaders after a full
 * GC, by {@code jcmd GC.class_histogram}) may show an old loader still in memory, as neither does without the agent. CloudWatch is unreachable meanwhile, so its queue holds the WAR's log events and
 * exceptions.
 */
class TomcatReloadIT {

  static final int RELOADS = 3;

  /** Webapps deployed in each run: compat, examples, manager; each has one live class loader when nothing leaks. */
  static final int WEBAPPS = 3;

  /** What Tomcat's findleaks said, and how many webapp class loaders the heap holds after a full GC. */
  record Leaks(String findleaks, long liveWebappLoaders) {
    /** The manager answers "OK - No memory leaks found", or "OK - Found potential memory leaks in ..." + paths. */
    boolean none() {
      return findleaks.contains("No memory leaks found") && liveWebappLoaders == WEBAPPS;
    }
  }

  private Leaks reloadAndFindLeaks(String runName, boolean withAgent) {
    Backends backends = withAgent ? new Backends() : null;
    AppProcess.Builder b = StandaloneTomcat.launcher(runName, CompatEnv.path("compat.tomcat11.home"),
        Map.of("compat", CompatEnv.app("war-jakarta")), "/compat/health", true)
        .startTimeout(CompatContract.START_TIMEOUT);
    if (withAgent) {
      backends.cloudwatch.outage(true);
      b.agent(SmokeEnv.agentJar()).env(backends.env());
    }
    List<String> answers = new ArrayList<>();
    try (AppProcess tomcat = b.start()) {
      Http http = new Http(tomcat.port(), CompatContract.REQUEST_TIMEOUT);
      for (int i = 0; i <= RELOADS; i++) {
        http.get("/compat/hello");
        http.get("/compat/items/" + i);
        http.get("/compat/fail");
        if (i < RELOADS) {
          answers.add(StandaloneTomcat.manager(tomcat, "reload?path=/compat").trim());
        }
      }
      String findleaks = StandaloneTomcat.manager(tomcat, "findleaks?statusLine=true").trim();
      long loaders = liveInstances(tomcat, "org.apache.catalina.loader.ParallelWebappClassLoader");
      tomcat.stop(CompatContract.STOP_TIMEOUT);
      assertTrue(answers.stream().allMatch(a -> a.startsWith("OK")), () -> runName + ": reloads answered " + answers);
      Leaks leaks = new Leaks(findleaks, loaders);
      System.out.println("[compat] " + runName + ": " + leaks);
      return leaks;
    } finally {
      if (backends != null) {
        backends.close();
      }
    }
  }

  /** Live instances of {@code className} after a full GC ({@code jcmd GC.class_histogram} collects first). */
  static long liveInstances(AppProcess app, String className) {
    Path jcmd = Jdk.JDK_17.home().resolve("bin/jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(app.process().pid()), "GC.class_histogram")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("jcmd GC.class_histogram did not finish");
      }
      // "  42:             3            312  org.apache.catalina.loader.ParallelWebappClassLoader"
      return out.lines().map(String::trim).filter(l -> l.endsWith(" " + className))
          .mapToLong(l -> Long.parseLong(l.split("\\s+")[1])).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void reloadingAWarThreeTimesLeavesNoOldClassLoaderBehind() {
    Jdk.JDK_17.assumeInstalled();
    Leaks baseline = reloadAndFindLeaks("tomcat11-reload-plain", false);
    assertTrue(baseline.none(), () -> "without the agent Tomcat already leaks, so this test cannot tell the agent's: "
        + baseline);
    Leaks withAgent = reloadAndFindLeaks("tomcat11-reload-agent", true);
    assertTrue(withAgent.none(), () -> "after " + RELOADS + " reloads with the agent (" + WEBAPPS
        + " webapps deployed): " + withAgent);
  }
}
