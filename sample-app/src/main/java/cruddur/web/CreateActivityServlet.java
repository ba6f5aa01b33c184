package cruddur.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import cruddur.services.CreateActivity;
import cruddur.services.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/** POST /api/activities with {@code {"message": …, "ttl": …}}. */
public class CreateActivityServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected List<String> allowedMethods(HttpServletRequest request) {
        return POST;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode body = Json.readObject(request);
        String message = Json.text(body, "message");
        String ttl = Json.text(body, "ttl");
        Json.sendResult(response, CreateActivity.run(message, CurrentUser.HANDLE, ttl));
    }
}
