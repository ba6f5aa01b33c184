package dev.quartet.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpTest {
  @Test
  void statusCodesOfTheContainersStatusLines() throws Exception {
    assertEquals(200, Http.statusCode("HTTP/1.1 200 OK\r"));
    assertEquals(201, Http.statusCode("HTTP/1.1 201 ")); // Tomcat sends no reason phrase
    assertThrows(IOException.class, () -> Http.statusCode(""));
    assertThrows(IOException.class, () -> Http.statusCode("<html>"));
  }

  @Test
  void aPostCarriesItsJsonBodyAndLength() {
    String wire = new String(Http.requestBytes(8080, Http.Request.postJson("/owners", "{\"a\":\"é\"}")),
        StandardCharsets.UTF_8);
    assertEquals("POST /owners HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: quartet-bench\r\nAccept: */*\r\n"
        + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"a\":\"é\"}", wire);
  }

  @Test
  void aGetHasNoBody() {
    String wire = new String(Http.requestBytes(80, Http.Request.get("/x")), StandardCharsets.US_ASCII);
    assertEquals("GET /x HTTP/1.1\r\nHost: 127.0.0.1:80\r\nUser-Agent: quartet-bench\r\nAccept: */*\r\n"
        + "Connection: close\r\n\r\n", wire);
  }
}
