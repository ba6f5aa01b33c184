package dev.quartet.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads rules: a YAML rules file (docs/RULES.md), or the OTel agent's {@code otel.instrumentation.methods.include}. */
public final class RulesFile {
  private RulesFile() {}

  /** Parses and validates; never throws for bad content: each problem names the file, the line and what is wrong. */
  public static Loaded load(Path file) {
    return YamlRules.load(file);
  }

  /** {@code my.pkg.MyClass[m1,m2];other.Class[m]} → rules recording a span {@code MyClass.m1}, INTERNAL. */
  public static Loaded fromOtelMethodsInclude(String value) {
    return OtelMethodsInclude.parse(value);
  }

  /** What a source gave: the rules that loaded, and one problem per rule (or part of one) that did not. */
  public static final class Loaded {
    private final List<MethodRule> rules;
    private final List<Problem> problems;

    public Loaded(List<MethodRule> rules, List<Problem> problems) {
      this.rules = Collections.unmodifiableList(new ArrayList<>(rules));
      this.problems = Collections.unmodifiableList(new ArrayList<>(problems));
    }

    public List<MethodRule> rules() {
      return rules;
    }

    public List<Problem> problems() {
      return problems;
    }
  }
}
