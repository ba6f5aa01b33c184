package compat.war.jakarta;

import java.io.IOException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** An exact servlet mapping that logs at INFO inside the request. */
public class HelloServlet extends HttpServlet {

  private static final Logger LOG = LogManager.getLogger(HelloServlet.class);

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    LOG.info("hello from the war");
    resp.setContentType("text/plain");
    resp.getWriter().print("hello");
  }
}
