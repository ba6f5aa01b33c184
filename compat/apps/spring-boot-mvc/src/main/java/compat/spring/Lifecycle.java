package compat.spring;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Logs while the app stops (SIGTERM), as apps release their resources: these lines must still be shipped. */
@Component
public class Lifecycle {

  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  @PreDestroy
  public void stopping() {
    log.warn("clinic stopping: releasing resources");
  }
}
