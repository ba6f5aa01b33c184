package cruddur.web;

import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Answers the errors the container produces itself (above all an exception thrown out of a servlet, which is 500)
 * with a small JSON object such as {@code {"error":"internal_server_error"}}, whatever the request's
 * {@code Accept} header, instead of Jetty's HTML page: no stack trace and no exception message leaks out.
 * The servlets write their own 400/404/405/422 responses and never call {@code sendError}.
 *
 * <p>It writes the body directly (no dispatch to an error page), so the request is never dispatched to another
 * servlet. {@link ServerLevel} does the same for errors that happen before a request reaches the servlet context
 * (e.g. an unparseable URI).</p>
 */
public class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        writeJson(response, code, callback);
        ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
        if (servletRequest != null) {
            // as Jetty's own ee10 ErrorHandler does after writing its page
            servletRequest.getServletChannel().sendErrorResponseAndComplete();
        }
    }

    static void writeJson(Response response, int code, Callback callback) {
        // the servlet layer sends "application/json;charset=utf-8" (Jetty normalises the servlets' content type);
        // send the very same value when the header is set on the core response directly
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON_UTF_8.asString());
        response.write(true, ByteBuffer.wrap(Json.errorBody(errorCode(code))), callback);
    }

    /** {@code internal_server_error} for 500, and so on: the reason phrase in snake case. */
    public static String errorCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 500 -> "internal_server_error";
            default -> {
                String reason = HttpStatus.getMessage(status);
                yield reason == null || reason.equals(Integer.toString(status))
                        ? "error_" + status
                        : reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                                .replaceAll("^_|_$", "");
            }
        };
    }

    /** The same JSON bodies for errors handled by the server, outside the servlet context. */
    public static class ServerLevel extends org.eclipse.jetty.server.handler.ErrorHandler {

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                                        Throwable cause, Callback callback) {
            writeJson(response, code, callback);
        }
    }
}
