package dev.quartet.instrumentation.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.quartet.bootstrap.Bridge;
import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.instrumentation.AdviceTransformer;
import dev.quartet.instrumentation.ClassFileFilter;
import dev.quartet.instrumentation.InstrumentationModule;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Trace context across threads ({@link TaskContexts}): where the JDK hands a task to another thread, and where that
 * thread runs it.
 *
 * <ul>
 *   <li>{@code ThreadPoolExecutor} (every {@code Executors.*} pool but the fork-join ones): {@code execute} hands
 *       over ({@code submit} and {@code invokeAll} go through it); in {@code runWorker}, the call {@code task.run()}
 *       becomes {@link Bridge#runTask}, which runs the same task in its context.
 *   <li>{@code ScheduledThreadPoolExecutor}: {@code delayedExecute} hands over every scheduled task.
 *   <li>{@code ForkJoinPool}: a work queue's {@code push}/{@code lockedPush} hands over every task ({@code execute},
 *       {@code submit}, {@code invoke}, {@code fork()}, the common pool of {@code CompletableFuture} and parallel
 *       streams); {@code ForkJoinTask.doExec} runs it.
 *   <li>{@code Thread.start} hands the thread over; {@code Thread.run}, and {@code run} of the app's subclasses of
 *       {@code Thread}, run it.
 * </ul>
 *
 * Five JDK classes, loaded before the agent starts, are retransformed: that is the whole cost at startup.
 */
public final class ConcurrentInstrumentation implements InstrumentationModule {
  static final String THREAD_POOL_EXECUTOR = "java.util.concurrent.ThreadPoolExecutor";
  static final String SCHEDULED_THREAD_POOL_EXECUTOR = "java.util.concurrent.ScheduledThreadPoolExecutor";
  static final String FORK_JOIN_TASK = "java.util.concurrent.ForkJoinTask";
  static final String WORK_QUEUE = "java.util.concurrent.ForkJoinPool$WorkQueue";
  static final String THREAD = "java.lang.Thread";

  @Override
  public String name() {
    return "concurrent";
  }

  @Override
  public Setting enabledBy() {
    return Settings.CONCURRENT_ENABLED;
  }

  /**
   * No class triggers this module by itself ({@code DeferredInstall}): there is no context to carry
   * before a server, logging or client class loads, and the JDK classes loaded by then are retransformed at install.
   */
  @Override
  public java.util.List<String> usedBy() {
    return java.util.Collections.emptyList();
  }

  /**
   * Of the app's classes, subclasses of {@code Thread} that override {@code run()}, however far down (one extending
   * another library's thread class need not name {@code java/lang/Thread}).
   */
  @Override
  public ClassFileFilter.Interest transforms() {
    return ClassFileFilter.Interest.declaring("run", "()V");
  }

  @Override
  public ElementMatcher<TypeDescription> jdkTypes() {
    return named(THREAD_POOL_EXECUTOR)
        .or(named(SCHEDULED_THREAD_POOL_EXECUTOR))
        .or(named(FORK_JOIN_TASK))
        .or(named(WORK_QUEUE))
        .or(named(THREAD));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, ClassLoader adviceLoader) {
    AsmVisitorWrapper runInContext =
        new AsmVisitorWrapper.ForDeclaredMethods().method(named("runWorker"), new RunTaskCall());
    return builder
        .type(named(THREAD_POOL_EXECUTOR))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(
                    named("execute").and(takesArguments(1)).and(takesArgument(0, Runnable.class)),
                    TaskSubmittedAdvice.class.getName()))
        .transform((b, type, loader, module, domain) -> b.visit(runInContext))
        .type(named(SCHEDULED_THREAD_POOL_EXECUTOR))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(named("delayedExecute").and(takesArguments(1)), TaskSubmittedAdvice.class.getName()))
        .type(named(WORK_QUEUE))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(
                    named("push").or(named("lockedPush")).and(takesArgument(0, named(FORK_JOIN_TASK))),
                    TaskSubmittedAdvice.class.getName()))
        .type(named(FORK_JOIN_TASK))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(named("doExec").and(takesArguments(0)), TaskRunAdvice.class.getName()))
        .type(named(THREAD))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(named("start").and(takesArguments(0)), ThreadStartAdvice.class.getName())
                .advice(named("run").and(takesArguments(0)), TaskRunAdvice.class.getName()))
        .type(hasSuperClass(named(THREAD)).and(not(named(THREAD))))
        .transform(
            AdviceTransformer.from(adviceLoader)
                .advice(named("run").and(takesArguments(0)).and(not(isAbstract())), TaskRunAdvice.class.getName()));
  }
}
