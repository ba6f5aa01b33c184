package dev.quartet.compat;

/** Embedded Undertow 2.3 (JUL) on JDK 17 (default run). */
class UndertowJdk17IT extends EmbeddedServletCompat {

  UndertowJdk17IT() {
    super("undertow", "compat.undertow", "UndertowFailure", "io.undertow.request", "hello from Undertow");
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
