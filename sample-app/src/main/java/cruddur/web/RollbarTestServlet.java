package cruddur.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Logger;

/**
 * GET /api/rollbar/test. The original called {@code rollbar.report_message('Hello World!', 'warning')}; this app
 * only logs the message at WARNING with java.util.logging and answers it as plain text.
 */
public class RollbarTestServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(RollbarTestServlet.class.getName());

    public static final String MESSAGE = "Hello World!";

    @Override
    protected List<String> allowedMethods(HttpServletRequest request) {
        return GET;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LOGGER.warning(MESSAGE);
        byte[] body = MESSAGE.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
