package dev.quartet.compat;

/** Embedded Jetty 12 (ee10, Log4j 2) on Temurin 25 (-Dcompat.all=true). */
class Jetty12Jdk25IT extends EmbeddedServletCompat {

  Jetty12Jdk25IT() {
    super("jetty12", "compat.jetty12", "Jetty12Failure", "org.eclipse.jetty", "hello from Jetty 12");
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
