package dev.quartet.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Build step of the agent jar (run by the antrun step in agent/pom.xml in source-file mode): removes the
 * LocalVariableTable and LocalVariableTypeTable attributes from the relocated third-party classes. They only name
 * local variables for debuggers; nothing reads them at run time. Line numbers and source file names stay, so stack
 * traces are unchanged. The code, its stack map frames and everything else are written back as they were (ASM's
 * reader/writer round trip, the same one maven-shade applies when it relocates).
 *
 * <p>Arguments: the directories whose .class files are rewritten in place.
 */
public final class StripLocalVariableTables {
  public static void main(String[] args) throws IOException {
    long before = 0;
    long after = 0;
    int classes = 0;
    for (String dir : args) {
      List<Path> files;
      try (Stream<Path> s = Files.walk(Path.of(dir))) {
        files = s.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
      }
      for (Path f : files) {
        byte[] in = Files.readAllBytes(f);
        byte[] out = strip(in);
        Files.write(f, out);
        before += in.length;
        after += out.length;
        classes++;
      }
    }
    System.out.println(
        "StripLocalVariableTables: " + classes + " classes, " + before + " -> " + after + " bytes");
  }

  static byte[] strip(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(0); // a fresh constant pool: the variable names go too
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(
                Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
              @Override
              public void visitLocalVariable(
                  String name, String desc, String sig, Label start, Label end, int index) {
                // dropped: LocalVariableTable / LocalVariableTypeTable entry
              }
            };
          }
        },
        ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }
}
