package example.methods;

public class ReverseTask extends BaseTask {
  @Override
  public String run(String input) {
    return new StringBuilder(input).reverse().toString();
  }
}
