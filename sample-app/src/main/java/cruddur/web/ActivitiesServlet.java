package cruddur.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import cruddur.services.CreateReply;
import cruddur.services.CurrentUser;
import cruddur.services.ShowActivity;
import cruddur.services.UserActivities;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mapped at {@code /api/activities/*}; dispatches on the path info:
 * <ul>
 *   <li>{@code GET /@{handle}}: the user's activities</li>
 *   <li>{@code GET /{uuid}}: one activity with its replies (404 when unknown)</li>
 *   <li>{@code POST /{uuid}/reply} with {@code {"message": …}}: a reply</li>
 * </ul>
 * Anything else under the prefix is 404.
 */
public class ActivitiesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    private static final Pattern USER = Pattern.compile("/@([^/]*)");
    private static final Pattern REPLY = Pattern.compile("/([^/]+)/reply");
    private static final Pattern SHOW = Pattern.compile("/([^/]+)");

    @Override
    protected List<String> allowedMethods(HttpServletRequest request) {
        String path = pathInfo(request);
        if (USER.matcher(path).matches() || SHOW.matcher(path).matches()) {
            return GET;
        }
        if (REPLY.matcher(path).matches()) {
            return POST;
        }
        return NONE;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = pathInfo(request);
        Matcher user = USER.matcher(path);
        if (user.matches()) {
            Json.sendResult(response, UserActivities.run(user.group(1)));
            return;
        }
        Matcher show = SHOW.matcher(path);
        if (!show.matches()) {
            throw new IllegalStateException("unexpected path " + path);
        }
        Optional<Map<String, Object>> activity = ShowActivity.run(show.group(1));
        if (activity.isPresent()) {
            Json.send(response, 200, activity.get());
        } else {
            Json.sendError(response, HttpServletResponse.SC_NOT_FOUND, "not_found");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher reply = REPLY.matcher(pathInfo(request));
        if (!reply.matches()) {
            throw new IllegalStateException("unexpected path " + pathInfo(request));
        }
        ObjectNode body = Json.readObject(request);
        String message = Json.text(body, "message");
        Json.sendResult(response, CreateReply.run(message, CurrentUser.HANDLE, reply.group(1)));
    }
}
