package dev.quartet.compat;

/** Embedded Jetty 12 (ee10, Log4j 2) on JDK 17 (default run). */
class Jetty12Jdk17IT extends EmbeddedServletCompat {

  Jetty12Jdk17IT() {
    super("jetty12", "compat.jetty12", "Jetty12Failure", "org.eclipse.jetty", "hello from Jetty 12");
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
