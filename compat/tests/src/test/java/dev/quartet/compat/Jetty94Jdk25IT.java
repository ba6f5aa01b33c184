package dev.quartet.compat;

/** Embedded Jetty 9.4 (Servlet 3.1, Logback) on Temurin 25 (-Dcompat.all=true). */
class Jetty94Jdk25IT extends EmbeddedServletCompat {

  Jetty94Jdk25IT() {
    super("jetty94", "compat.jetty94", "Jetty94Failure", "org.eclipse.jetty", "hello from Jetty 9.4");
  }

  @Override
  protected Jdk jdk() {
    return Jdk.JDK_25;
  }

  @Override
  protected boolean inDefaultRun() {
    return false;
  }
}
