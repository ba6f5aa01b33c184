package cruddur.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * Base of the API servlets: answers 404 for paths the servlet does not serve, 405 (with {@code Allow}) for other
 * methods, and 400 for bad bodies, all as small JSON objects; everything else goes to {@code doGet}/{@code doPost}.
 * Other exceptions are left to the container (see {@link JsonErrorHandler}).
 */
public abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    protected static final List<String> GET = List.of("GET", "HEAD");
    protected static final List<String> POST = List.of("POST");
    protected static final List<String> NONE = List.of();

    /** The methods this request's path accepts; empty when the servlet has nothing at that path (404). */
    protected abstract List<String> allowedMethods(HttpServletRequest request);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        List<String> allowed = allowedMethods(request);
        if (allowed.isEmpty()) {
            Json.sendError(response, HttpServletResponse.SC_NOT_FOUND, "not_found");
            return;
        }
        if (!allowed.contains(request.getMethod())) {
            response.setHeader("Allow", String.join(", ", allowed));
            Json.sendError(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed");
            return;
        }
        try {
            super.service(request, response);
        } catch (BadRequestException e) {
            if (response.isCommitted()) {
                throw e;
            }
            response.resetBuffer();
            Json.sendError(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request");
        }
    }

    /** The path info without the servlet path, never null. */
    protected static String pathInfo(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? "" : pathInfo;
    }
}
