package compat.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** PetClinic's /oups: a controller that fails with the app's own exception (Spring wraps it in a ServletException). */
@RestController
public class CrashController {

  private static final Logger log = LoggerFactory.getLogger(CrashController.class);

  @GetMapping("/oups")
  public String triggerException() {
    log.error("about to fail on purpose");
    throw new OupsException("Expected: controller used to showcase what happens when an exception is thrown");
  }
}
