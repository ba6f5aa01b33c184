package dev.quartet.bench.jmh;

import benchapp.Activities;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a rule costs per call (issue 11, "Cost"): the forked JVM runs with the agent attached and the rules file
 * {@code bench/jmh-method-rules.yaml} (paths relative to the repository root, where {@code bench/jmh.sh} runs JMH), so
 * the methods of {@link Activities} are instrumented exactly as an app's would be.
 *
 * <ul>
 *   <li>{@code unmatched}: a method no rule names. It is not instrumented, so this is the method alone.
 *   <li>{@code matched}: the same method body named by a rule with two attributes ({@code args[0]}, {@code
 *       size(return)}) and {@code start-trace: true}, so every call is a recorded span (a new trace), its
 *       attributes evaluated at exit and handed to every backend the environment enables.
 *   <li>{@code matchedOutsideRequest}: named by a rule that starts no trace: outside a request nothing is recorded.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xmx512m",
      "-XX:+UseG1GC",
      "-javaagent:agent/target/quartet-agent.jar",
      "-Dquartet.rules.file=bench/jmh-method-rules.yaml"
    })
@State(Scope.Thread)
public class MethodRulesBenchmark {
  private String user;

  @Setup
  public void setUp() {
    user = "andrewbrown";
  }

  @Benchmark
  public List<String> unmatched() {
    return Activities.plain(user);
  }

  @Benchmark
  public List<String> matched() {
    return Activities.home(user);
  }

  @Benchmark
  public List<String> matchedOutsideRequest() {
    return Activities.outsideRequest(user);
  }
}
