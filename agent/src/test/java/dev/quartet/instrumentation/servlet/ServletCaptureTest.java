package dev.quartet.instrumentation.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServletCaptureTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "203.0.113.7|10.0.0.1|203.0.113.7",
        "203.0.113.7, 198.51.100.2, 10.0.0.2|10.0.0.1|203.0.113.7",
        "'  203.0.113.7  ,198.51.100.2'|10.0.0.1|203.0.113.7",
        "2001:db8::1, 10.0.0.2|10.0.0.1|2001:db8::1",
        "NULL|10.0.0.1|10.0.0.1",
        "''|10.0.0.1|10.0.0.1",
        "'   '|10.0.0.1|10.0.0.1",
        "', 198.51.100.2'|10.0.0.1|10.0.0.1",
        "','|10.0.0.1|10.0.0.1",
        "NULL|NULL|NULL",
        "203.0.113.7|NULL|203.0.113.7",
    })
    void clientAddressIsTheFirstForwardedForEntryElseThePeer(String forwardedFor, String remote, String expected) {
        assertEquals(expected, ServletCapture.clientAddress(forwardedFor, remote));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1|1.1",
        "HTTP/1.0|1.0",
        "HTTP/2.0|2.0",
        "HTTP/2|2",
        "HTTP/3|3",
        "http/1.1|1.1",
        "Http/1.1|1.1",
        "SPDY/3|SPDY/3",
        "1.1|1.1",
    })
    void protocolVersionDropsTheHttpPrefix(String protocol, String expected) {
        assertEquals(expected, ServletCapture.protocolVersion(protocol));
    }

    @Test
    void protocolVersionOfNothing() {
        assertNull(ServletCapture.protocolVersion(null));
        assertEquals("", ServletCapture.protocolVersion(""));
        assertEquals("", ServletCapture.protocolVersion("HTTP/"));
    }
}
