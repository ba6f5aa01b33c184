package compat.war.jakarta;

import java.io.IOException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Fails with the app's own exception; the container logs it and shows the web.xml error page. */
public class FailServlet extends HttpServlet {

  private static final Logger LOG = LogManager.getLogger(FailServlet.class);

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    LOG.error("about to fail on purpose");
    throw new WarFailure("the war failed on purpose");
  }
}
