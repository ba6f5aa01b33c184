package dev.quartet.instrumentation;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies advice classes to the methods they are meant for. Does what Byte Buddy's {@code Transformer.ForAdvice}
 * does, except that each advice class is read and resolved once, when the module is set up: {@code ForAdvice} parses
 * it again for every class it instruments, a fifth of the instrumentation's cost while a Jetty app starts. The types
 * the advice classes name (Byte Buddy's annotations, the JDK's types) are parsed once for all of them.
 */
public final class AdviceTransformer implements AgentBuilder.Transformer {
  private final Advice.WithCustomMapping mapping;
  private final ClassFileLocator adviceClassFiles;
  private final TypePool advicePool;
  private final List<AsmVisitorWrapper> wrappers = new ArrayList<>();

  /** The class files and type pool of the advice classes, per loader (only Quartet's, in practice). */
  private static final Map<ClassLoader, TypePool> POOLS = new WeakHashMap<>();

  private AdviceTransformer(Advice.WithCustomMapping mapping, ClassLoader adviceLoader) {
    this.mapping = mapping;
    this.adviceClassFiles = ClassFileLocator.ForClassLoader.of(adviceLoader);
    synchronized (POOLS) {
      this.advicePool = POOLS.computeIfAbsent(adviceLoader, l -> TypePool.Default.of(adviceClassFiles));
    }
  }

  /** Advice classes read from {@code adviceLoader} (Quartet's own class loader, which maps them to .classdata). */
  public static AdviceTransformer from(ClassLoader adviceLoader) {
    return new AdviceTransformer(Advice.withCustomMapping(), adviceLoader);
  }

  /** Likewise, with values bound to the advice's custom annotations. */
  public static AdviceTransformer from(ClassLoader adviceLoader, Advice.WithCustomMapping mapping) {
    return new AdviceTransformer(mapping, adviceLoader);
  }

  /** Methods matching {@code methods} get the advice {@code adviceClass} (suppressed exceptions are dropped). */
  public AdviceTransformer advice(ElementMatcher<? super MethodDescription> methods, String adviceClass) {
    Advice advice =
        mapping
            .to(advicePool.describe(adviceClass).resolve(), adviceClassFiles)
            .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
    wrappers.add(advice.on(methods));
    return this;
  }

  @Override
  public DynamicType.Builder<?> transform(
      DynamicType.Builder<?> builder,
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      ProtectionDomain protectionDomain) {
    for (AsmVisitorWrapper wrapper : wrappers) {
      builder = builder.visit(wrapper);
    }
    return builder;
  }
}
