package compat.war.jakarta;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Logs when the webapp starts and stops (undeploy, reload, Tomcat's shutdown): the stop line must be shipped too. */
@WebListener
public class StopListener implements ServletContextListener {

  private static final Logger LOG = LogManager.getLogger(StopListener.class);

  @Override
  public void contextInitialized(ServletContextEvent sce) {
    LOG.info("compat war started");
  }

  @Override
  public void contextDestroyed(ServletContextEvent sce) {
    LOG.warn("compat war stopping: releasing resources");
  }
}
