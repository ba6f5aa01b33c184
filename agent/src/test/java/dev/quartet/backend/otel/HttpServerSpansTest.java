package dev.quartet.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.core.ServerRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AWSAccessKeyId=AKIA123&Signature=abc%2Bdef&Expires=1700000000"
            + "|AWSAccessKeyId=REDACTED&Signature=REDACTED&Expires=1700000000",
        "sig=xyz|sig=REDACTED",
        "X-Goog-Signature=0123abcd&X-Goog-Date=20240101T000000Z|X-Goog-Signature=REDACTED&X-Goog-Date=20240101T000000Z",
        "a=1&sig=2&b=3|a=1&sig=REDACTED&b=3",
        "awsaccesskeyid=k&SIGNATURE=s&Sig=t&x-goog-SIGNATURE=u"
            + "|awsaccesskeyid=REDACTED&SIGNATURE=REDACTED&Sig=REDACTED&x-goog-SIGNATURE=REDACTED",
        "sig=|sig=REDACTED",
        "sig=a=b|sig=REDACTED",
        "sig=1&sig=2|sig=REDACTED&sig=REDACTED",
    })
    void sensitiveValuesAreRedacted(String query, String expected) {
        assertEquals(expected, HttpServerSpans.redactQuery(query));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "q=hello&page=2",
        "signature_version=4&sigma=1&signatures=x&xsig=1&mysig=2",
        "Signature",
        "sig&AWSAccessKeyId",
        "a=1&&b=2",
        "a=1&",
        "&a=1",
        "&&a=1",
        "&",
        "",
        "=sig",
        "x=sig%3Dabc",
        "q=caf%C3%A9&z=\u00e9",
    })
    void everythingElseIsUntouched(String query) {
        assertEquals(query, HttpServerSpans.redactQuery(query));
    }

    @Test
    void redactionKeepsEmptyPairsAndOrderAroundSecrets() {
        assertEquals("&sig=REDACTED", HttpServerSpans.redactQuery("&sig=x"));
        assertEquals("&&a=1&&Signature=REDACTED&", HttpServerSpans.redactQuery("&&a=1&&Signature=s&"));
        assertEquals("z=1&y=2&Signature=REDACTED&x=3", HttpServerSpans.redactQuery("z=1&y=2&Signature=s&x=3"));
    }

    @Test
    void secretValueNeverSurvives() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        for (String name : new String[] {"AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature"}) {
            String redacted = HttpServerSpans.redactQuery("a=1&" + name + "=" + secret + "&b=2");
            assertFalse(redacted.contains(secret), redacted);
            assertEquals("a=1&" + name + "=REDACTED&b=2", redacted);
        }
    }
}
