package dev.quartet.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class ThrowablesTest {
  /** Stand-ins with the exact class names the containers and frameworks use, defined by a loader of their own. */
  private static Throwable named(String className, String message, Throwable cause) throws Exception {
    Class<?> type = StandInExceptions.define(className);
    return (Throwable) type.getConstructor(String.class, Throwable.class).newInstance(message, cause);
  }

  @Test
  void springsRequestProcessingFailedIsUnwrappedToTheControllersException() throws Exception {
    IllegalStateException app = new IllegalStateException("no owner 42", new IOException("db"));
    Throwable wrapper = named("jakarta.servlet.ServletException", "Request processing failed: " + app, app);
    Throwable found = Throwables.appException(wrapper);
    assertSame(app, found);
    assertTrue(found.getCause() instanceof IOException, "the app's own chain is kept");
  }

  @Test
  void nestedWrappersOfEveryKnownKindAreUnwrapped() throws Exception {
    ArithmeticException app = new ArithmeticException("/ by zero");
    Throwable nested = named("org.springframework.web.util.NestedServletException", "Request processing failed", app);
    Throwable container = named("javax.servlet.ServletException", "Filter execution threw an exception", nested);
    assertSame(app, Throwables.appException(container));
  }

  @Test
  void aWrapperWithoutCauseAndTheAppsOwnSubclassAreKept() throws Exception {
    Throwable bare = named("jakarta.servlet.ServletException", "denied", null);
    assertSame(bare, Throwables.appException(bare));
    RuntimeException notAWrapper = new RuntimeException("outer", new IllegalStateException("inner"));
    assertSame(notAWrapper, Throwables.appException(notAWrapper));
    assertNull(Throwables.appException(null));
  }

  @Test
  void clientAbortsAreRecognisedAnywhereInTheChain() throws Exception {
    Throwable tomcat =
        named("org.apache.catalina.connector.ClientAbortException", null, new IOException("Broken pipe"));
    assertTrue(Throwables.isClientAbort(tomcat));
    Throwable jetty = named("org.eclipse.jetty.io.EofException", "reset", null);
    assertTrue(Throwables.isClientAbort(jetty));
    assertTrue(Throwables.isClientAbort(new SocketException("Connection reset by peer")));
    assertTrue(Throwables.isClientAbort(new IOException("java.io.IOException: Broken pipe")));
    Throwable wrapped = named("jakarta.servlet.ServletException", "x", new RuntimeException(new IOException("Broken pipe")));
    assertTrue(Throwables.isClientAbort(wrapped));
  }

  @Test
  void serverFailuresAreNoClientAborts() {
    assertFalse(Throwables.isClientAbort(new IOException("disk full")));
    assertFalse(Throwables.isClientAbort(new IllegalStateException("Broken pipe"))); // not an I/O failure
    assertFalse(Throwables.isClientAbort(new SocketException("Connection refused")));
    assertFalse(Throwables.isClientAbort(null));
  }

  @Test
  void aCycleOfCausesEndsTheWalks() {
    IOException a = new IOException("a");
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);
    assertFalse(Throwables.isClientAbort(b));
    Throwables.rootCause(b); // returns, whichever it names
  }

  @Test
  void theRequestRecordsTheAppsExceptionAndKeepsAClientAbortApart() throws Exception {
    ServerRequest failing = new ServerRequest();
    IllegalArgumentException app = new IllegalArgumentException("bad id");
    failing.finish(500, named("jakarta.servlet.ServletException", "Request processing failed", app));
    assertSame(app, failing.error());
    assertNull(failing.clientAbort());

    ServerRequest aborted = new ServerRequest();
    Throwable abort = named("org.apache.catalina.connector.ClientAbortException", null, new IOException("Broken pipe"));
    aborted.finish(200, abort);
    assertNull(aborted.error(), "a client hanging up is no server failure");
    assertSame(abort, aborted.clientAbort());
    assertTrue(aborted.statusCode() == 200);
  }
}
