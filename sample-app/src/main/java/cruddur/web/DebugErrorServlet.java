package cruddur.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;

/**
 * GET /api/debug/error: throws an unhandled exception on purpose, so that error capture can be shown and tested.
 * The container answers 500 (see {@link JsonErrorHandler}).
 */
public class DebugErrorServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    public static final String MESSAGE = "debug error route: this exception is thrown on purpose";

    @Override
    protected List<String> allowedMethods(HttpServletRequest request) {
        return GET;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        throw new IllegalStateException(MESSAGE);
    }
}
