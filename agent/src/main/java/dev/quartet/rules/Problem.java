package dev.quartet.rules;

/** One thing wrong in a rules source: where (file and line; line 0 when the source has no lines) and what. */
public final class Problem {
  private final String file;
  private final int line;
  private final String message;

  public Problem(String file, int line, String message) {
    this.file = file;
    this.line = line;
    this.message = message;
  }

  /** The file name as the user gave it, or the setting's name ({@code OTEL_INSTRUMENTATION_METHODS_INCLUDE}). */
  public String file() {
    return file;
  }

  /** 1-based; 0 when the source is a one-line setting. */
  public int line() {
    return line;
  }

  public String message() {
    return message;
  }

  /** {@code file:line: message}, the form compilers use, so editors and terminals can jump to it. */
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
