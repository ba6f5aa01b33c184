package dev.quartet.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Templates: text with {@code {expression}} holes ({@code "home-{args[0]}"}, {@code "user {user.handle} listed"});
 * {@code {{} and {@code }}} write literal braces. Each hole is an {@link Expression}; a hole that fails renders as ""
 * (reported once).
 */
public final class Templates {
  private Templates() {}

  public static Template parse(String source, String origin) throws Expressions.ParseException {
    List<Object> parts = new ArrayList<>(); // String or Expression
    List<Expression> holes = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '{' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
        text.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < source.length() && source.charAt(i + 1) == '}') {
        text.append('}');
        i += 2;
      } else if (c == '}') {
        throw new Expressions.ParseException("a '}' without its '{' (write }} for a literal brace) at column " + (i + 1), i);
      } else if (c == '{') {
        int end = holeEnd(source, i + 1);
        if (end < 0) {
          throw new Expressions.ParseException("a '{' without its '}' (write {{ for a literal brace) at column " + (i + 1), i);
        }
        String inner = source.substring(i + 1, end);
        Expression e;
        try {
          e = Expressions.parse(inner, origin);
        } catch (Expressions.ParseException pe) {
          throw new Expressions.ParseException(
              "in {" + inner + "}: " + pe.getMessage().replaceFirst(" at column \\d+$", ""), i + 1 + pe.column());
        }
        if (text.length() > 0) {
          parts.add(text.toString());
          text.setLength(0);
        }
        parts.add(e);
        holes.add(e);
        i = end + 1;
      } else {
        text.append(c);
        i++;
      }
    }
    if (text.length() > 0) {
      parts.add(text.toString());
    }
    return new Parsed(source, parts, holes);
  }

  /** A template of plain text, no holes (span names from OTEL_INSTRUMENTATION_METHODS_INCLUDE). */
  public static Template constant(String text) {
    return new Parsed(text.replace("{", "{{").replace("}", "}}"), List.of(text), List.of());
  }

  /** Where the hole opened at {@code from} closes, skipping quoted strings; -1 when it does not. */
  private static int holeEnd(String s, int from) {
    char quote = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '}') {
        return i;
      }
    }
    return -1;
  }

  private static final class Parsed implements Template {
    private final String source;
    private final List<Object> parts;
    private final List<Expression> holes;

    Parsed(String source, List<Object> parts, List<Expression> holes) {
      this.source = source;
      this.parts = parts;
      this.holes = Collections.unmodifiableList(holes);
    }

    @Override
    public String render(Invocation inv) {
      if (holes.isEmpty()) {
        return parts.isEmpty() ? "" : (String) parts.get(0);
      }
      StringBuilder out = new StringBuilder();
      for (Object part : parts) {
        out.append(part instanceof String ? (String) part : Values.text(((Expression) part).evaluateOrNull(inv)));
      }
      return Values.truncate(out.toString());
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public List<Expression> expressions() {
      return holes;
    }

    @Override
    public String toString() {
      return source;
    }
  }
}
