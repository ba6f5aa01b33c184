package compat.spring;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A long download, for a client that hangs up half-way: Tomcat's ClientAbortException escapes the controller. */
@RestController
public class StreamController {

  @GetMapping("/stream")
  public void stream(HttpServletResponse response) throws IOException, InterruptedException {
    response.setContentType("application/octet-stream");
    OutputStream out = response.getOutputStream();
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < 1500; i++) { // at most ~30 s: the client leaves long before
      out.write(chunk);
      out.flush();
      Thread.sleep(20);
    }
  }
}
