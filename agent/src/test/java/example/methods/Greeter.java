package example.methods;

/** An app class that rules name in MethodsInstrumentationTest (outside dev.quartet, which is never instrumented). */
public class Greeter {
  private final String greeting;

  public Greeter(String greeting) {
    this.greeting = greeting;
  }

  public String getGreeting() {
    return greeting;
  }

  public String greet(String name) {
    return greeting + ", " + name;
  }

  public String greet(String name, int times) {
    return greet(name).repeat(times);
  }

  public static int twice(int n) {
    return 2 * n;
  }

  public int factorial(int n) {
    return n <= 1 ? 1 : n * factorial(n - 1);
  }

  public String fail(String why) {
    throw new IllegalStateException(why);
  }

  public void untouched() {}
}
