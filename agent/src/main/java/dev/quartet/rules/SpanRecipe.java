package dev.quartet.rules;

import java.util.LinkedHashMap;
import java.util.Map;

/** STUB of Seam 2. */
public final class SpanRecipe {
  public Template name;
  public dev.quartet.core.Span.Kind kind = dev.quartet.core.Span.Kind.INTERNAL;
  public boolean span = true, subsegment = false, errorOnThrow = true, startsTrace = false;
  public Map<String, Expression> attributes = new LinkedHashMap<>();
  public Map<String, Expression> annotations = new LinkedHashMap<>();
  public Map<String, Map<String, Expression>> metadata = new LinkedHashMap<>();
  public LogRecipe log;
  public Template name() { return name; }
  public dev.quartet.core.Span.Kind kind() { return kind; }
  public boolean span() { return span; } public boolean subsegment() { return subsegment; }
  public Map<String, Expression> attributes() { return attributes; }
  public Map<String, Expression> annotations() { return annotations; }
  public Map<String, Map<String, Expression>> metadata() { return metadata; }
  public LogRecipe log() { return log; }
  public boolean errorOnThrow() { return errorOnThrow; }
  public boolean startsTrace() { return startsTrace; }
}
