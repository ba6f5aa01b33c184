package dev.quartet.compat;

/** Standalone Tomcat 11 on JDK 17 (default run). */
class Tomcat11Jdk17IT extends Tomcat11Compat {

  @Override
  protected Jdk jdk() {
    return Jdk.JDK_17;
  }

  @Override
  protected boolean inDefaultRun() {
    return true;
  }
}
