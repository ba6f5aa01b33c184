package cruddur.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CORS for the frontend (the original used flask-cors). Mapped at {@code /*} with {@code asyncSupported=true}.
 * <ul>
 *   <li>{@code Access-Control-Allow-Origin}: {@code *} when no origins are configured, else the request's
 *       {@code Origin} when it is one of them (and nothing when it is not);</li>
 *   <li>allow headers {@code Content-Type, Authorization, traceparent, tracestate} (so browser spans can join the
 *       backend's trace), expose headers {@code location, link};</li>
 *   <li>{@code OPTIONS} (preflight) is answered here with 204 and never reaches a servlet.</li>
 * </ul>
 */
public class CorsFilter implements Filter {

    public static final String ALLOW_HEADERS = "Content-Type, Authorization, traceparent, tracestate";
    public static final String ALLOW_METHODS = "GET, HEAD, POST, OPTIONS";
    public static final String EXPOSE_HEADERS = "location, link";

    private final List<String> allowedOrigins;

    /** @param allowedOrigins the exact origins allowed; empty (or containing {@code *}) allows any origin */
    public CorsFilter(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** The origins of {@code FRONTEND_URL} and {@code BACKEND_URL} (each may be a comma-separated list). */
    public static List<String> allowedOriginsFrom(Map<String, String> env) {
        List<String> origins = new ArrayList<>();
        for (String name : List.of("FRONTEND_URL", "BACKEND_URL")) {
            String value = env.get(name);
            if (value == null) {
                continue;
            }
            Arrays.stream(value.split(","))
                    .map(String::trim)
                    .filter(origin -> !origin.isEmpty())
                    .map(CorsFilter::withoutTrailingSlash)
                    .forEach(origins::add);
        }
        return origins;
    }

    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        String allowOrigin = allowOrigin(request.getHeader("Origin"));
        if (allowOrigin != null) {
            response.setHeader("Access-Control-Allow-Origin", allowOrigin);
            if (!"*".equals(allowOrigin)) {
                response.addHeader("Vary", "Origin");
            }
        }
        response.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
        response.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
        response.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        if ("OPTIONS".equals(request.getMethod())) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The {@code Access-Control-Allow-Origin} value for a request {@code Origin}, or null for none. */
    String allowOrigin(String origin) {
        if (allowedOrigins.isEmpty() || allowedOrigins.contains("*")) {
            return "*";
        }
        if (origin == null) {
            return null;
        }
        String candidate = withoutTrailingSlash(origin.trim());
        return allowedOrigins.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(candidate)) ? origin : null;
    }

    private static String withoutTrailingSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }

    @Override
    public String toString() {
        return "CorsFilter" + Objects.toString(allowedOrigins.isEmpty() ? List.of("*") : allowedOrigins);
    }
}
