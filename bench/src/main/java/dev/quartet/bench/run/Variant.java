package dev.quartet.bench.run;

import dev.quartet.bench.sink.Sinks;
import java.nio.file.Path;
import java.util.Map;

/** One way of running the app: which agent, which environment, which sinks its backends talk to. */
final class Variant {
  final String id;
  final String label;
  final Path agentJar;
  final Map<String, String> env;
  final Sinks sinks;
  /**
   * One of the four compared side by side (startup measured, every load round); the others (backends down) run one
   * load round only.
   */
  final boolean main;

  Variant(String id, String label, Path agentJar, Map<String, String> env, Sinks sinks, boolean main) {
    this.id = id;
    this.label = label;
    this.agentJar = agentJar;
    this.env = env;
    this.sinks = sinks;
    this.main = main;
  }

  @Override
  public String toString() {
    return id;
  }
}
