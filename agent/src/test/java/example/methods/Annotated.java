package example.methods;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;

/** An app class using @WithSpan and @SpanAttribute. */
public class Annotated {
  @WithSpan
  public String plain() {
    return "plain";
  }

  @WithSpan(value = "named-span", kind = WithSpan.SpanKind.CLIENT)
  public String named(@SpanAttribute("user.handle") String handle, @SpanAttribute int count, String ignored) {
    return handle + count + ignored;
  }

  public String notAnnotated() {
    return "no";
  }
}
