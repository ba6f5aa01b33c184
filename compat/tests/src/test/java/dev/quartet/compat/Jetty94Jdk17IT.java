package dev.quartet.compat;

/** Embedded Jetty 9.4 (Servlet 3.1, Logback) on JDK 17 (default run). */
class Jetty94Jdk17IT extends EmbeddedServletCompat {

  Jetty94Jdk17IT() {
    super("jetty94", "compat.jetty94", "Jetty94Failure", "org.eclipse.jetty", "hello from Jetty 9.4");
  }

  @Override
  protected Jdk jdk() {
    return Jdk.JDK_17;
  }

  @Override
  protected boolean inDefaultRun() {
    return true;
  }
}
