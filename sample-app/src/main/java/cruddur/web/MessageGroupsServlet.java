package cruddur.web;

import cruddur.services.CurrentUser;
import cruddur.services.MessageGroups;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * GET /api/message_groups, asynchronous on purpose: the first (REQUEST) dispatch starts async processing and
 * dispatches the request back to this servlet; the ASYNC dispatch writes the response. Must be registered with
 * {@code asyncSupported=true}.
 */
public class MessageGroupsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected List<String> allowedMethods(HttpServletRequest request) {
        return GET;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() == DispatcherType.REQUEST) {
            AsyncContext async = request.startAsync();
            async.dispatch();
            return;
        }
        Json.sendResult(response, MessageGroups.run(CurrentUser.HANDLE));
    }
}
