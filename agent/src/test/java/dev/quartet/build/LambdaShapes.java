package dev.quartet.build;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntBinaryOperator;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The shapes of lambdas and method references DesugarLambdasTest rewrites: captures of every kind, boxing,
 * unboxing and widening, private and public targets, constructors, interface methods, marker interfaces and
 * bridges, a serializable lambda (left alone). {@link #run()} records what each one does.
 */
public class LambdaShapes {
  interface Marker {}

  interface Named {
    String name();

    static Supplier<String> fromInterface(String s) {
      return () -> "itf:" + s; // a private static lambda body in an interface
    }

    default Supplier<String> defaulted() {
      return () -> "default:" + name(); // a private instance lambda body in an interface
    }
  }

  /** A generic interface whose specialisation needs a bridge (altMetafactory FLAG_BRIDGES). */
  interface Source<T> {
    T get();
  }

  interface StringSource extends Source<String> {
    @Override
    String get();
  }

  private final String prefix;

  private LambdaShapes(String prefix) {
    this.prefix = prefix;
  }

  private String decorate(String s) {
    return prefix + s;
  }

  private static String shout(String s) {
    return s.toUpperCase();
  }

  static long twice(int i) {
    return 2L * i;
  }

  public static List<String> run() throws Exception {
    List<String> out = new ArrayList<>();
    LambdaShapes shapes = new LambdaShapes(">");
    int local = 7;
    long big = 1L << 40;
    double d = 1.5;
    Supplier<String> noCapture = () -> "none";
    out.add(noCapture.get());
    out.add(String.valueOf(noCapture == noCapture()));
    Supplier<String> captures = () -> shapes.prefix + local + big + d;
    out.add(captures.get());
    Function<String, String> privateInstance = shapes::decorate;
    out.add(privateInstance.apply("x"));
    Function<String, String> privateStatic = LambdaShapes::shout;
    out.add(privateStatic.apply("y"));
    Function<String, LambdaShapes> privateConstructor = LambdaShapes::new;
    out.add(privateConstructor.apply("#").decorate("z"));
    Function<String, Integer> jdkVirtual = String::length; // int -> Integer
    out.add(String.valueOf(jdkVirtual.apply("four")));
    ToIntFunction<Integer> unbox = Integer::intValue; // Object -> Integer -> int
    out.add(String.valueOf(unbox.applyAsInt(41)));
    IntFunction<Long> widenAndBox = LambdaShapes::twice; // int -> long -> Long
    out.add(String.valueOf(widenAndBox.apply(21)));
    LongSupplier widen = () -> local; // int -> long
    out.add(String.valueOf(widen.getAsLong()));
    IntBinaryOperator primitives = Math::max;
    out.add(String.valueOf(primitives.applyAsInt(3, 9)));
    BiFunction<StringBuilder, String, StringBuilder> receiverFromArgument = StringBuilder::append;
    out.add(receiverFromArgument.apply(new StringBuilder("a"), "b").toString());
    Runnable voidFromValue = shapes::toString; // the value is dropped
    voidFromValue.run();
    Callable<List<String>> newArrayList = ArrayList::new;
    out.add(String.valueOf(newArrayList.call().size()));
    Runnable marked = (Runnable & Marker) () -> out.add("marked");
    marked.run();
    out.add(String.valueOf(marked instanceof Marker));
    StringSource bridged = () -> "bridged";
    out.add(bridged.get());
    out.add(String.valueOf(((Source<?>) bridged).get()));
    out.add(Named.fromInterface("s").get());
    Named named = () -> "n";
    out.add(named.defaulted().get());
    Supplier<String> serializable = (Supplier<String> & Serializable) () -> "serializable";
    out.add(serializable.get());
    Function<Object, String> castArgument = o -> ((String) o).trim();
    out.add(castArgument.apply(" t "));
    return out;
  }

  private static Supplier<String> noCapture() {
    return () -> "none";
  }
}
