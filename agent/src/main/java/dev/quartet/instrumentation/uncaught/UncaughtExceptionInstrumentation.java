package dev.quartet.instrumentation.uncaught;

import dev.quartet.config.Setting;
import dev.quartet.config.Settings;
import dev.quartet.core.AgentLog;
import dev.quartet.instrumentation.InstrumentationModule;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Exceptions that end a thread: {@code Thread.dispatchUncaughtException(Throwable)}, which the JVM calls on the
 * dying thread (platform threads from the VM, virtual threads from their run loop, the main thread included).
 *
 * <p>Why there and not in a handler: that method is the one place every uncaught exception passes, whoever then
 * handles it, a thread's own handler, its group, or the default handler. Installing a default handler (as
 * rollbar-java's {@code handleUncaughtErrors} does) would miss threads with their own handler and would fight the
 * app over the one default slot; advising {@code ThreadGroup.uncaughtException} would miss threads with their own
 * handler and groups that override it. The call runs before the handler, so an item is queued even when the
 * handler then halts the JVM, and it never changes what the handler does.
 *
 * <p>Why not with Byte Buddy like the other modules: any program can die of an exception, a {@code main} that runs
 * for a second too, so {@code Thread} must be instrumented from the start; Byte Buddy is only set up once the app
 * uses an instrumented library ({@code DeferredInstall}). Setting it up for this one call would cost every JVM a
 * second of CPU, where this transformer costs a few classes of ASM: it inserts, at the top of the method,
 * <pre>try { Bridge.uncaughtException(this, e); } catch (Throwable ignored) {}</pre>
 */
public final class UncaughtExceptionInstrumentation implements InstrumentationModule {
  static final String THREAD = "java/lang/Thread";
  static final String METHOD = "dispatchUncaughtException";
  static final String DESCRIPTOR = "(Ljava/lang/Throwable;)V";

  @Override
  public String name() {
    return "uncaught";
  }

  @Override
  public Setting enabledBy() {
    return Settings.UNCAUGHT_ENABLED;
  }

  @Override
  public List<String> usedBy() {
    return List.of(); // nothing for Byte Buddy: all of it is installed at start
  }

  @Override
  public void installAtStart(Instrumentation inst) {
    inst.addTransformer(new ThreadTransformer(), true);
    try {
      inst.retransformClasses(Thread.class);
    } catch (Throwable t) {
      AgentLog.warnOnce("instrument." + THREAD, "could not instrument " + Thread.class.getName(), t);
    }
  }

  private static final class ThreadTransformer implements ClassFileTransformer {
    @Override
    public byte[] transform(
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classfileBuffer) {
      if (loader != null || !THREAD.equals(className)) {
        return null;
      }
      try {
        ClassReader reader = new ClassReader(classfileBuffer);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ThreadVisitor(writer), 0);
        AgentLog.debug("instrumented " + Thread.class.getName());
        return writer.toByteArray();
      } catch (Throwable t) {
        AgentLog.warnOnce("instrument." + THREAD, "could not instrument " + Thread.class.getName(), t);
        return null;
      }
    }
  }

  private static final class ThreadVisitor extends ClassVisitor {
    ThreadVisitor(ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
      if (!METHOD.equals(name) || !DESCRIPTOR.equals(descriptor) || (access & Opcodes.ACC_STATIC) != 0) {
        return next;
      }
      return new MethodVisitor(Opcodes.ASM9, next) {
        @Override
        public void visitCode() {
          super.visitCode();
          Label tryStart = new Label();
          Label tryEnd = new Label();
          Label handler = new Label();
          Label original = new Label();
          super.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/Throwable");
          super.visitLabel(tryStart);
          super.visitVarInsn(Opcodes.ALOAD, 0);
          super.visitVarInsn(Opcodes.ALOAD, 1);
          super.visitMethodInsn(
              Opcodes.INVOKESTATIC,
              "dev/quartet/bootstrap/Bridge",
              "uncaughtException",
              "(Ljava/lang/Thread;Ljava/lang/Throwable;)V",
              false);
          super.visitLabel(tryEnd);
          super.visitJumpInsn(Opcodes.GOTO, original);
          super.visitLabel(handler);
          super.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Throwable"});
          super.visitInsn(Opcodes.POP);
          super.visitLabel(original);
          super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
          super.visitMaxs(Math.max(maxStack, 2), maxLocals);
        }
      };
    }
  }
}
