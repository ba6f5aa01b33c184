package cruddur.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import cruddur.services.CreateMessage;
import cruddur.services.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/** POST /api/messages with {@code {"message": …, "user_receiver_handle": …}}. */
public class CreateMessageServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected List<String> allowedMethods(HttpServletRequest request) {
        return POST;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode body = Json.readObject(request);
        String message = Json.text(body, "message");
        String receiver = Json.text(body, "user_receiver_handle");
        Json.sendResult(response, CreateMessage.run(message, CurrentUser.HANDLE, receiver));
    }
}
