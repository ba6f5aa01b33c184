package withspanapp;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.util.List;

/**
 * The service of WithSpanIT's app, written for the OpenTelemetry agent: {@code @WithSpan} and {@code @SpanAttribute}
 * (outside dev.quartet, which the agent never instruments).
 */
public class Activities {
  @WithSpan("user-activities")
  public List<String> forUser(@SpanAttribute("app.user") String user, @SpanAttribute("app.limit") int limit) {
    return load(user).subList(0, limit);
  }

  @WithSpan(kind = SpanKind.CLIENT)
  List<String> load(String user) {
    return List.of(user + "-1", user + "-2", user + "-3");
  }
}
