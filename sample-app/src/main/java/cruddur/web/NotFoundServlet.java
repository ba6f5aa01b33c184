package cruddur.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** The default servlet (mapped at {@code /}): every path no other servlet serves is 404 {@code {"error":"not_found"}}. */
public class NotFoundServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.sendError(response, HttpServletResponse.SC_NOT_FOUND, "not_found");
    }
}
