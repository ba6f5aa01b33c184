package dev.quartet.rules;

import dev.quartet.core.Span;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The YAML rules file (schema in docs/RULES.md). Read with SnakeYAML's composer: only the node tree is built (no
 * object is constructed from the file), so every value keeps its line for the problems, and YAML tags cannot create
 * Java objects. A rule with any problem is skipped as a whole, each of its problems reported on its own line; the
 * other rules load.
 */
final class YamlRules {
  private YamlRules() {}

  static final List<String> RULE_KEYS =
      Arrays.asList(
          "class", "implements", "extends", "methods", "span", "subsegment", "attributes", "annotations",
          "metadata", "log", "error-on-throw", "start-trace");
  static final List<String> SPAN_KEYS = Arrays.asList("name", "kind");
  static final List<String> METHOD_KEYS = Arrays.asList("name", "parameters");
  static final List<String> LOG_KEYS = Arrays.asList("level", "message");
  static final List<String> LOG_LEVELS = Arrays.asList("trace", "debug", "info", "warn", "error");

  private static final Pattern CLASS_PATTERN = Pattern.compile("[\\w$*]+(\\.[\\w$*]+)*");
  private static final Pattern SUPERTYPE_NAME = Pattern.compile("[\\w$]+(\\.[\\w$]+)*");
  private static final Pattern METHOD_PATTERN = Pattern.compile("[\\w$*]+");
  private static final Pattern PARAMETER_TYPE = Pattern.compile("[\\w$]+(\\.[\\w$]+)*(\\[])*");
  /** X-Ray keeps annotation keys of letters, digits and underscores only. */
  private static final Pattern ANNOTATION_KEY = Pattern.compile("[A-Za-z0-9_]+");
  /** Packages a class pattern may not name: the JDK's and Quartet's own. */
  private static final List<String> OFF_LIMITS = Arrays.asList("java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.quartet.");

  static RulesFile.Loaded load(Path file) {
    String name = file.toString();
    List<MethodRule> rules = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Node root;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(20);
      options.setCodePointLimit(1024 * 1024);
      // the composer alone: YAML text → node tree. SnakeYAML's object constructor (and its Yaml facade, emitter and
      // representer) is not even in the agent's jar.
      root = new Composer(new ParserImpl(new StreamReader(in), options), new Resolver(), options).getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.add(new Problem(name, mark == null ? 0 : mark.getLine() + 1, "not valid YAML: " + yamlReason(e)
          + "; no rule is loaded from this file"));
      return new RulesFile.Loaded(rules, problems);
    } catch (IOException | YAMLException e) {
      problems.add(new Problem(name, 0, "cannot be read: " + e.getMessage() + "; no rule is loaded from this file"));
      return new RulesFile.Loaded(rules, problems);
    }
    new Reading(name, rules, problems).file(root);
    return new RulesFile.Loaded(rules, problems);
  }

  private static String yamlReason(MarkedYAMLException e) {
    String p = e.getProblem() != null ? e.getProblem() : e.getMessage();
    return e.getContext() != null ? e.getContext() + ", " + p : p;
  }

  /** One pass over one file. */
  private static final class Reading {
    private final String file;
    private final List<MethodRule> rules;
    private final List<Problem> problems;
    /** The current rule's problems: when any, the rule is skipped. */
    private final List<Problem> ruleProblems = new ArrayList<>();

    Reading(String file, List<MethodRule> rules, List<Problem> problems) {
      this.file = file;
      this.rules = rules;
      this.problems = problems;
    }

    void file(Node root) {
      if (root == null) {
        return; // an empty file: no rules
      }
      Node list = root;
      if (root instanceof MappingNode) {
        list = null;
        for (NodeTuple t : ((MappingNode) root).getValue()) {
          String key = keyOf(t);
          if ("rules".equals(key)) {
            list = t.getValueNode();
          } else {
            problems.add(problem(t.getKeyNode(), "unknown key \"" + key + "\" at the top (accepted: rules)"));
          }
        }
        if (list == null) {
          problems.add(problem(root, "no \"rules:\" list"));
          return;
        }
      }
      if (isNull(list)) {
        return;
      }
      if (!(list instanceof SequenceNode)) {
        problems.add(problem(list, "\"rules\" must be a list of rules (each item starting with \"- class:\")"));
        return;
      }
      for (Node item : ((SequenceNode) list).getValue()) {
        ruleProblems.clear();
        MethodRule rule = rule(item);
        if (ruleProblems.isEmpty() && rule != null) {
          rules.add(rule);
        } else {
          for (Problem p : ruleProblems) {
            problems.add(new Problem(p.file(), p.line(), p.message() + "; the rule at line " + line(item) + " is skipped"));
          }
        }
      }
    }

    private MethodRule rule(Node item) {
      MappingNode map = mapping(item, "a rule");
      if (map == null) {
        return null;
      }
      TypeSelector type = null;
      Node typeNode = null;
      List<MethodSelector> methods = null;
      boolean methodsGiven = false;
      SpanRecipe.Builder recipe = SpanRecipe.builder();
      String origin = file + ":" + line(item);
      boolean span = true;
      boolean subsegment = true;
      for (NodeTuple t : map.getValue()) {
        String key = keyOf(t);
        Node v = t.getValueNode();
        if (key == null || !RULE_KEYS.contains(key)) {
          report(t.getKeyNode(), "unknown key \"" + key + "\" (accepted: " + String.join(", ", RULE_KEYS) + ")");
          continue;
        }
        switch (key) {
          case "class":
          case "implements":
          case "extends":
            if (typeNode != null) {
              report(t.getKeyNode(), "a rule names one of class, implements or extends (already " + keyOf(typeNode) + ")");
              continue;
            }
            typeNode = t.getKeyNode();
            type = typeSelector(key, v);
            break;
          case "methods":
            methodsGiven = true;
            methods = methods(v);
            break;
          case "span":
            span = span(v, recipe);
            break;
          case "subsegment":
            subsegment = subsegment(v, recipe);
            break;
          case "attributes":
            for (Map.Entry<Node, Node> e : entries(v, "attributes (key: value)").entrySet()) {
              Expression x = flatValue(e.getKey(), e.getValue());
              if (x != null) {
                recipe.attribute(text(e.getKey()), x);
              }
            }
            break;
          case "annotations":
            for (Map.Entry<Node, Node> e : entries(v, "annotations (key: value)").entrySet()) {
              String k = text(e.getKey());
              if (!ANNOTATION_KEY.matcher(k).matches()) {
                report(e.getKey(), "annotation key \"" + k + "\": X-Ray accepts letters, digits and _ only");
                continue;
              }
              Expression x = flatValue(e.getKey(), e.getValue());
              if (x != null) {
                recipe.annotation(k, x);
              }
            }
            break;
          case "metadata":
            for (Map.Entry<Node, Node> ns : entries(v, "metadata (namespace: {key: value})").entrySet()) {
              String namespace = text(ns.getKey());
              if (namespace.startsWith("AWS.")) {
                report(ns.getKey(), "metadata namespace \"" + namespace + "\": X-Ray reserves names starting with AWS.");
                continue;
              }
              for (Map.Entry<Node, Node> e :
                  entries(ns.getValue(), "metadata namespace " + namespace + " (key: value)").entrySet()) {
                Expression x = anyValue(e.getValue());
                if (x != null) {
                  recipe.metadata(namespace, text(e.getKey()), x);
                }
              }
            }
            break;
          case "log":
            recipe.log(log(v));
            break;
          case "error-on-throw":
            Boolean eot = bool(v, key);
            if (eot != null) {
              recipe.errorOnThrow(eot);
            }
            break;
          case "start-trace":
            Boolean st = bool(v, key);
            if (st != null) {
              recipe.startsTrace(st);
            }
            break;
          default:
            break;
        }
      }
      if (typeNode == null) {
        report(item, "a rule needs class: (a class name or pattern), implements: or extends:");
      }
      if (!methodsGiven) {
        report(item, "a rule needs methods: (a list of method names)");
      }
      if (!span && !subsegment) {
        report(item, "span: false and subsegment: false record nothing");
      }
      recipe.span(span).subsegment(subsegment);
      if (!ruleProblems.isEmpty() || type == null || methods == null) {
        return null;
      }
      return new MethodRule(origin, type, methods, recipe.build());
    }

    private TypeSelector typeSelector(String key, Node v) {
      String name = scalar(v, key);
      if (name == null) {
        return null;
      }
      name = name.trim();
      if (key.equals("class")) {
        if (!CLASS_PATTERN.matcher(name).matches()) {
          report(v, "class \"" + name + "\": expected a fully qualified class name such as com.example.Service,"
              + " or a pattern such as com.example.*");
          return null;
        }
        int star = name.indexOf('*');
        if (star >= 0 && name.lastIndexOf('.', star) <= 0) {
          report(v, "class \"" + name + "\": a pattern needs a fixed package before its first * (com.example.*),"
              + " so that it cannot instrument every class of the JVM");
          return null;
        }
        for (String off : OFF_LIMITS) {
          if (name.startsWith(off) || (star >= 0 && off.startsWith(name.substring(0, star)))) {
            report(v, "class \"" + name + "\": classes of " + off + "* (the JDK's and Quartet's own) cannot be"
                + " instrumented by a rule; name the app's class, or use implements:/extends: for app classes of a"
                + " JDK interface");
            return null;
          }
        }
        return new TypeSelector(star >= 0 ? TypeSelector.Kind.WILDCARD : TypeSelector.Kind.EXACT, name);
      }
      if (!SUPERTYPE_NAME.matcher(name).matches()) {
        report(v, key + " \"" + name + "\": expected the fully qualified name of an interface or class (no *)");
        return null;
      }
      return new TypeSelector(TypeSelector.Kind.SUBTYPES_OF, name);
    }

    private List<MethodSelector> methods(Node v) {
      List<Node> items;
      if (v instanceof ScalarNode && !isNull(v)) {
        items = List.of(v);
      } else if (v instanceof SequenceNode) {
        items = ((SequenceNode) v).getValue();
      } else {
        report(v, "methods: expected a list of method names, such as [run] or [get*, \"find(java.lang.String)\"]");
        return null;
      }
      if (items.isEmpty()) {
        report(v, "methods: the list is empty; name at least one method (or * for all)");
        return null;
      }
      List<MethodSelector> out = new ArrayList<>();
      for (Node item : items) {
        MethodSelector m = item instanceof MappingNode ? methodMapping((MappingNode) item) : methodText(item);
        if (m != null) {
          out.add(m);
        }
      }
      return out;
    }

    /** {@code run}, {@code get*}, {@code find(java.lang.String, int)}, {@code run()}. */
    private MethodSelector methodText(Node item) {
      String s = scalar(item, "a method");
      if (s == null) {
        return null;
      }
      s = s.trim();
      int open = s.indexOf('(');
      if (open < 0) {
        return methodSelector(item, s, null);
      }
      if (!s.endsWith(")")) {
        report(item, "method \"" + s + "\": expected name(type, type), such as find(java.lang.String, int)");
        return null;
      }
      List<String> types = new ArrayList<>();
      String inside = s.substring(open + 1, s.length() - 1).trim();
      if (!inside.isEmpty()) {
        for (String type : inside.split(",", -1)) {
          types.add(type.trim());
        }
      }
      return methodSelector(item, s.substring(0, open).trim(), types);
    }

    private MethodSelector methodMapping(MappingNode map) {
      String name = null;
      List<String> types = null;
      for (NodeTuple t : map.getValue()) {
        String key = keyOf(t);
        if ("name".equals(key)) {
          name = scalar(t.getValueNode(), "name");
        } else if ("parameters".equals(key)) {
          types = new ArrayList<>();
          if (!(t.getValueNode() instanceof SequenceNode)) {
            report(t.getValueNode(), "parameters: expected a list of fully qualified type names, such as"
                + " [java.lang.String, int] ([] for none)");
            return null;
          }
          for (Node n : ((SequenceNode) t.getValueNode()).getValue()) {
            String type = scalar(n, "a parameter type");
            if (type == null) {
              return null;
            }
            types.add(type.trim());
          }
        } else {
          report(t.getKeyNode(), "unknown key \"" + key + "\" in a method (accepted: " + String.join(", ", METHOD_KEYS) + ")");
          return null;
        }
      }
      if (name == null) {
        report(map, "a method needs name:");
        return null;
      }
      return methodSelector(map, name.trim(), types);
    }

    private MethodSelector methodSelector(Node at, String name, List<String> types) {
      if (!METHOD_PATTERN.matcher(name).matches()) {
        report(at, "method \"" + name + "\": expected a method name, * wildcards allowed (get*)");
        return null;
      }
      if (types != null) {
        for (String type : types) {
          if (!PARAMETER_TYPE.matcher(type).matches()) {
            report(at, "parameter type \"" + type + "\": expected a fully qualified name such as java.lang.String,"
                + " int or byte[]");
            return null;
          }
          if (type.indexOf('.') < 0 && !PRIMITIVES.contains(type.replace("[]", ""))) {
            report(at, "parameter type \"" + type + "\": write the fully qualified name (java.lang." + type
                + "?)");
            return null;
          }
        }
      }
      return new MethodSelector(name, types);
    }

    private static final List<String> PRIMITIVES =
        Arrays.asList("boolean", "byte", "char", "short", "int", "long", "float", "double");

    /** span: true | false | "name template" | {name: …, kind: …}; returns whether a span is recorded. */
    private boolean span(Node v, SpanRecipe.Builder recipe) {
      if (v instanceof ScalarNode) {
        Boolean b = booleanOrNull(v);
        if (b != null) {
          return b;
        }
        Template t = template(v);
        if (t != null) {
          recipe.name(t);
        }
        return true;
      }
      MappingNode map = mapping(v, "span (true, false, a name, or {name: …, kind: …})");
      if (map == null) {
        return true;
      }
      for (NodeTuple t : map.getValue()) {
        String key = keyOf(t);
        if ("name".equals(key)) {
          Template name = template(t.getValueNode());
          if (name != null) {
            recipe.name(name);
          }
        } else if ("kind".equals(key)) {
          String k = scalar(t.getValueNode(), "kind");
          Span.Kind kind = k == null ? null : kind(k);
          if (kind != null) {
            recipe.kind(kind);
          } else if (k != null) {
            report(t.getValueNode(), "span kind \"" + k + "\": accepted values are internal, server, client,"
                + " producer, consumer");
          }
        } else {
          report(t.getKeyNode(), "unknown key \"" + key + "\" in span (accepted: " + String.join(", ", SPAN_KEYS) + ")");
        }
      }
      return true;
    }

    private static Span.Kind kind(String k) {
      try {
        return Span.Kind.valueOf(k.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    /** subsegment: true | false | "name template"; returns whether a subsegment is recorded. */
    private boolean subsegment(Node v, SpanRecipe.Builder recipe) {
      if (!(v instanceof ScalarNode)) {
        report(v, "subsegment: expected true, false or the subsegment's name");
        return true;
      }
      Boolean b = booleanOrNull(v);
      if (b != null) {
        return b;
      }
      Template t = template(v);
      if (t != null) {
        recipe.subsegmentName(t);
      }
      return true;
    }

    private LogRecipe log(Node v) {
      if (v instanceof ScalarNode && !isNull(v)) {
        Template message = template(v);
        return message == null ? null : new LogRecipe("INFO", message);
      }
      MappingNode map = mapping(v, "log ({level: info, message: \"…\"} or just the message)");
      if (map == null) {
        return null;
      }
      String level = "INFO";
      Template message = null;
      boolean messageGiven = false;
      for (NodeTuple t : map.getValue()) {
        String key = keyOf(t);
        if ("level".equals(key)) {
          String l = scalar(t.getValueNode(), "level");
          if (l != null && LOG_LEVELS.contains(l.trim().toLowerCase(Locale.ROOT))) {
            level = l.trim().toUpperCase(Locale.ROOT);
          } else if (l != null) {
            report(t.getValueNode(), "log level \"" + l + "\": accepted values are " + String.join(", ", LOG_LEVELS));
          }
        } else if ("message".equals(key)) {
          messageGiven = true;
          message = template(t.getValueNode());
        } else {
          report(t.getKeyNode(), "unknown key \"" + key + "\" in log (accepted: " + String.join(", ", LOG_KEYS) + ")");
        }
      }
      if (!messageGiven) {
        report(map, "log needs message:");
      }
      if (message == null) {
        return null;
      }
      return new LogRecipe(level, message);
    }

    /** An attribute or annotation value: an expression, or a YAML number/boolean as a constant. */
    private Expression flatValue(Node key, Node v) {
      if (!(v instanceof ScalarNode) || isNull(v)) {
        report(v, "the value of \"" + text(key) + "\" must be one expression (a mapping or list is only allowed in"
            + " metadata)");
        return null;
      }
      return scalarValue((ScalarNode) v);
    }

    /** A metadata value: an expression, a constant, or a mapping of them (a JSON object). */
    private Expression anyValue(Node v) {
      if (v instanceof ScalarNode && !isNull(v)) {
        return scalarValue((ScalarNode) v);
      }
      if (v instanceof MappingNode) {
        Map<String, Expression> fields = new LinkedHashMap<>();
        for (Map.Entry<Node, Node> e : entries(v, "an object").entrySet()) {
          Expression x = anyValue(e.getValue());
          if (x != null) {
            fields.put(text(e.getKey()), x);
          }
        }
        return Expressions.object(fields, "{" + String.join(", ", fields.keySet()) + "}", file + ":" + line(v));
      }
      report(v, "a metadata value must be an expression or a mapping of them");
      return null;
    }

    private Expression scalarValue(ScalarNode v) {
      String origin = file + ":" + line(v);
      Tag tag = v.getTag();
      if (Tag.INT.equals(tag)) {
        try {
          return Expressions.constant(Long.parseLong(v.getValue().replace("_", "")), origin);
        } catch (NumberFormatException e) {
          report(v, "the number " + v.getValue() + " is not a whole number Quartet can hold");
          return null;
        }
      }
      if (Tag.FLOAT.equals(tag)) {
        try {
          return Expressions.constant(Double.parseDouble(v.getValue()), origin);
        } catch (NumberFormatException e) {
          report(v, "the number " + v.getValue() + " cannot be read");
          return null;
        }
      }
      if (Tag.BOOL.equals(tag)) {
        return Expressions.constant(Boolean.parseBoolean(v.getValue().toLowerCase(Locale.ROOT)), origin);
      }
      try {
        return Expressions.parse(v.getValue(), origin);
      } catch (Expressions.ParseException e) {
        report(v, "`" + v.getValue() + "`: " + e.getMessage());
        return null;
      }
    }

    private Template template(Node v) {
      String s = scalar(v, "a name or message");
      if (s == null) {
        return null;
      }
      try {
        return Templates.parse(s, file + ":" + line(v));
      } catch (Expressions.ParseException e) {
        report(v, "\"" + s + "\": " + e.getMessage());
        return null;
      }
    }

    // ---- node helpers ----

    private Map<Node, Node> entries(Node v, String what) {
      Map<Node, Node> out = new LinkedHashMap<>();
      MappingNode map = mapping(v, what);
      if (map != null) {
        for (NodeTuple t : map.getValue()) {
          if (!(t.getKeyNode() instanceof ScalarNode) || text(t.getKeyNode()).isEmpty()) {
            report(t.getKeyNode(), "a key must be plain text");
            continue;
          }
          out.put(t.getKeyNode(), t.getValueNode());
        }
      }
      return out;
    }

    private MappingNode mapping(Node v, String what) {
      if (v instanceof MappingNode) {
        reportDuplicateKeys((MappingNode) v);
        return (MappingNode) v;
      }
      report(v, "expected " + what + " as a mapping (key: value lines)");
      return null;
    }

    /** SnakeYAML's node API keeps both of two equal keys (only its object constructor checks): a likely typo. */
    private void reportDuplicateKeys(MappingNode map) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (NodeTuple t : map.getValue()) {
        String key = keyOf(t);
        if (key != null && !seen.add(key)) {
          report(t.getKeyNode(), "duplicate key \"" + key + "\" (each key once per mapping)");
        }
      }
    }

    private String scalar(Node v, String what) {
      if (v instanceof ScalarNode && !isNull(v)) {
        return ((ScalarNode) v).getValue();
      }
      report(v, "expected " + what + " as one value, found " + describe(v));
      return null;
    }

    private Boolean bool(Node v, String key) {
      Boolean b = booleanOrNull(v);
      if (b == null) {
        report(v, key + ": expected true or false, found " + describe(v));
      }
      return b;
    }

    private static Boolean booleanOrNull(Node v) {
      if (v instanceof ScalarNode && Tag.BOOL.equals(v.getTag())) {
        String s = ((ScalarNode) v).getValue().toLowerCase(Locale.ROOT);
        return s.equals("true") || s.equals("yes") || s.equals("on");
      }
      return null;
    }

    private static String describe(Node v) {
      if (v instanceof MappingNode) {
        return "a mapping";
      }
      if (v instanceof SequenceNode) {
        return "a list";
      }
      return isNull(v) ? "nothing" : "\"" + ((ScalarNode) v).getValue() + "\"";
    }

    private static boolean isNull(Node v) {
      return v == null || Tag.NULL.equals(v.getTag());
    }

    private static String keyOf(NodeTuple t) {
      return t.getKeyNode() instanceof ScalarNode ? ((ScalarNode) t.getKeyNode()).getValue() : null;
    }

    private static String keyOf(Node keyNode) {
      return keyNode instanceof ScalarNode ? ((ScalarNode) keyNode).getValue() : "?";
    }

    private static String text(Node v) {
      return v instanceof ScalarNode ? ((ScalarNode) v).getValue() : "";
    }

    private static int line(Node v) {
      return v == null || v.getStartMark() == null ? 0 : v.getStartMark().getLine() + 1;
    }

    private void report(Node at, String message) {
      ruleProblems.add(new Problem(file, line(at), message));
    }

    private Problem problem(Node at, String message) {
      return new Problem(file, line(at), message);
    }
  }
}
