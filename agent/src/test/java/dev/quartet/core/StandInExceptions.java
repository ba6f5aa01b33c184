package dev.quartet.core;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.MethodCall;

/** Exception classes named like the containers' and frameworks' ones, so tests need none of those jars (the real class where the test class path has it). */
final class StandInExceptions {
  private StandInExceptions() {}

  private static final java.util.Map<String, Class<?>> DEFINED = new java.util.HashMap<>();

  static synchronized Class<?> define(String name) throws Exception {
    Class<?> known = DEFINED.get(name);
    if (known != null) {
      return known;
    }
    try {
      // the servlet APIs are test dependencies (for the route tests): their real exceptions serve as they are
      known = Class.forName(name, false, StandInExceptions.class.getClassLoader());
      DEFINED.put(name, known);
      return known;
    } catch (ClassNotFoundException notOnTheClassPath) {
      // defined below
    }
    Class<?> superType = name.endsWith("ClientAbortException") || name.endsWith("EofException")
        ? java.io.IOException.class
        : Exception.class;
    Class<?> type =
        new ByteBuddy()
            .subclass(superType, net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy.Default.NO_CONSTRUCTORS)
            .name(name)
            .defineConstructor(Visibility.PUBLIC)
            .withParameters(String.class, Throwable.class)
            .intercept(
                MethodCall.invoke(superType.getDeclaredConstructor(String.class, Throwable.class))
                    .withAllArguments())
            .make()
            .load(new ClassLoader(StandInExceptions.class.getClassLoader()) {}, ClassLoadingStrategy.Default.WRAPPER)
            .getLoaded();
    DEFINED.put(name, type);
    return type;
  }
}
