package example.methods;

public class UpperTask implements Task {
  @Override
  public String run(String input) {
    return input.toUpperCase();
  }

  public String other(String input) {
    return input;
  }
}
