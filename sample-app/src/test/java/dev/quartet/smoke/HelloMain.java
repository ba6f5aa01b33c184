package dev.quartet.smoke;

/** A {@code main} that prints one line and returns at once: the shortest-lived JVM. Run by {@link StartupIT}. */
public final class HelloMain {
  public static final String HELLO = "hello from a short-lived main";

  private HelloMain() {}

  public static void main(String[] args) {
    System.out.println(HELLO);
  }
}
