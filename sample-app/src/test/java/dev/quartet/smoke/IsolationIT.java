package dev.quartet.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The agent's isolation promise: nothing of Quartet but the bootstrap bridge is visible to the app, its third-party
 * code is relocated, and the app keeps its own library versions.
 */
class IsolationIT {

  @Test
  void jarHoldsOnlyTheBridgeOutsideInst() throws IOException {
    List<String> leaked = new ArrayList<>();
    List<String> unrelocated = new ArrayList<>();
    int classdata = 0;
    try (JarFile jar = new JarFile(SmokeEnv.agentJar().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("dev.quartet.bootstrap.QuartetAgent", main.getValue("Premain-Class"));
      assertEquals("dev.quartet.bootstrap.QuartetAgent", main.getValue("Agent-Class"));
      assertEquals("true", main.getValue("Can-Retransform-Classes"));
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (name.endsWith("/") || name.startsWith("META-INF/")) {
          continue;
        }
        if (name.startsWith("inst/")) {
          if (name.endsWith(".class")) {
            leaked.add(name); // a .class under inst/ would be findable by class-path scanners
          } else if (name.endsWith(".classdata")) {
            classdata++;
            if (!name.startsWith("inst/dev/quartet/")) {
              unrelocated.add(name);
            }
          }
        } else if (!name.startsWith("dev/quartet/bootstrap/")) {
          leaked.add(name);
        }
      }
    }
    assertTrue(leaked.isEmpty(), () -> "entries visible to the app's class loader: " + leaked);
    assertTrue(unrelocated.isEmpty(), () -> "third-party classes not relocated under dev.quartet: " + unrelocated);
    assertTrue(classdata > 1000, "the OpenTelemetry SDK, Byte Buddy and Jackson should be inside inst/");
  }

  @Test
  void appSeesOnlyTheBridgeAndKeepsItsOwnJackson() throws Exception {
    List<Path> cp = List.of(SmokeEnv.appJar(), SmokeEnv.testClassesLocation());
    try (AppProcess probe =
        AppProcess.withAgent("IsolationIT-probe")
            .mainClass(IsolationProbe.class.getName(), cp)
            .awaitHealth(false)
            .start()) {
      assertTrue(probe.waitFor(AppProcess.START_TIMEOUT), () -> "probe did not finish: " + probe.stderrTail());
      assertEquals(0, probe.exitValue(), () -> "probe failed: " + probe.stderrTail());
      Map<String, String> seen = new LinkedHashMap<>();
      for (String line : probe.stdout().split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          seen.put(line.substring(0, eq), line.substring(eq + 1).trim());
        }
      }
      assertTrue(seen.getOrDefault("request", "").startsWith("200 traceresponse=00-"),
          () -> "the probe's request was not traced, so the agent was not active: " + probe.stdout());
      assertEquals("bootstrap", seen.get("dev.quartet.bootstrap.Bridge"), "the bridge lives in the bootstrap loader");
      for (String hidden : new String[] {
          "dev.quartet.agent.AgentInstaller",
          "dev.quartet.core.Dispatcher",
          "dev.quartet.shaded.io.opentelemetry.api.trace.Span",
          "dev.quartet.shaded.net.bytebuddy.ByteBuddy",
          "dev.quartet.shaded.com.fasterxml.jackson.databind.ObjectMapper",
          "io.opentelemetry.api.trace.Span",
          "io.opentelemetry.sdk.OpenTelemetrySdk",
          "net.bytebuddy.ByteBuddy"}) {
        assertEquals("absent", seen.get(hidden), () -> hidden + " must not be visible to the app");
      }
      assertEquals("app", seen.get("com.fasterxml.jackson.databind.ObjectMapper"));
      assertTrue(seen.getOrDefault("app.jackson.version", "").startsWith("2.17."),
          () -> "the app must keep its own Jackson (2.17), saw " + seen.get("app.jackson.version"));
    }
  }
}
