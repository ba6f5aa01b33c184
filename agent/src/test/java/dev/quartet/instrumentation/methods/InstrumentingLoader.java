package dev.quartet.instrumentation.methods;

import dev.quartet.instrumentation.IgnoredTypes;
import dev.quartet.instrumentation.InstrumentationModule;
import dev.quartet.instrumentation.TypePoolCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Loads the test's app classes ({@code example.*}) through the class-file transformer of an agent built as
 * AgentInstaller builds it, with only {@code module} installed: what a JVM with the agent attached would run, without
 * attaching one. Every other class comes from the test's class path (so the bridge is the one the test sees).
 */
final class InstrumentingLoader extends ClassLoader {
  private final ClassFileTransformer transformer;
  private final List<String> transformed = Collections.synchronizedList(new ArrayList<>());

  InstrumentingLoader(InstrumentationModule module) {
    super(InstrumentingLoader.class.getClassLoader());
    AgentBuilder builder =
        new AgentBuilder.Default(new ByteBuddy())
            .disableClassFormatChanges()
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(new TypePoolCache())
            .with(TypePoolCache.LOCATIONS)
            .ignore(new IgnoredTypes(ElementMatchers.none()));
    this.transformer = module.extend(builder, InstrumentingLoader.class.getClassLoader()).makeRaw();
  }

  /** The classes the transformer changed. */
  List<String> transformed() {
    return new ArrayList<>(transformed);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith("example.")) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        byte[] original = read(name);
        byte[] changed;
        try {
          changed = transformer.transform(this, name.replace('.', '/'), null, null, original);
        } catch (IllegalClassFormatException e) {
          throw new ClassNotFoundException(name, e);
        }
        if (changed != null) {
          transformed.add(name);
        }
        byte[] bytes = changed == null ? original : changed;
        c = defineClass(name, bytes, 0, bytes.length);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private byte[] read(String name) throws ClassNotFoundException {
    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
