package dev.quartet.rules;

import dev.quartet.core.Span;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a rule records around each call. Immutable; build one with {@link #builder()}. */
public final class SpanRecipe {
  private final Template name;
  private final Template subsegmentName;
  private final Span.Kind kind;
  private final boolean span;
  private final boolean subsegment;
  private final Map<String, Expression> attributes;
  private final Map<String, Expression> annotations;
  private final Map<String, Map<String, Expression>> metadata;
  private final LogRecipe log;
  private final boolean errorOnThrow;
  private final boolean startsTrace;

  private SpanRecipe(Builder b) {
    this.name = b.name;
    this.subsegmentName = b.subsegmentName;
    this.kind = b.kind;
    this.span = b.span;
    this.subsegment = b.subsegment;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
    this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(b.annotations));
    Map<String, Map<String, Expression>> m = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Expression>> e : b.metadata.entrySet()) {
      m.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
    }
    this.metadata = Collections.unmodifiableMap(m);
    this.log = b.log;
    this.errorOnThrow = b.errorOnThrow;
    this.startsTrace = b.startsTrace;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The span's (and subsegment's) name; null: {@code SimpleClassName.method}. */
  public Template name() {
    return name;
  }

  /**
   * The X-Ray subsegment's name when the rule gives it one of its own ({@code subsegment: mock-data}); null: the
   * span's name. Same id either way.
   */
  public Template subsegmentName() {
    return subsegmentName;
  }

  public Span.Kind kind() {
    return kind;
  }

  /** Record an OpenTelemetry span. */
  public boolean span() {
    return span;
  }

  /** Record an X-Ray subsegment (with the span's id when both are recorded). */
  public boolean subsegment() {
    return subsegment;
  }

  /** OTel span attributes. */
  public Map<String, Expression> attributes() {
    return attributes;
  }

  /** X-Ray annotations (indexed, searchable). */
  public Map<String, Expression> annotations() {
    return annotations;
  }

  /** X-Ray metadata: namespace → key → value. */
  public Map<String, Map<String, Expression>> metadata() {
    return metadata;
  }

  /** null: no log event. */
  public LogRecipe log() {
    return log;
  }

  /** An exception thrown out of the method marks the span an error (else it is only recorded). Default true. */
  public boolean errorOnThrow() {
    return errorOnThrow;
  }

  /** Outside any request, the call starts a new trace (else nothing is recorded). Default false. */
  public boolean startsTrace() {
    return startsTrace;
  }

  public static final class Builder {
    private Template name;
    private Template subsegmentName;
    private Span.Kind kind = Span.Kind.INTERNAL;
    private boolean span = true;
    private boolean subsegment = true;
    private final Map<String, Expression> attributes = new LinkedHashMap<>();
    private final Map<String, Expression> annotations = new LinkedHashMap<>();
    private final Map<String, Map<String, Expression>> metadata = new LinkedHashMap<>();
    private LogRecipe log;
    private boolean errorOnThrow = true;
    private boolean startsTrace;

    private Builder() {}

    public Builder name(Template name) {
      this.name = name;
      return this;
    }

    public Builder subsegmentName(Template name) {
      this.subsegmentName = name;
      return this;
    }

    public Builder kind(Span.Kind kind) {
      this.kind = kind;
      return this;
    }

    public Builder span(boolean on) {
      this.span = on;
      return this;
    }

    public Builder subsegment(boolean on) {
      this.subsegment = on;
      return this;
    }

    public Builder attribute(String key, Expression value) {
      attributes.put(key, value);
      return this;
    }

    public Builder annotation(String key, Expression value) {
      annotations.put(key, value);
      return this;
    }

    public Builder metadata(String namespace, String key, Expression value) {
      metadata.computeIfAbsent(namespace, n -> new LinkedHashMap<>()).put(key, value);
      return this;
    }

    public Builder log(LogRecipe log) {
      this.log = log;
      return this;
    }

    public Builder errorOnThrow(boolean on) {
      this.errorOnThrow = on;
      return this;
    }

    public Builder startsTrace(boolean on) {
      this.startsTrace = on;
      return this;
    }

    public SpanRecipe build() {
      return new SpanRecipe(this);
    }
  }
}
