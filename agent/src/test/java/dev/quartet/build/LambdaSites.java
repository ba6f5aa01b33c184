package dev.quartet.build;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/** The lambda sites of a class file: its invokedynamics bootstrapped by {@code LambdaMetafactory}. */
public final class LambdaSites {
  private LambdaSites() {}

  /** One site: the interface method's name, the invokedynamic's descriptor, its bootstrap method and arguments. */
  public interface Site {
    void at(String samName, String desc, Handle bootstrap, Object[] args);
  }

  public static void forEach(byte[] classFile, Site site) {
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(int a, String n, String d, String s, String[] e) {
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) {
                    if (bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")) {
                      site.at(name, desc, bsm, args);
                    }
                  }
                };
              }
            },
            ClassReader.SKIP_DEBUG);
  }

  /** {@code altMetafactory} with FLAG_SERIALIZABLE: the sites the step never rewrites. */
  public static boolean serializable(Handle bootstrap, Object[] args) {
    return bootstrap.getName().equals("altMetafactory") && (((Integer) args[3]) & 1) != 0;
  }
}
