package dev.quartet.rules;

import dev.quartet.core.AgentLog;
import java.lang.reflect.Array;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The rules' expression language, parsed by hand (recursive descent). The whole grammar:
 *
 * <pre>
 *   expression := path ('+' path)*
 *   path       := primary ('.' name | '.size()' | '.length()' | '[' integer ']' | '[' string ']')*
 *   primary    := 'args' | 'return' | 'this' | 'thrown' | parameterName
 *               | 'now()' | 'size(' expression ')' | 'length(' expression ')'
 *               | string | number | '(' expression ')'
 * </pre>
 *
 * There is deliberately no other call, no {@code new}, no class or static member (a name starting with a capital
 * letter is refused), no assignment: see docs/RULES.md and docs/SECURITY.md.
 */
public final class Expressions {
  private Expressions() {}

  static final Set<String> ROOTS = Set.of("args", "return", "this", "thrown");

  /** Parses {@code source}; {@code origin} ("quartet-rules.yaml:12") names it in run-time reports. */
  public static Expression parse(String source, String origin) throws ParseException {
    Parser p = new Parser(source);
    Node node = p.expression();
    p.skipSpaces();
    if (!p.atEnd()) {
      throw p.error("unexpected '" + p.peekText() + "'");
    }
    return new Compiled(source, origin, node);
  }

  /** An object of named expressions (a metadata value written as a YAML mapping): evaluates to a Map. */
  static Expression object(Map<String, Expression> fields, String source, String origin) {
    return new Compiled(source, origin, new ObjectNode(fields));
  }

  /** A constant (a YAML number or boolean written as a value). */
  static Expression constant(Object value, String origin) {
    return new Compiled(String.valueOf(value), origin, new Literal(value));
  }

  /** Why an expression was refused, and where in it (0-based column). */
  public static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int column;

    ParseException(String message, int column) {
      super(message, null, false, false);
      this.column = column;
    }

    public int column() {
      return column;
    }
  }

  // ---- evaluation tree ----

  interface Node {
    Object eval(Invocation inv) throws EvaluationException;

    /** Null when fine for this method, else what is wrong. */
    default String check(MethodView method, List<Object> typeOut) {
      typeOut.add(null);
      return null;
    }

    default void roots(Set<String> out) {}
  }

  private static final class Compiled implements Expression {
    private final String source;
    private final String origin;
    private final Node node;
    private final AtomicBoolean reported = new AtomicBoolean();

    Compiled(String source, String origin, Node node) {
      this.source = source;
      this.origin = origin;
      this.node = node;
    }

    @Override
    public Object evaluate(Invocation inv) throws EvaluationException {
      try {
        return node.eval(inv);
      } catch (EvaluationException e) {
        throw e;
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        throw new EvaluationException(e.toString());
      }
    }

    @Override
    public Object evaluateOrNull(Invocation inv) {
      try {
        return evaluate(inv);
      } catch (Throwable t) {
        if (reported.compareAndSet(false, true)) {
          AgentLog.warn(
              origin + ": the value `" + source + "` could not be read: " + t.getMessage()
                  + "; it is left out (reported once)");
        }
        return null;
      }
    }

    @Override
    public Set<String> identifiers() {
      Set<String> out = new LinkedHashSet<>();
      node.roots(out);
      return Collections.unmodifiableSet(out);
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public String check(MethodView method) {
      try {
        return node.check(method, new ArrayList<>());
      } catch (RuntimeException e) {
        return null; // a type description that cannot answer: judged at run time instead
      }
    }

    @Override
    public String toString() {
      return source;
    }
  }

  private static final class Literal implements Node {
    private final Object value;

    Literal(Object value) {
      this.value = value;
    }

    @Override
    public Object eval(Invocation inv) {
      return value;
    }
  }

  /** args, return, this, thrown, or a parameter's name. */
  private static final class Root implements Node {
    private final String name;

    Root(String name) {
      this.name = name;
    }

    @Override
    public Object eval(Invocation inv) throws EvaluationException {
      switch (name) {
        case "args":
          return inv.args();
        case "return":
          return inv.returned();
        case "this":
          return inv.self();
        case "thrown":
          return inv.thrown();
        default:
          String[] names = inv.parameterNames();
          Object[] args = inv.args();
          if (names != null) {
            for (int i = 0; i < names.length && i < args.length; i++) {
              if (name.equals(names[i])) {
                return args[i];
              }
            }
          }
          throw new EvaluationException(
              "the method has no parameter named " + name + noNamesHint(names) + " (args[i] reads by position)");
      }
    }

    @Override
    public String check(MethodView m, List<Object> typeOut) {
      switch (name) {
        case "args":
          typeOut.add(ARGS);
          return null;
        case "return":
          if (m.returnType() == null) {
            return "`return`: the method returns void";
          }
          typeOut.add(m.returnType());
          return null;
        case "this":
          if (m.isStatic()) {
            return "`this`: the method is static";
          }
          typeOut.add(m.declaringType());
          return null;
        case "thrown":
          typeOut.add(null);
          return null;
        default:
          boolean namesKnown = false;
          for (int i = 0; i < m.parameterCount(); i++) {
            String n = m.parameterName(i);
            namesKnown |= n != null;
            if (name.equals(n)) {
              typeOut.add(m.parameterType(i));
              return null;
            }
          }
          return "the method has no parameter named " + name
              + (namesKnown ? "" : " (its class was compiled without -parameters: use args[i])");
      }
    }

    @Override
    public void roots(Set<String> out) {
      out.add(name);
    }
  }

  private static String noNamesHint(String[] names) {
    if (names == null) {
      return " (its class was compiled without -parameters)";
    }
    for (String n : names) {
      if (n != null) {
        return "";
      }
    }
    return " (its class was compiled without -parameters)";
  }

  /** Marks the type of {@code args} in check (an Object[] whose element types the parameters give). */
  private static final Object ARGS = new Object();

  /** A node read from another's value ({@code x.name}, {@code x[1]}, {@code size(x)}): its roots are that one's. */
  private abstract static class OnTarget implements Node {
    final Node target;

    OnTarget(Node target) {
      this.target = target;
    }

    @Override
    public void roots(Set<String> out) {
      target.roots(out);
    }
  }

  /** {@code x.name} and {@code x['name']}. */
  private static final class Property extends OnTarget {
    private final String name;

    Property(Node target, String name) {
      super(target);
      this.name = name;
    }

    @Override
    public Object eval(Invocation inv) throws EvaluationException {
      return Properties.read(target.eval(inv), name);
    }

    @Override
    public String check(MethodView m, List<Object> typeOut) {
      List<Object> t = new ArrayList<>();
      String problem = target.check(m, t);
      if (problem != null) {
        return problem;
      }
      Object type = t.isEmpty() ? null : t.get(0);
      if (!(type instanceof TypeView)) {
        typeOut.add(null);
        return null;
      }
      TypeView tv = (TypeView) type;
      if (tv.isMap() || tv.isOpen()) {
        typeOut.add(null);
        return null;
      }
      String refused = Properties.refusedType(tv.name());
      if (refused != null) {
        return tv.name() + " " + refused;
      }
      TypeView p = tv.property(name);
      if (p == null) {
        return tv.name() + " has no public getter " + Properties.getterNames(name) + " and no record component "
            + name + " (fields and other methods cannot be read)";
      }
      String refusedResult = Properties.refusedType(p.name());
      if (refusedResult != null) {
        return name + " is a " + p.name() + ", which " + refusedResult;
      }
      typeOut.add(p);
      return null;
    }
  }

  /** {@code args[0]}, {@code list[2]}, {@code array[1]}. */
  private static final class Index extends OnTarget {
    private final int index;

    Index(Node target, int index) {
      super(target);
      this.index = index;
    }

    @Override
    public Object eval(Invocation inv) throws EvaluationException {
      Object t = target.eval(inv);
      if (t == null) {
        return null;
      }
      if (t instanceof List) {
        List<?> list = (List<?>) t;
        return index < list.size() ? list.get(index) : null;
      }
      if (t.getClass().isArray()) {
        if (index >= Array.getLength(t)) {
          if (target instanceof Root) {
            throw new EvaluationException("args[" + index + "]: the method has " + Array.getLength(t) + " argument(s)");
          }
          return null;
        }
        return Array.get(t, index);
      }
      throw new EvaluationException("[" + index + "] needs a list or an array, not a " + t.getClass().getName());
    }

    @Override
    public String check(MethodView m, List<Object> typeOut) {
      List<Object> t = new ArrayList<>();
      String problem = target.check(m, t);
      if (problem != null) {
        return problem;
      }
      if (!t.isEmpty() && t.get(0) == ARGS) {
        if (index >= m.parameterCount()) {
          return "args[" + index + "]: the method has " + m.parameterCount() + " parameter(s)";
        }
        typeOut.add(m.parameterType(index));
        return null;
      }
      typeOut.add(null);
      return null;
    }
  }

  /** size(x) / x.size() and length(x) / x.length(): the same thing under both names. */
  private static final class Size extends OnTarget {

    Size(Node target) {
      super(target);
    }

    @Override
    public Object eval(Invocation inv) throws EvaluationException {
      Object t = target.eval(inv);
      if (t == null) {
        return null;
      }
      if (t instanceof Collection) {
        return (long) ((Collection<?>) t).size();
      }
      if (t instanceof Map) {
        return (long) ((Map<?, ?>) t).size();
      }
      if (t instanceof CharSequence) {
        return (long) ((CharSequence) t).length();
      }
      if (t.getClass().isArray()) {
        return (long) Array.getLength(t);
      }
      throw new EvaluationException(
          "size/length needs a collection, map, array or string, not a " + t.getClass().getName());
    }

    @Override
    public String check(MethodView m, List<Object> typeOut) {
      typeOut.add(null);
      return target.check(m, new ArrayList<>());
    }
  }

  private static final class Now implements Node {
    @Override
    public Object eval(Invocation inv) {
      return Instant.ofEpochMilli(inv.startEpochMillis()).toString();
    }
  }

  /** a + b: text concatenation; two numbers add up. */
  private static final class Plus implements Node {
    private final Node left;
    private final Node right;

    Plus(Node left, Node right) {
      this.left = left;
      this.right = right;
    }

    @Override
    public Object eval(Invocation inv) throws EvaluationException {
      Object a = left.eval(inv);
      Object b = right.eval(inv);
      if (isIntegral(a) && isIntegral(b)) {
        return ((Number) a).longValue() + ((Number) b).longValue();
      }
      if (a instanceof Number && b instanceof Number && !(a instanceof java.math.BigDecimal)
          && !(b instanceof java.math.BigDecimal)) {
        return ((Number) a).doubleValue() + ((Number) b).doubleValue();
      }
      return Values.truncate(Values.text(a) + Values.text(b));
    }

    private static boolean isIntegral(Object o) {
      return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte;
    }

    @Override
    public String check(MethodView m, List<Object> typeOut) {
      typeOut.add(null);
      String problem = left.check(m, new ArrayList<>());
      return problem != null ? problem : right.check(m, new ArrayList<>());
    }

    @Override
    public void roots(Set<String> out) {
      left.roots(out);
      right.roots(out);
    }
  }

  /** A metadata value written as a mapping: each field evaluated on its own (a failing one is left out). */
  private static final class ObjectNode implements Node {
    private final Map<String, Expression> fields;

    ObjectNode(Map<String, Expression> fields) {
      this.fields = new LinkedHashMap<>(fields);
    }

    @Override
    public Object eval(Invocation inv) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Expression> e : fields.entrySet()) {
        Object v = e.getValue().evaluateOrNull(inv);
        if (v != null) {
          out.put(e.getKey(), v);
        }
      }
      return out;
    }

    @Override
    public String check(MethodView m, List<Object> typeOut) {
      typeOut.add(null);
      for (Expression e : fields.values()) {
        String problem = e.check(m);
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }

    @Override
    public void roots(Set<String> out) {
      for (Expression e : fields.values()) {
        out.addAll(e.identifiers());
      }
    }
  }

  // ---- parser ----

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    ParseException error(String message) {
      return new ParseException(message + " at column " + (pos + 1), pos);
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    String peekText() {
      int end = pos;
      while (end < s.length() && end - pos < 20 && !Character.isWhitespace(s.charAt(end))) {
        end++;
      }
      return s.substring(pos, Math.max(end, Math.min(pos + 1, s.length())));
    }

    void skipSpaces() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean eat(char c) {
      skipSpaces();
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    void expect(char c) throws ParseException {
      if (!eat(c)) {
        throw error(atEnd() ? "'" + c + "' expected at the end" : "'" + c + "' expected, found '" + s.charAt(pos) + "'");
      }
    }

    Node expression() throws ParseException {
      skipSpaces();
      if (atEnd()) {
        throw error("a value expected");
      }
      Node left = path();
      while (eat('+')) {
        left = new Plus(left, path());
      }
      skipSpaces();
      if (!atEnd() && s.charAt(pos) != ')' && s.charAt(pos) != ']') {
        throw refuse(s.charAt(pos));
      }
      return left;
    }

    private ParseException refuse(char c) {
      switch (c) {
        case '=':
          return error("assignment and comparison are not part of the language");
        case '-':
        case '*':
        case '/':
        case '%':
          return error("'" + c + "': only + (concatenation) is supported");
        case ':':
          return error("'::' method references are not part of the language");
        case '?':
          return error("conditionals are not part of the language");
        default:
          return error("unexpected '" + c + "'");
      }
    }

    Node path() throws ParseException {
      Node node = primary();
      while (true) {
        skipSpaces();
        if (eat('.')) {
          skipSpaces();
          int at = pos;
          String name = identifier("a property name after '.'");
          if (eat('(')) {
            pos = at;
            if (name.equals("size") || name.equals("length")) {
              pos += name.length();
              expect('(');
              expect(')');
              node = new Size(node);
              continue;
            }
            throw error("`" + name + "(…)`: calling methods is not allowed (only now(), size() and length());"
                + " read a property instead: x.name reads getName()");
          }
          checkPropertyName(name, at);
          node = new Property(node, name);
        } else if (eat('[')) {
          skipSpaces();
          if (pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"')) {
            int at = pos;
            String key = string();
            checkPropertyName(key, at);
            node = new Property(node, key);
          } else {
            int at = pos;
            Object n = number();
            if (!(n instanceof Long) || (Long) n > Integer.MAX_VALUE) {
              pos = at;
              throw error("an index must be a whole number or a quoted key");
            }
            node = new Index(node, ((Long) n).intValue());
          }
          expect(']');
        } else if (pos < s.length() && s.charAt(pos) == '(') {
          throw error("calling a value is not allowed");
        } else {
          return node;
        }
      }
    }

    private void checkPropertyName(String name, int at) throws ParseException {
      if (name.equals("class") || name.equals("classLoader") || name.equals("declaringClass")) {
        pos = at;
        throw error("`" + name + "`: classes cannot be reached from a rule");
      }
      if (name.isEmpty()) {
        pos = at;
        throw error("an empty key");
      }
    }

    Node primary() throws ParseException {
      skipSpaces();
      if (atEnd()) {
        throw error("a value expected at the end");
      }
      char c = s.charAt(pos);
      if (c == '\'' || c == '"') {
        return new Literal(string());
      }
      if (Character.isDigit(c)) {
        return new Literal(number());
      }
      if (c == '(') {
        pos++;
        Node inner = expression();
        expect(')');
        return inner;
      }
      if (!Character.isJavaIdentifierStart(c)) {
        throw error("unexpected '" + c + "'");
      }
      int at = pos;
      String name = identifier("a name");
      if (eat('(')) {
        switch (name) {
          case "now":
            expect(')');
            return new Now();
          case "size":
          case "length":
            Node arg = expression();
            expect(')');
            return new Size(arg);
          default:
            pos = at;
            throw error("`" + name + "(…)`: calling methods is not allowed (only now(), size(x) and length(x))");
        }
      }
      if (ROOTS.contains(name)) {
        return new Root(name);
      }
      if (name.equals("new")) {
        pos = at;
        throw error("`new`: creating objects is not allowed");
      }
      if (Character.isUpperCase(name.charAt(0)) || name.equals("java") || name.equals("javax")) {
        pos = at;
        throw error("`" + name + "`: classes and static members cannot be reached; a value starts with args, return,"
            + " this, thrown or a parameter's name");
      }
      return new Root(name);
    }

    String identifier(String what) throws ParseException {
      skipSpaces();
      if (atEnd() || !Character.isJavaIdentifierStart(s.charAt(pos))) {
        throw error(what + " expected" + (atEnd() ? " at the end" : ", found '" + s.charAt(pos) + "'"));
      }
      int start = pos;
      while (pos < s.length() && Character.isJavaIdentifierPart(s.charAt(pos))) {
        pos++;
      }
      return s.substring(start, pos);
    }

    String string() throws ParseException {
      char quote = s.charAt(pos);
      int start = pos;
      pos++;
      StringBuilder out = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == quote) {
          return out.toString();
        }
        if (c == '\\' && pos < s.length()) {
          out.append(s.charAt(pos++));
        } else {
          out.append(c);
        }
      }
      pos = start;
      throw error("a string without its closing " + quote);
    }

    Object number() throws ParseException {
      skipSpaces();
      int start = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      boolean decimal = false;
      if (pos < s.length() && s.charAt(pos) == '.' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1))) {
        decimal = true;
        pos++;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
      }
      String text = s.substring(start, pos);
      if (text.isEmpty()) {
        throw error("a number expected");
      }
      try {
        return decimal ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
      } catch (NumberFormatException e) {
        pos = start;
        throw error("the number " + text + " is too large");
      }
    }
  }
}
