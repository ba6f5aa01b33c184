package dev.quartet.instrumentation;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The classes loaded before the install that Byte Buddy is handed to retransform: only those its ignore matcher
 * ({@link IgnoredTypes}) lets through, told from the {@code Class} alone. Byte Buddy applies that matcher too, but
 * only after it has asked the JVM whether each class is modifiable and built its class file locator, type pool,
 * module and protection domain (through reflective dispatchers): for the two thousand classes a JVM has loaded when
 * an app first touches a servlet or a logger, nearly all of them the JDK's or Quartet's own. On the sample app this
 * took the retransformation step from about 60 to 45 ms of the install's CPU (this filter's own pass included). The
 * classes left are the few JDK classes the modules instrument and the app's classes not ignored by name, each matched
 * by Byte Buddy as before.
 */
public final class RetransformCandidates implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {
  private final AgentBuilder.RedefinitionStrategy.DiscoveryStrategy loaded;
  private final ElementMatcher<? super TypeDescription> ignored;

  /** {@code loaded}: how Byte Buddy would find the loaded classes; {@code ignored}: the agent's ignore matcher. */
  public RetransformCandidates(
      AgentBuilder.RedefinitionStrategy.DiscoveryStrategy loaded, ElementMatcher<? super TypeDescription> ignored) {
    this.loaded = loaded;
    this.ignored = ignored;
  }

  @Override
  public Iterable<Iterable<Class<?>>> resolve(Instrumentation instrumentation) {
    Iterable<Iterable<Class<?>>> batches = loaded.resolve(instrumentation);
    return () ->
        new Iterator<Iterable<Class<?>>>() {
          private final Iterator<Iterable<Class<?>>> each = batches.iterator();

          @Override
          public boolean hasNext() {
            return each.hasNext();
          }

          @Override
          public Iterable<Class<?>> next() {
            List<Class<?>> candidates = new ArrayList<>();
            for (Class<?> type : each.next()) {
              if (mayTransform(type)) {
                candidates.add(type);
              }
            }
            return candidates;
          }
        };
  }

  /** Whether Byte Buddy should consider {@code type}: not an array nor a primitive, and not ignored. */
  public boolean mayTransform(Class<?> type) {
    if (type.isArray() || type.isPrimitive()) {
      return false;
    }
    try {
      return !ignored.matches(TypeDescription.ForLoadedType.of(type));
    } catch (Throwable t) {
      return true; // Byte Buddy decides, as without this filter
    }
  }
}
