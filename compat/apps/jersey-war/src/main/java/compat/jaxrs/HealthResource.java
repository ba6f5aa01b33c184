package compat.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Readiness probe of the test harness. */
@Path("/health")
public class HealthResource {

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String health() {
    return "ok";
  }
}
