package dev.quartet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainHttpEndpointsTest {
    @ParameterizedTest
    @ValueSource(strings = {"https://api.honeycomb.io/v1/traces", "http://localhost:4318/v1/traces",
        "http://127.0.0.1:4318", "http://[::1]:4318/", "http://otel.localhost/", "not a url", "udp:collector:2000"})
    void secureOrLoopbackEndpointsAreNotWarnedAbout(String url) {
        assertNull(PlainHttpEndpoints.plainRemote(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://collector:4318/v1/traces?api_key=k", "HTTP://user:pw@collector:4318/x"})
    void plainHttpToAnotherHostIsNamedWithoutUserInfoPathOrQuery(String url) {
        assertEquals("http://collector:4318", PlainHttpEndpoints.plainRemote(url));
    }
}
