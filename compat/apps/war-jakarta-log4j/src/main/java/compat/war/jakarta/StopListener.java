package compat.war.jakarta;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Logs when the webapp starts and stops (undeploy, reload, Tomcat's shutdown); stopping takes a moment, as it does
 * for apps that drain work: the lines logged then must be shipped too.
 */
@WebListener
public class StopListener implements ServletContextListener {

  private static final Logger LOG = LogManager.getLogger(StopListener.class);

  /** How long flushing the app's pending work takes at stop (as apps drain queues or executors). */
  static final long FLUSH_MILLIS = 2000;

  @Override
  public void contextInitialized(ServletContextEvent sce) {
    LOG.info("compat war started");
  }

  @Override
  public void contextDestroyed(ServletContextEvent sce) {
    LOG.warn("compat war stopping: flushing pending work");
    try {
      Thread.sleep(FLUSH_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.warn("compat war stopped: pending work flushed");
  }
}
