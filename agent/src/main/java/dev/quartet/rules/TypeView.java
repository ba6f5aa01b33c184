package dev.quartet.rules;

/** A type as {@link Expression#check} sees it: its name and its readable properties. */
public interface TypeView {
  /** Fully qualified ({@code java.util.Map}, {@code cruddur.User}, {@code int}). */
  String name();

  /**
   * The declared type of property {@code name}: the return type of a public non-static getter {@code getName()} or
   * {@code isName()} (boolean) without parameters, declared in or inherited by this type, or of the accessor of a
   * record component {@code name}; null when this type has none.
   */
  TypeView property(String name);

  /** True for java.util.Map and its subtypes ({@code m.key} reads a key). */
  boolean isMap();

  /**
   * True when this declared type says too little to judge at load time (java.lang.Object, a type variable): its
   * properties are judged on the actual object at run time.
   */
  boolean isOpen();
}
