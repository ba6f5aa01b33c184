package dev.quartet.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.core.ServerRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpServerSpansTest {

    private static String name(String method, String route) {
        return HttpServerSpans.spanName(new ServerRequest().method(method).route(route));
    }

    @Test
    void spanNameIsMethodAndRoute() {
        assertEquals("GET /api/activities/@{handle}", name("GET", "/api/activities/@{handle}"));
        assertEquals("POST /", name("POST", "/"));
    }

    @Test
    void spanNameWithoutRouteIsTheMethod() {
        assertEquals("GET", name("GET", null));
        assertEquals("DELETE", name("DELETE", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"})
    void knownMethods(String method) {
        assertTrue(HttpServerSpans.isKnownMethod(method));
        assertEquals(method, name(method, null));
        assertEquals(method + " /x", name(method, "/x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"get", "Get", "PROPFIND", "BREW", "", " GET", "GET ", "QUERY"})
    void unknownMethodsAreNamedHttp(String method) {
        assertFalse(HttpServerSpans.isKnownMethod(method));
        assertEquals("HTTP", name(method, null));
        assertEquals("HTTP /x", name(method, "/x"));
    }

    @Test
    void nullMethodIsNamedHttp() {
        assertEquals("HTTP", name(null, null));
    }
}
