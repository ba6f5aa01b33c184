package dev.quartet.compat;

/** Standalone Tomcat 11 on Temurin 25 (default run). */
class Tomcat11Jdk25IT extends Tomcat11Compat {

  @Override
  protected Jdk jdk() {
    return Jdk.JDK_25;
  }

  @Override
  protected boolean inDefaultRun() {
    return true;
  }
}
