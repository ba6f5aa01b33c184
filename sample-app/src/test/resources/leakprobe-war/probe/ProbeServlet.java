package probe;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A web app's servlet: logs, fails with its own exception class, and hands work off to an async task. */
@WebServlet(urlPatterns = {"/hello", "/fail", "/async"}, asyncSupported = true)
public class ProbeServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger("probe.ProbeServlet");

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    switch (req.getServletPath()) {
      case "/fail":
        ProbeFailure failure = new ProbeFailure("probe failed on purpose");
        LOG.log(Level.SEVERE, "probe failure", failure);
        throw new ServletException("Request processing failed", failure);
      case "/async":
        AsyncContext async = req.startAsync();
        async.start(() -> {
          LOG.info("probe async task");
          try {
            async.getResponse().getWriter().write("async");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          async.complete();
        });
        return;
      default:
        LOG.info("probe hello");
        resp.getWriter().write("hello");
    }
  }
}
