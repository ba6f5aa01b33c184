package example.methods;

/** An abstract implementation: its subclass is an implementation too. */
public abstract class BaseTask implements Task {
  @Override
  public abstract String run(String input);
}
