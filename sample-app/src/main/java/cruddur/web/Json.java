package cruddur.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cruddur.services.Result;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** JSON in and out, with the app's own Jackson. */
public final class Json {

    /** What the servlets set; Jetty's servlet layer puts it on the wire as {@code application/json;charset=utf-8}. */
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    /** {@code {"error": code}}. */
    public static byte[] errorBody(String code) {
        return bytes(Map.of("error", code));
    }

    /** Writes {@code body} as the whole JSON response with {@code status}. */
    public static void send(HttpServletResponse response, int status, Object body) throws IOException {
        write(response, status, bytes(body));
    }

    /** Writes {@code {"error": code}} with {@code status}. */
    public static void sendError(HttpServletResponse response, int status, String code) throws IOException {
        write(response, status, errorBody(code));
    }

    /** 422 with the bare array of error codes, or 200 with the data. */
    public static void sendResult(HttpServletResponse response, Result<?> result) throws IOException {
        if (result.hasErrors()) {
            send(response, 422, result.errors());
        } else {
            send(response, 200, result.data());
        }
    }

    private static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The request body, which must be one JSON object. */
    public static ObjectNode readObject(HttpServletRequest request) throws IOException {
        JsonNode node;
        try (InputStream in = request.getInputStream()) {
            node = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not JSON", e);
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new BadRequestException("the body is not a JSON object");
    }

    /**
     * A string field of the body: a missing field or one that is neither a string nor null is a bad request; JSON
     * {@code null} gives {@code null} (left to the service's validation, which reports it as blank).
     */
    public static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            throw new BadRequestException("missing field " + field);
        }
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        throw new BadRequestException("field " + field + " is not a string");
    }
}
