package dev.quartet.backend.xray;

import com.amazonaws.xray.strategy.ContextMissingStrategy;
import dev.quartet.core.AgentLog;
import java.util.Locale;

/**
 * {@code AWS_XRAY_CONTEXT_MISSING} for what happens outside a traced request. Quartet tracks requests itself and never
 * asks the SDK's thread-local context for them, so the SDK's usual flood (an error per call made outside a request)
 * cannot happen; what is left reports once per kind of message: {@code LOG_ERROR} (the default) as a warning,
 * {@code RUNTIME_ERROR} as an error with the stack where the SDK would have thrown — Quartet never throws into the
 * app — and {@code IGNORE_ERROR} not at all.
 */
final class ContextMissing implements ContextMissingStrategy {
  enum Mode {
    LOG_ERROR,
    RUNTIME_ERROR,
    IGNORE_ERROR
  }

  private final Mode mode;

  ContextMissing(Mode mode) {
    this.mode = mode;
  }

  /** The SDK's values, case-insensitive; anything else is reported once and the default LOG_ERROR used. */
  static ContextMissing parse(String value) {
    return parse(value, AgentLog::warn);
  }

  static ContextMissing parse(String value, java.util.function.Consumer<String> problems) {
    if (value == null) {
      return new ContextMissing(Mode.LOG_ERROR);
    }
    try {
      return new ContextMissing(Mode.valueOf(value.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      problems.accept(
          "xray: "
              + AwsXrayVariables.CONTEXT_MISSING
              + " \""
              + value
              + "\" is not LOG_ERROR, RUNTIME_ERROR or IGNORE_ERROR; using LOG_ERROR");
      return new ContextMissing(Mode.LOG_ERROR);
    }
  }

  Mode mode() {
    return mode;
  }

  @Override
  public void contextMissing(String message, Class<? extends RuntimeException> exceptionClass) {
    switch (mode) {
      case IGNORE_ERROR:
        return;
      case RUNTIME_ERROR:
        if (AgentLog.isDebug() || !seen(message)) {
          AgentLog.error("xray: " + message + " (" + exceptionClass.getSimpleName() + " not thrown into the app)",
              new IllegalStateException(message));
        }
        return;
      default:
        AgentLog.warnOnce(
            "xray.context-missing." + message,
            "xray: " + message + " (once; AWS_XRAY_CONTEXT_MISSING=IGNORE_ERROR silences it)",
            null);
    }
  }

  private static final java.util.Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static boolean seen(String message) {
    return !SEEN.add(message);
  }
}
