package cruddur.web;

import cruddur.services.CurrentUser;
import cruddur.services.Messages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mapped at {@code /api/messages/*}: {@code GET /@{handle}}, the messages between the current user and handle. */
public class MessagesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    private static final Pattern HANDLE = Pattern.compile("/@([^/]*)");

    @Override
    protected List<String> allowedMethods(HttpServletRequest request) {
        return HANDLE.matcher(pathInfo(request)).matches() ? GET : NONE;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher handle = HANDLE.matcher(pathInfo(request));
        if (!handle.matches()) {
            throw new IllegalStateException("unexpected path " + pathInfo(request));
        }
        Json.sendResult(response, Messages.run(CurrentUser.HANDLE, handle.group(1)));
    }
}
