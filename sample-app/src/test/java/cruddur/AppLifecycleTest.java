package cruddur;

import cruddur.web.JsonErrorHandler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppLifecycleTest {

    @Test
    void portFromTheEnvironment() {
        assertEquals(4567, App.portFrom(null));
        assertEquals(4567, App.portFrom(""));
        assertEquals(4599, App.portFrom("4599"));
        assertEquals(0, App.portFrom(" 0 "));
        assertThrows(IllegalArgumentException.class, () -> App.portFrom("http"));
        assertThrows(IllegalArgumentException.class, () -> App.portFrom("70000"));
    }

    @Test
    void startsOnAFreePortAndStops() {
        App app = App.start(0);
        int port = app.port();
        assertTrue(port > 0);
        HttpTestClient http = new HttpTestClient(port);
        assertEquals(200, http.get("/api/health-check").statusCode());
        app.stop();
        Throwable failure = assertThrows(RuntimeException.class, () -> http.get("/api/health-check"));
        assertTrue(failure.getCause() instanceof ConnectException, () -> "after stop: " + failure);
    }

    @Test
    void twoAppsOnTwoPorts() {
        App a = App.start(0, List.of());
        App b = App.start(0, List.of());
        try {
            assertNotEquals(a.port(), b.port());
            assertEquals(200, new HttpTestClient(b.port()).get("/api/health-check").statusCode());
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void aPortInUseIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> App.start(taken.getLocalPort()));
            assertTrue(e.getMessage().contains(Integer.toString(taken.getLocalPort())), e.getMessage());
        }
    }

    @Test
    void errorCodes() {
        assertEquals("bad_request", JsonErrorHandler.errorCode(400));
        assertEquals("not_found", JsonErrorHandler.errorCode(404));
        assertEquals("method_not_allowed", JsonErrorHandler.errorCode(405));
        assertEquals("internal_server_error", JsonErrorHandler.errorCode(500));
        assertEquals("request_header_fields_too_large", JsonErrorHandler.errorCode(431));
        assertEquals("service_unavailable", JsonErrorHandler.errorCode(503));
    }
}
