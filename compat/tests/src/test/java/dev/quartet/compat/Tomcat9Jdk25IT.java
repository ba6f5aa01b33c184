package dev.quartet.compat;

/** Standalone Tomcat 9 on Temurin 25 (-Dcompat.all=true). */
class Tomcat9Jdk25IT extends Tomcat9Compat {

  @Override
  protected Jdk jdk() {
    return Jdk.JDK_25;
  }

  @Override
  protected boolean inDefaultRun() {
    return false;
  }
}
