package compat.undertow;

import java.io.IOException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.logging.Logger;

/** The app's servlets: a probe, an exact mapping, a path mapping and one that fails; each logs in its request. */
public final class Servlets {

  private static final Logger LOG = Logger.getLogger(Servlets.class.getName());

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
      LOG.info("hello from Undertow");
      text(resp, "hello");
    }
  }

  public static final class Items extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String item = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
      LOG.warning("item " + item + " requested");
      text(resp, "item " + item);
    }
  }

  public static final class Fail extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      LOG.severe("about to fail on purpose");
      throw new UndertowFailure("the app failed on purpose");
    }
  }
}
