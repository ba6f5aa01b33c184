package probe;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;

/** Logs when the web app starts and stops, as apps do in contextDestroyed. */
@WebListener
public class ProbeListener implements ServletContextListener {
  private static final Logger LOG = Logger.getLogger("probe.ProbeListener");

  @Override
  public void contextInitialized(ServletContextEvent e) {
    LOG.info("probe context initialized");
  }

  @Override
  public void contextDestroyed(ServletContextEvent e) {
    LOG.info("probe context destroyed");
  }
}
