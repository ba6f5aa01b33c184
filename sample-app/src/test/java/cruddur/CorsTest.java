package cruddur;

import cruddur.web.CorsFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS with configured origins (FRONTEND_URL / BACKEND_URL). */
class CorsTest {

    static App app;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        List<String> origins = CorsFilter.allowedOriginsFrom(Map.of(
                "FRONTEND_URL", "https://3000-cruddur.example, http://localhost:3000/",
                "BACKEND_URL", "https://4567-cruddur.example"));
        app = App.start(0, origins);
        http = new HttpTestClient(app.port());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    static HttpResponse<String> getFrom(String origin) {
        return http.send("GET", "/api/activities/home", null, Map.of("Origin", origin));
    }

    @Test
    void anAllowedOriginIsEchoed() {
        for (String origin : List.of("https://3000-cruddur.example", "http://localhost:3000",
                "https://4567-cruddur.example")) {
            HttpResponse<String> r = getFrom(origin);
            assertEquals(200, r.statusCode());
            assertEquals(origin, r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertTrue(r.headers().allValues("Vary").contains("Origin"), () -> r.headers().map().toString());
            assertEquals("location, link", r.headers().firstValue("Access-Control-Expose-Headers").orElse(null));
        }
    }

    @Test
    void anotherOriginGetsNoAllowOrigin() {
        HttpResponse<String> r = getFrom("https://evil.example");
        assertEquals(200, r.statusCode(), "the request itself is still served; the browser enforces CORS");
        assertFalse(r.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        assertFalse(http.get("/api/health-check").headers().firstValue("Access-Control-Allow-Origin").isPresent(),
                "no Origin header, no Access-Control-Allow-Origin");
    }

    @Test
    void preflightFromAnAllowedOrigin() {
        HttpResponse<String> r = http.send("OPTIONS", "/api/activities/" + AppTest.HOME_UUID + "/reply", null, Map.of(
                "Origin", "https://3000-cruddur.example", "Access-Control-Request-Method", "POST"));
        assertEquals(204, r.statusCode());
        assertEquals("https://3000-cruddur.example", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("Content-Type, Authorization, traceparent, tracestate",
                r.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
    }

    @Test
    void originsFromTheEnvironment() {
        assertEquals(List.of(), CorsFilter.allowedOriginsFrom(Map.of()));
        assertEquals(List.of("https://a.example", "https://b.example", "http://c.example"),
                CorsFilter.allowedOriginsFrom(Map.of("FRONTEND_URL", " https://a.example/ ,https://b.example,,",
                        "BACKEND_URL", "http://c.example")));
    }
}
