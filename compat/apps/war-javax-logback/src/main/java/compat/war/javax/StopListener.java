package compat.war.javax;

import javax.servlet.ServletContextEvent;
import javax.servlet.ServletContextListener;
import javax.servlet.annotation.WebListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs when the webapp starts and stops (undeploy, reload, Tomcat's shutdown): the stop line must be shipped too. */
@WebListener
public class StopListener implements ServletContextListener {

  private static final Logger LOG = LoggerFactory.getLogger(StopListener.class);

  @Override
  public void contextInitialized(ServletContextEvent sce) {
    LOG.info("compat war started");
  }

  @Override
  public void contextDestroyed(ServletContextEvent sce) {
    LOG.warn("compat war stopping: releasing resources");
  }
}
