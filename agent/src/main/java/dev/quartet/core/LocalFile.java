package dev.quartet.core;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One local-mode JSON-lines file ({@code traces.jsonl}, {@code segments.jsonl}, {@code logs.jsonl},
 * {@code errors.jsonl}), shared by the four backends' local sinks so that they behave alike:
 *
 * <ul>
 *   <li>the file (and its directory) is created with its first line, so a program that records nothing leaves no
 *       file behind;
 *   <li>a file that cannot be written affects that file only: its lines are dropped and counted, the backend goes on
 *       (the X-Ray daemon still gets its datagrams), and one WARN line names the file and the reason — again only
 *       after the file could be written in between; at close, one more line says how many were not written;
 *   <li>nothing here blames a vendor's service that was never contacted.
 * </ul>
 *
 * <p>Used by each sink's single writer thread; synchronized because close may come from a shutdown thread.
 */
public final class LocalFile {
  private final Path file;
  private final String backend;
  private final String items;
  private OutputStream out;
  private long notWritten;
  private String lastReason;

  /**
   * @param backend the label of the lines ({@code "cloudwatch"})
   * @param items what a line holds, plural ({@code "log events"})
   */
  public LocalFile(Path file, String backend, String items) {
    this.file = file.toAbsolutePath();
    this.backend = backend;
    this.items = items;
  }

  public Path path() {
    return file;
  }

  /** The open stream, creating the file now if needed; null (reported) when it cannot be opened. */
  public synchronized OutputStream stream() {
    if (out == null) {
      try {
        Files.createDirectories(file.getParent());
        out = new FileOutputStream(file.toFile(), true);
      } catch (IOException | RuntimeException e) {
        report(e);
        return null;
      }
    }
    return out;
  }

  /** Appends {@code bytes} and flushes; false (reported, and {@code count} items counted) when it failed. */
  public synchronized boolean write(byte[] bytes, int count) {
    OutputStream stream = stream();
    if (stream == null) {
      notWritten(count);
      return false;
    }
    try {
      stream.write(bytes);
      stream.flush();
      written();
      return true;
    } catch (IOException e) {
      failed(e, count);
      return false;
    }
  }

  /** After a successful write through {@link #stream()}: a later failure is worth a line again. */
  public synchronized void written() {
    AgentLog.resetOnce(onceKey());
  }

  /**
   * A write through {@link #stream()} failed: reported, {@code count} items counted, and the file is opened anew
   * for the next write (the disk may have been freed, the directory made writable).
   */
  public synchronized void failed(Exception e, int count) {
    report(e);
    notWritten(count);
    closeQuietly();
  }

  /** {@code count} items were not written (the stream could not be opened): counted for the closing line. */
  public synchronized void notWritten(int count) {
    notWritten += count;
  }

  /** Closes the file; says how many items were not written, if any. */
  public synchronized void close() {
    closeQuietly();
    if (notWritten > 0) {
      AgentLog.warn(
          backend + ": " + notWritten + " " + items + " not written to " + file
              + (lastReason == null ? "" : " (" + lastReason + ")"));
      notWritten = 0;
    }
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // nothing more can be written to it anyway
      }
      out = null;
    }
  }

  private void report(Exception e) {
    lastReason = reason(e);
    AgentLog.warnOnce(
        onceKey(),
        backend + ": cannot write " + file + ": " + lastReason + "; " + items
            + " are dropped until it can be written (the other destinations are unaffected)",
        null);
  }

  private String onceKey() {
    return "local-file " + file;
  }

  /** The reason in words, and the path it is about when that is not the file itself (a parent directory). */
  static String reason(Exception e) {
    String reason;
    if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof NoSuchFileException) {
      reason = "no such file or directory";
    } else if (e instanceof FileAlreadyExistsException) {
      reason = "not a directory";
    } else if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      reason = ((FileSystemException) e).getReason();
    } else {
      reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    if (e instanceof FileSystemException) {
      String about = ((FileSystemException) e).getFile();
      if (about != null && !reason.contains(about)) {
        reason = reason + ": " + about;
      }
    }
    return reason;
  }
}
