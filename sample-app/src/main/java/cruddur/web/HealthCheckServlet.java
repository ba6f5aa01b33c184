package cruddur.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** GET /api/health-check. */
public class HealthCheckServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected List<String> allowedMethods(HttpServletRequest request) {
        return GET;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.send(response, 200, Map.of("success", true));
    }
}
