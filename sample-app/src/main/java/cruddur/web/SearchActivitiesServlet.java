package cruddur.web;

import cruddur.services.SearchActivities;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/** GET /api/activities/search?term=…. */
public class SearchActivitiesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected List<String> allowedMethods(HttpServletRequest request) {
        return GET;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.sendResult(response, SearchActivities.run(request.getParameter("term")));
    }
}
