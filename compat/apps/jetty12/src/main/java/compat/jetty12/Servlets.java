package compat.jetty12;

import java.io.IOException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The app's servlets: a probe, an exact mapping, a path mapping and one that fails; each logs in its request. */
public final class Servlets {

  private static final Logger LOG = LogManager.getLogger(Servlets.class);

  private Servlets() {}

  static void text(HttpServletResponse resp, String body) throws IOException {
    resp.setContentType("text/plain");
    resp.getWriter().print(body);
  }

  public static final class Health extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      text(resp, "ok");
    }
  }

  public static final class Hello extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      LOG.info("hello from Jetty 12");
      text(resp, "hello");
    }
  }

  public static final class Items extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String item = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
      LOG.warn("item {} requested", item);
      text(resp, "item " + item);
    }
  }

  public static final class Fail extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      LOG.error("about to fail on purpose");
      throw new Jetty12Failure("the app failed on purpose");
    }
  }
}
