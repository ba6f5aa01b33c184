package compat.war.javax;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An exact servlet mapping that logs at INFO inside the request. */
public class HelloServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(HelloServlet.class);

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    LOG.info("hello from the war");
    resp.setContentType("text/plain");
    resp.getWriter().print("hello");
  }
}
