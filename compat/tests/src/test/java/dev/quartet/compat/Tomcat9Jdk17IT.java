package dev.quartet.compat;

/** Standalone Tomcat 9 on JDK 17 (default run). */
class Tomcat9Jdk17IT extends Tomcat9Compat {

  @Override
  protected Jdk jdk() {
    return Jdk.JDK_17;
  }

  @Override
  protected boolean inDefaultRun() {
    return true;
  }
}
