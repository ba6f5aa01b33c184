package dev.quartet.backend.xray;

import com.amazonaws.xray.AWSXRayRecorder;
import dev.quartet.core.LibraryLogs;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.logging.impl.Jdk14Logger;
import org.apache.commons.logging.impl.LogFactoryImpl;

/**
 * The X-Ray SDK logs through commons-logging. Inside the agent, commons-logging would pick whatever its discovery
 * finds first — the relocated SLF4J API carried for Rollbar, with no binding: silence, and SLF4J's own warning on
 * stderr. Quartet pins it to java.util.logging (the relocated names only, which no app reads) and routes the SDK's
 * records to its own stderr lines, rate-limited.
 */
final class SdkLogging {
  private SdkLogging() {}

  static void routeToAgentLog() {
    // Both names and values are relocated with commons-logging at build time: dev.quartet.shaded.org.apache…
    if (System.getProperty(LogFactory.FACTORY_PROPERTY) == null) {
      System.setProperty(LogFactory.FACTORY_PROPERTY, LogFactoryImpl.class.getName());
    }
    if (System.getProperty(LogFactoryImpl.LOG_PROPERTY) == null) {
      System.setProperty(LogFactoryImpl.LOG_PROPERTY, Jdk14Logger.class.getName());
    }
    String recorder = AWSXRayRecorder.class.getName(); // …com.amazonaws.xray.AWSXRayRecorder
    LibraryLogs.routeToAgentLog(recorder.substring(0, recorder.indexOf(".xray.")), "xray");
  }
}
