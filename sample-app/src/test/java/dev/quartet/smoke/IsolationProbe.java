package dev.quartet.smoke;

import cruddur.App;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Runs inside a JVM with the agent attached, as app code would, and prints what the app's class loader can see:
 * one {@code name=where} line per class, where is {@code bootstrap}, {@code app}, or {@code absent}.
 */
public final class IsolationProbe {
  static final String[] CLASSES = {
    "dev.quartet.bootstrap.Bridge",
    "dev.quartet.agent.AgentInstaller",
    "dev.quartet.core.Dispatcher",
    "dev.quartet.shaded.io.opentelemetry.api.trace.Span",
    "dev.quartet.shaded.net.bytebuddy.ByteBuddy",
    "dev.quartet.shaded.com.fasterxml.jackson.databind.ObjectMapper",
    "io.opentelemetry.api.trace.Span",
    "io.opentelemetry.sdk.OpenTelemetrySdk",
    "net.bytebuddy.ByteBuddy",
    "com.fasterxml.jackson.databind.ObjectMapper",
  };

  private IsolationProbe() {}

  public static void main(String[] args) throws Exception {
    // Serve one instrumented request first, so that the agent is fully active when we look.
    App app = App.start(0);
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create("http://127.0.0.1:" + app.port() + "/api/health-check").toURL()
              .openConnection();
      System.out.println("request=" + c.getResponseCode() + " traceresponse=" + c.getHeaderField("traceresponse"));
      c.disconnect();
    } finally {
      app.stop();
    }
    ClassLoader appLoader = IsolationProbe.class.getClassLoader();
    for (String name : CLASSES) {
      String where;
      try {
        Class<?> c = Class.forName(name, false, appLoader);
        where = c.getClassLoader() == null ? "bootstrap" : "app";
      } catch (ClassNotFoundException e) {
        where = "absent";
      }
      System.out.println(name + "=" + where);
    }
    System.out.println(
        "app.jackson.version=" + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
  }
}
