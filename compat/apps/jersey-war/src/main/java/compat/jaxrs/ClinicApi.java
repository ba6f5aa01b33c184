package compat.jaxrs;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The JAX-RS application, deployed by Jersey's servlet container initializer under {@code /api}. */
@ApplicationPath("/api")
public class ClinicApi extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(OwnerResource.class, HealthResource.class);
  }
}
