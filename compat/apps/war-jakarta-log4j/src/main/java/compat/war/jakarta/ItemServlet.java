package compat.war.jakarta;

import java.io.IOException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** A path mapping ({@code /items/*}): the route is the mapping, never the requested path. */
public class ItemServlet extends HttpServlet {

  private static final Logger LOG = LogManager.getLogger(ItemServlet.class);

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String item = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
    LOG.warn("item {} requested", item);
    resp.setContentType("text/plain");
    resp.getWriter().print("item " + item);
  }
}
