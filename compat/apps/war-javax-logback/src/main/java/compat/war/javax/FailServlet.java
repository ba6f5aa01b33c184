package compat.war.javax;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fails with the app's own exception; the container logs it and shows the web.xml error page. */
public class FailServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(FailServlet.class);

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    LOG.error("about to fail on purpose");
    throw new WarFailure("the war failed on purpose");
  }
}
