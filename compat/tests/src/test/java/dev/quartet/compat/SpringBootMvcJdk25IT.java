package dev.quartet.compat;

/** Spring Boot MVC on Temurin 25 (default run). */
class SpringBootMvcJdk25IT extends SpringBootMvcCompat {

  @Override
  protected Jdk jdk() {
    return Jdk.JDK_25;
  }

  @Override
  protected boolean inDefaultRun() {
    return true;
  }
}
