package cruddur.services;

import java.util.List;
import java.util.Objects;

/**
 * What a service returns: its data, or the validation error codes that stopped it (the Python original's
 * {@code model = {'errors': None, 'data': None}}). When there are errors, {@code data} still carries what was
 * submitted, as in the original, but the web layer only sends the error codes.
 */
public record Result<T>(T data, List<String> errors) {

    public Result {
        errors = errors == null ? null : List.copyOf(errors);
    }

    public static <T> Result<T> ok(T data) {
        return new Result<>(data, null);
    }

    public static <T> Result<T> invalid(String errorCode, T submitted) {
        return new Result<>(submitted, List.of(Objects.requireNonNull(errorCode)));
    }

    public boolean hasErrors() {
        return errors != null && !errors.isEmpty();
    }
}
