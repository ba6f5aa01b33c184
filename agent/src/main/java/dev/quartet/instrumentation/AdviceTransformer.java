package dev.quartet.instrumentation;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
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
 * the advice classes name (Byte Buddy's annotations, the JDK's types) are parsed once for all of them, and an advice
 * class without custom bindings once for all the modules and methods that use it (the servlet module alone applies
 * {@code ServletAdvice} four times). Parsing advice, interpreted, is a fifth of the install's CPU, most of it the
 * first advice class's (Byte Buddy's classes loading).
 */
public final class AdviceTransformer implements AgentBuilder.Transformer {
  private final Advice.WithCustomMapping mapping;
  private final AdviceClasses adviceClasses;
  private final List<AsmVisitorWrapper> wrappers = new ArrayList<>();

  /** The advice classes of each loader (only Quartet's, in practice). */
  private static final Map<ClassLoader, AdviceClasses> BY_LOADER = new WeakHashMap<>();

  /** The class files and type pool of one loader's advice classes, and those parsed without custom bindings. */
  private static final class AdviceClasses {
    final ClassFileLocator classFiles;
    final TypePool pool;
    final Map<String, Advice> unbound = new HashMap<>(); // guarded by BY_LOADER

    AdviceClasses(ClassLoader loader) {
      this.classFiles = ClassFileLocator.ForClassLoader.of(loader);
      this.pool = TypePool.Default.of(classFiles);
    }
  }

  /** {@code mapping}: null for none (no custom annotation bound). */
  private AdviceTransformer(Advice.WithCustomMapping mapping, ClassLoader adviceLoader) {
    this.mapping = mapping;
    synchronized (BY_LOADER) {
      this.adviceClasses = BY_LOADER.computeIfAbsent(adviceLoader, AdviceClasses::new);
    }
  }

  /** Advice classes read from {@code adviceLoader} (Quartet's own class loader, which maps them to .classdata). */
  public static AdviceTransformer from(ClassLoader adviceLoader) {
    return new AdviceTransformer(null, adviceLoader);
  }

  /** Likewise, with values bound to the advice's custom annotations. */
  public static AdviceTransformer from(ClassLoader adviceLoader, Advice.WithCustomMapping mapping) {
    return new AdviceTransformer(mapping, adviceLoader);
  }

  /** Methods matching {@code methods} get the advice {@code adviceClass} (suppressed exceptions are dropped). */
  public AdviceTransformer advice(ElementMatcher<? super MethodDescription> methods, String adviceClass) {
    Advice advice;
    if (mapping == null) {
      synchronized (BY_LOADER) {
        advice = adviceClasses.unbound.computeIfAbsent(adviceClass, c -> parse(Advice.withCustomMapping(), c));
      }
    } else {
      advice = parse(mapping, adviceClass);
    }
    wrappers.add(advice.on(methods));
    return this;
  }

  private Advice parse(Advice.WithCustomMapping mapping, String adviceClass) {
    return mapping
        .to(adviceClasses.pool.describe(adviceClass).resolve(), adviceClasses.classFiles)
        .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING);
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
