package dev.quartet.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.smoke.AppProcess;
import dev.quartet.smoke.Http;
import dev.quartet.smoke.SmokeEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reloading a webapp must not leak its class loader through the agent: standalone Tomcat 11 serves the Log4j 2 WAR
 * (requests that log and fail, so every backend holds something of it), the manager reloads it 3 times, and
 * Tomcat's own {@code findleaks} (which runs a GC first) must report no old loader still in memory, as it reports
 * none without the agent. CloudWatch is unreachable meanwhile, so its queue holds the WAR's log events and
 * exceptions.
 */
class TomcatReloadIT {

  static final int RELOADS = 3;

  private String reloadAndFindLeaks(String runName, boolean withAgent) {
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
      String leaks = StandaloneTomcat.manager(tomcat, "findleaks?statusLine=true").trim();
      tomcat.stop(CompatContract.STOP_TIMEOUT);
      assertTrue(answers.stream().allMatch(a -> a.startsWith("OK")), () -> runName + ": reloads answered " + answers);
      return leaks;
    } finally {
      if (backends != null) {
        backends.close();
      }
    }
  }

  @Test
  void reloadingAWarThreeTimesLeavesNoOldClassLoaderBehind() {
    Jdk.JDK_17.assumeInstalled();
    String baseline = reloadAndFindLeaks("tomcat11-reload-plain", false);
    assertTrue(baseline.startsWith("OK"), () -> "without the agent Tomcat already finds leaks, so this test cannot"
        + " tell the agent's: " + baseline);
    String withAgent = reloadAndFindLeaks("tomcat11-reload-agent", true);
    assertTrue(withAgent.startsWith("OK"),
        () -> "after " + RELOADS + " reloads with the agent Tomcat's findleaks says: " + withAgent);
  }
}
