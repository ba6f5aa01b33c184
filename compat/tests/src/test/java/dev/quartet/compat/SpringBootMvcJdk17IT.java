package dev.quartet.compat;

/** Spring Boot MVC on JDK 17 (default run). */
class SpringBootMvcJdk17IT extends SpringBootMvcCompat {

  @Override
  protected Jdk jdk() {
    return Jdk.JDK_17;
  }

  @Override
  protected boolean inDefaultRun() {
    return true;
  }
}
