package dev.quartet.rules;

import java.util.List;

/**
 * Text with {@code {expression}} holes, such as {@code "home-{args[0]}"}; {@code {{} and {@code }}} are literal braces.
 * A hole whose expression fails renders as "" and the failure is reported once (per template and expression).
 */
public interface Template {
  String render(Invocation inv);

  /** The template as written in the rules file. */
  String source();

  /** The expressions in its holes, in order (for {@link Expression#check}). */
  List<Expression> expressions();
}
