package compat.war.javax;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A path mapping ({@code /items/*}): the route is the mapping, never the requested path. */
public class ItemServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(ItemServlet.class);

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String item = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
    LOG.warn("item {} requested", item);
    resp.setContentType("text/plain");
    resp.getWriter().print("item " + item);
  }
}
