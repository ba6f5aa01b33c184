package example.methods;

/** An interface whose implementations a rule selects. */
public interface Task {
  String run(String input);
}
