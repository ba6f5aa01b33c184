package compat.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Owners, addressed by id in the path as PetClinic does; each logs through SLF4J/Logback inside the request. */
@RestController
public class OwnerController {

  private static final Logger log = LoggerFactory.getLogger(OwnerController.class);

  @GetMapping("/owners/{ownerId}")
  public String show(@PathVariable("ownerId") int ownerId) {
    log.info("showing owner {}", ownerId);
    return "owner " + ownerId;
  }

  @PostMapping("/owners/{ownerId}/edit")
  public String edit(@PathVariable("ownerId") int ownerId) {
    log.warn("owner {} edited", ownerId);
    return "saved owner " + ownerId;
  }

  /** A slow request: in flight when SIGTERM comes, Spring's graceful shutdown waits for it. */
  @GetMapping("/slow")
  public String slow(@RequestParam("ms") long ms) throws InterruptedException {
    log.info("slow request started");
    Thread.sleep(ms);
    log.info("slow request done");
    return "done";
  }

  @GetMapping("/health")
  public String health() {
    return "ok";
  }
}
