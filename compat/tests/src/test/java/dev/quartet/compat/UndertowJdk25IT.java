package dev.quartet.compat;

/** Embedded Undertow 2.3 (JUL) on Temurin 25 (default run). */
class UndertowJdk25IT extends EmbeddedServletCompat {

  UndertowJdk25IT() {
    super("undertow", "compat.undertow", "UndertowFailure", "io.undertow.request", "hello from Undertow");
  }

  @Override
  protected Jdk jdk() {
    return Jdk.JDK_25;
  }

  @Override
  protected boolean inDefaultRun() {
    return true;
  }
}
