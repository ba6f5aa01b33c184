package dev.quartet.instrumentation.concurrent;

import dev.quartet.bootstrap.Bridge;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;

/**
 * In {@code ThreadPoolExecutor.runWorker}, the pool's call {@code task.run()} becomes {@link Bridge#runTask}{@code
 * (task)}, which runs the same task within its context. Advice cannot bracket one task there (the method loops over
 * every task the worker ever runs), and {@code beforeExecute}/{@code afterExecute} are the app's to override.
 * Both calls take the task off the stack and return nothing, so the method's frames stay as they are.
 */
final class RunTaskCall implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
  private static final String RUNNABLE = Type.getInternalName(Runnable.class);
  private static final String BRIDGE = Type.getInternalName(Bridge.class);
  private static final String RUN_TASK = "runTask";
  private static final String RUN_TASK_DESCRIPTOR = "(L" + RUNNABLE + ";)V";

  @Override
  public MethodVisitor wrap(
      TypeDescription instrumentedType,
      MethodDescription instrumentedMethod,
      MethodVisitor methodVisitor,
      Implementation.Context implementationContext,
      TypePool typePool,
      int writerFlags,
      int readerFlags) {
    return new MethodVisitor(Opcodes.ASM9, methodVisitor) {
      @Override
      public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (opcode == Opcodes.INVOKEINTERFACE && RUNNABLE.equals(owner) && "run".equals(name) && "()V".equals(descriptor)) {
          super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, RUN_TASK, RUN_TASK_DESCRIPTOR, false);
        } else {
          super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
      }
    };
  }
}
