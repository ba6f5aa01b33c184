package cruddur.web;

/** A request body that is not a JSON object, or lacks a field: answered with 400 {@code {"error":"bad_request"}}. */
public class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
