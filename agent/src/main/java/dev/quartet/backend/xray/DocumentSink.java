package dev.quartet.backend.xray;

import java.io.IOException;

/** Where segment documents go: the daemon over UDP, or the local-mode file. Used by the emitter thread only. */
interface DocumentSink {
  void send(String document) throws IOException;

  /** Called when the emitter has nothing more to send for now. */
  default void flush() throws IOException {}

  void close();

  /** For the startup line. */
  String describe();
}
